import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exportEvidence } from '../../electron/agent/guards/evidence';
import { openPlatformAdapters } from '../../electron/agent/guards/platform-adapters';
import { openDesktopGuardAdapters, type DesktopGuardAdapters } from '../../electron/main/adapters/desktop-guard-adapters';
import type { ElectronClipboardLike } from '../../electron/main/adapters/electron-clipboard';
import { ShortcutAdapter, type GlobalShortcutLike } from '../../electron/main/adapters/global-shortcut';
import { GuardHost, type GuardHostOptions } from '../../electron/main/guards/guard-host';
import { makeTempDir } from './temp-dir';

/** Electron's clipboard, in memory. */
export class MemoryClipboard implements ElectronClipboardLike {
  text = '';
  readText() {
    return this.text;
  }
  writeText(text: string) {
    this.text = text;
  }
}

/** Electron's globalShortcut: records registrations, lets a test press a key, can refuse keys another app "holds". */
export class RecordingShortcuts implements GlobalShortcutLike {
  readonly registered = new Map<string, () => void>();
  constructor(readonly heldElsewhere = new Set<string>()) {}
  register(accelerator: string, callback: () => void) {
    if (this.heldElsewhere.has(accelerator) || this.registered.has(accelerator)) return false;
    this.registered.set(accelerator, callback);
    return true;
  }
  unregister(accelerator: string) {
    this.registered.delete(accelerator);
  }
  /** Presses a key; false when nothing in the app has it. */
  press(accelerator: string): boolean {
    const callback = this.registered.get(accelerator);
    callback?.();
    return callback !== undefined;
  }
}

/**
 * The desktop app's real guards (GuardHost on a real GuardEngine, the real Electron clipboard and
 * Print Screen adapters) with Electron's modules replaced by the in-memory ones above. The
 * integration API listens on a free loopback port; data goes to a temp folder.
 */
export async function createDesktopGuards(
  options: { platform?: NodeJS.Platform; heldElsewhere?: string[]; contentProtection?: boolean; onEngine?: GuardHostOptions['onEngine'] } = {},
) {
  const temp = makeTempDir('shiftguard-desktop-guards-');
  const clipboard = new MemoryClipboard();
  const shortcuts = new RecordingShortcuts(new Set(options.heldElsewhere ?? []));
  const opened: DesktopGuardAdapters = await openDesktopGuardAdapters({
    platform: options.platform ?? 'win32',
    clipboard,
    shortcuts,
    display: undefined,
    // These tests run on Linux: there is no PowerShell/osascript here, so for win32/darwin the OS adapters are
    // left out (recorded as unavailable) and the guards' behaviour without them is what is tested.
    openPlatform: async (o) =>
      o.platform === 'linux'
        ? openPlatformAdapters(o)
        : { adapters: {}, unavailable: o.want.map((adapter) => ({ adapter, reason: `not opened in tests (${o.platform})` })), close: () => undefined },
  });
  const dataDir = path.join(temp.dir, 'guards');
  const host = new GuardHost({
    adapters: opened.adapters,
    printKeyState: opened.printKey,
    contentProtection: options.contentProtection ?? true,
    dataDir,
    deviceId: 'test-device-0001',
    shortcut: new ShortcutAdapter(shortcuts),
    integrationPort: 0,
    log: () => undefined,
    ...(options.onEngine ? { onEngine: options.onEngine } : {}),
  });
  return {
    host,
    clipboard,
    shortcuts,
    opened,
    dataDir,
    /** The audit log's entry types, in order. */
    async auditTypes(): Promise<string[]> {
      await host.settled();
      const text = await readFile(path.join(dataDir, 'audit.jsonl'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { type: string }).type);
    },
    async evidence() {
      await host.settled();
      return (await exportEvidence(path.join(dataDir, 'evidence'))).sessions;
    },
    async cleanup() {
      await host.stop();
      opened.close();
      temp.cleanup();
    },
  };
}
