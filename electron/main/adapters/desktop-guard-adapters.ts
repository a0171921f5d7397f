import type { GuardAdapters } from '../../agent/guards/guard-engine';
import { ProcProcessControl } from '../../agent/guards/linux/proc-processes';
import { X11ActiveWindowSource } from '../../agent/guards/linux/x11-active-window';
import { X11WindowMinimizer } from '../../agent/guards/linux/x11-window-minimizer';
import { X11Connection } from '../../agent/guards/x11/x11-connection';
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
}

/**
 * The adapters the desktop app hands the guards engine: Electron's clipboard and globalShortcut
 * (Print Screen) everywhere; on Linux the agent's own X11 active-window source and minimizer and the
 * /proc process control. Windows and macOS have no active-window, process or minimizer adapter
 * yet: those are left out, so the guards record the controls as unavailable instead of pretending.
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

  switch (deps.platform) {
    case 'linux': {
      adapters.processes = new ProcProcessControl();
      if (!deps.display) {
        missing('no DISPLAY (no X session; Wayland-only sessions do not expose other apps’ windows)', 'activeWindow', 'minimizer');
        break;
      }
      try {
        const x = await (deps.connectX11 ?? ((display: string) => X11Connection.connect(display)))(deps.display);
        adapters.activeWindow = new X11ActiveWindowSource(x);
        adapters.minimizer = new X11WindowMinimizer(x);
        closers.push(() => x.close());
      } catch (error) {
        missing(`the X display ${deps.display} could not be reached: ${(error as Error).message}`, 'activeWindow', 'minimizer');
      }
      break;
    }
    default:
      missing(`no adapter for ${deps.platform} in this version`, 'activeWindow', 'processes', 'minimizer');
  }
  return { adapters, printKey, unavailable, close: () => closers.forEach((close) => close()) };
}
