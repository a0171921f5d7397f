import type { ClipboardAdapter } from '../adapters';
import { runCommand, type CommandRunner } from '../../os/command-runner';
import { X11Connection } from '../x11/x11-connection';
import { awaitClipboardText, pipeIntoClipboardTool } from './clipboard-tool';

/** Clipboard text bigger than this is not inspected (and not touched). */
const MAX_CLIPBOARD_BYTES = 1024 * 1024;
const SET_SELECTION_OWNER = 1;
const SELECTION_WINDOW_DESTROY = 2;
const SELECTION_CLIENT_CLOSE = 4;

/**
 * The CLIPBOARD selection of an X display through xclip, watched with the XFixes extension: the X
 * server tells us when the selection changes owner (every copy), so nothing runs while the
 * clipboard is untouched, and a copy is seen within milliseconds.
 */
export class XclipClipboard implements ClipboardAdapter {
  private constructor(
    private readonly display: string,
    private readonly watcher: X11Connection,
    private readonly selectionNotify: number,
    private readonly run: CommandRunner,
  ) {}

  /** Connects to the display and subscribes to clipboard owner changes. Fails when XFIXES is missing. */
  static async open(display = process.env.DISPLAY, run: CommandRunner = runCommand): Promise<XclipClipboard> {
    if (!display) throw new Error('no DISPLAY: the X clipboard is not available');
    const x = await X11Connection.connect(display);
    try {
      const fixes = await x.queryExtension('XFIXES');
      if (!fixes) throw new Error(`X display ${display} has no XFIXES extension`);
      const version = Buffer.alloc(8);
      version.writeUInt32LE(5, 0);
      version.writeUInt32LE(0, 4);
      await x.request(fixes.majorOpcode, 0, version, true);
      const select = Buffer.alloc(12);
      select.writeUInt32LE(x.root, 0);
      select.writeUInt32LE(await x.internAtom('CLIPBOARD'), 4);
      select.writeUInt32LE(SET_SELECTION_OWNER | SELECTION_WINDOW_DESTROY | SELECTION_CLIENT_CLOSE, 8);
      await x.request(fixes.majorOpcode, 2, select, false);
      return new XclipClipboard(display, x, fixes.firstEvent, run);
    } catch (error) {
      x.close();
      throw error;
    }
  }

  async readText(): Promise<string> {
    const out = await this.run('xclip', ['-selection', 'clipboard', '-o'], {
      timeoutMs: 2000,
      maxOutputBytes: MAX_CLIPBOARD_BYTES,
      env: { DISPLAY: this.display },
    }).catch((error: unknown) => {
      // An oversized clipboard is left alone; anything else is the caller's problem.
      if ((error as { code?: string }).code === 'output-too-large') return { stdout: '', stderr: '', exitCode: 0 };
      throw error;
    });
    // xclip exits 1 when the clipboard is empty or holds no text.
    return out.exitCode === 0 ? out.stdout : '';
  }

  async writeText(text: string): Promise<void> {
    await pipeIntoClipboardTool('xclip', ['-selection', 'clipboard', '-i'], text, { DISPLAY: this.display });
    await awaitClipboardText(() => this.readText(), text);
  }

  watch(onChange: () => void): () => void {
    const listener = (event: Buffer) => {
      if ((event.readUInt8(0) & 0x7f) === this.selectionNotify) onChange();
    };
    this.watcher.on('event', listener);
    this.watcher.ref(true);
    return () => {
      this.watcher.off('event', listener);
      this.watcher.ref(false);
    };
  }

  close(): void {
    this.watcher.close();
  }
}
