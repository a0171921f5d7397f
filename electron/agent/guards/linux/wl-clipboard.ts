import type { ClipboardAdapter } from '../adapters';
import { LineProcess, spawnProcess, type SpawnFn } from '../common/line-process';
import { runCommand, type CommandRunner } from '../../os/command-runner';
import { awaitClipboardText, pipeIntoClipboardTool } from './clipboard-tool';

/** Clipboard text bigger than this is not inspected (and not touched). */
const MAX_CLIPBOARD_BYTES = 1024 * 1024;

/**
 * The Wayland clipboard through wl-clipboard (wl-paste / wl-copy), for the headless agent in a
 * Wayland-only session. Changes come from one long-running `wl-paste --watch echo`, which prints a
 * line per copy; compositors without the data-control protocol (GNOME) end that watcher at once, and
 * the adapter then compares the text every `pollMs` instead.
 */
export class WlClipboard implements ClipboardAdapter {
  private readonly env: Record<string, string>;
  private stops: (() => void)[] = [];

  constructor(
    waylandDisplay: string,
    private readonly run: CommandRunner = runCommand,
    private readonly spawn: SpawnFn = spawnProcess,
    private readonly pollMs = 300,
  ) {
    this.env = { WAYLAND_DISPLAY: waylandDisplay };
  }

  async readText(): Promise<string> {
    const out = await this.run('wl-paste', ['--no-newline', '--type', 'text'], { timeoutMs: 2000, maxOutputBytes: MAX_CLIPBOARD_BYTES, env: this.env }).catch(
      (error: unknown) => {
        if ((error as { code?: string }).code === 'output-too-large') return { stdout: '', stderr: '', exitCode: 0 };
        throw error;
      },
    );
    // wl-paste exits non-zero for "Nothing is copied" / "No suitable type of content copied".
    return out.exitCode === 0 ? out.stdout : '';
  }

  async writeText(text: string): Promise<void> {
    if (text === '') {
      const out = await this.run('wl-copy', ['--clear'], { timeoutMs: 2000, env: this.env });
      if (out.exitCode !== 0) throw new Error(`wl-copy --clear exited with ${out.exitCode}: ${out.stderr.trim()}`);
      return;
    }
    await pipeIntoClipboardTool('wl-copy', [], text, this.env, this.spawn);
    await awaitClipboardText(() => this.readText(), text);
  }

  watch(onChange: () => void): () => void {
    let poll: NodeJS.Timeout | null = null;
    const watcher = new LineProcess({
      file: 'wl-paste',
      args: ['--watch', 'echo', 'changed'],
      stream: 'stdout',
      spawn: this.spawn,
      env: this.env,
      onLine: () => onChange(),
      onExit: () => {
        // No data-control protocol (or wl-paste gone): fall back to comparing the text.
        if (!poll) poll = this.poll(onChange);
      },
    });
    watcher.start();
    const stop = () => {
      watcher.stop();
      if (poll) clearInterval(poll);
      poll = null;
    };
    this.stops.push(stop);
    return stop;
  }

  close(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private poll(onChange: () => void): NodeJS.Timeout {
    let last: string | null = null;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      this.readText()
        .then((text) => {
          if (last !== null && text !== last) onChange();
          last = text;
        })
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, this.pollMs);
    timer.unref();
    return timer;
  }
}
