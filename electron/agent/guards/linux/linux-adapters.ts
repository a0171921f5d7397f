import type { GuardAdapters } from '../guard-engine';
import { X11Connection } from '../x11/x11-connection';
import { ProcProcessControl } from './proc-processes';
import { X11ActiveWindowSource } from './x11-active-window';
import { X11PrintKeyBlocker } from './x11-print-key-blocker';
import { X11WindowMinimizer } from './x11-window-minimizer';
import { XclipClipboard } from './xclip-clipboard';

/** The Linux adapters and what could not be set up (with why), for the headless agent. */
export interface LinuxAdapterSet {
  adapters: GuardAdapters;
  unavailable: { adapter: string; reason: string }[];
  close(): void;
}

/**
 * Opens the Linux adapters for an X display: /proc always; the active window, clipboard, Print
 * Screen block and minimizer only where DISPLAY reaches an X server (not under Wayland-only
 * sessions, where X11 clients cannot see other apps' windows).
 */
export async function openLinuxAdapters(display = process.env.DISPLAY): Promise<LinuxAdapterSet> {
  const adapters: GuardAdapters = { processes: new ProcProcessControl() };
  const unavailable: { adapter: string; reason: string }[] = [];
  const closers: (() => void)[] = [];
  if (!display) {
    for (const adapter of ['activeWindow', 'clipboard', 'printKey', 'minimizer']) unavailable.push({ adapter, reason: 'no DISPLAY (no X session)' });
    return { adapters, unavailable, close: () => undefined };
  }
  try {
    // One connection for polling, one for the key grab's events (kept apart so neither delays the other).
    const windows = await X11Connection.connect(display);
    const keys = await X11Connection.connect(display);
    adapters.activeWindow = new X11ActiveWindowSource(windows);
    adapters.minimizer = new X11WindowMinimizer(windows);
    adapters.printKey = new X11PrintKeyBlocker(keys);
    keys.ref(false);
    closers.push(() => windows.close(), () => keys.close());
  } catch (error) {
    for (const adapter of ['activeWindow', 'printKey', 'minimizer']) unavailable.push({ adapter, reason: (error as Error).message });
  }
  try {
    const clipboard = await XclipClipboard.open(display);
    adapters.clipboard = clipboard;
    closers.push(() => clipboard.close());
  } catch (error) {
    unavailable.push({ adapter: 'clipboard', reason: (error as Error).message });
  }
  return { adapters, unavailable, close: () => closers.forEach((c) => c()) };
}
