import type { GuardAdapters } from '../../agent/guards/guard-engine';
import { openPlatformAdapters } from '../../agent/guards/platform-adapters';
import type { X11Connection } from '../../agent/guards/x11/x11-connection';
import { ElectronClipboardAdapter, type ElectronClipboardLike } from './electron-clipboard';
import type { GlobalShortcutLike } from './global-shortcut';
import { ShortcutPrintKeyBlocker } from './print-key-shortcut';

/** One guard adapter the app could not provide, and why (recorded, shown, never faked). */
export interface UnavailableAdapter {
  adapter: 'activeWindow' | 'processes' | 'minimizer';
  reason: string;
}

/** The guards' adapters inside the desktop app. */
export interface DesktopGuardAdapters {
  adapters: GuardAdapters;
  printKey: ShortcutPrintKeyBlocker;
  unavailable: UnavailableAdapter[];
  close(): void;
}

export interface DesktopGuardAdapterDeps {
  platform: NodeJS.Platform;
  clipboard: ElectronClipboardLike;
  shortcuts: GlobalShortcutLike;
  /** The X display on Linux (process.env.DISPLAY). */
  display?: string | undefined;
  /** Opens an X connection (tests hand in a failing one). */
  connectX11?: (display: string) => Promise<X11Connection>;
  /** The agent's platform selector (tests hand in one that opens nothing). */
  openPlatform?: typeof openPlatformAdapters;
}

/**
 * The adapters the desktop app hands the guards engine: Electron's clipboard and globalShortcut
 * (Print Screen) everywhere; the active window, processes and minimizer from the agent's one
 * platform selector (X11 and /proc on Linux, PowerShell/tasklist on Windows, osascript/ps on macOS).
 * What a platform lacks is left out and recorded as unavailable instead of pretending.
 */
export async function openDesktopGuardAdapters(deps: DesktopGuardAdapterDeps): Promise<DesktopGuardAdapters> {
  const clipboard = new ElectronClipboardAdapter(deps.clipboard);
  const printKey = new ShortcutPrintKeyBlocker(deps.shortcuts);
  const adapters: GuardAdapters = { clipboard, printKey };
  const unavailable: UnavailableAdapter[] = [];
  const closers: Array<() => void> = [() => clipboard.close(), () => printKey.close()];
  const missing = (reason: string, ...which: UnavailableAdapter['adapter'][]) => {
    for (const adapter of which) unavailable.push({ adapter, reason });
  };

  const os = await (deps.openPlatform ?? openPlatformAdapters)({
    platform: deps.platform,
    want: ['activeWindow', 'processes', 'minimizer'],
    env: { DISPLAY: deps.display },
    ...(deps.connectX11 ? { connectX11: deps.connectX11 } : {}),
  });
  Object.assign(adapters, os.adapters);
  for (const u of os.unavailable) missing(u.reason, u.adapter as UnavailableAdapter['adapter']);
  closers.push(() => os.close());
  return { adapters, printKey, unavailable, close: () => closers.forEach((close) => close()) };
}
