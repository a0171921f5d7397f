import type { GuardAdapters } from './guard-engine';
import type { SpawnFn } from './common/line-process';
import { ProcProcessControl } from './linux/proc-processes';
import { WlClipboard } from './linux/wl-clipboard';
import { X11ActiveWindowSource } from './linux/x11-active-window';
import { X11PrintKeyBlocker } from './linux/x11-print-key-blocker';
import { X11WindowMinimizer } from './linux/x11-window-minimizer';
import { XclipClipboard } from './linux/xclip-clipboard';
import { MacActiveWindowSource } from './macos/jxa-active-window';
import { MacWindowMinimizer } from './macos/jxa-window-minimizer';
import { PsProcessControl } from './macos/ps-processes';
import { TasklistProcessControl } from './windows/tasklist-processes';
import { WindowsActiveWindowSource } from './windows/win-active-window';
import { WindowsWindowMinimizer } from './windows/win-window-minimizer';
import { X11Connection } from './x11/x11-connection';
import { runCommand, type CommandRunner } from '../os/command-runner';

/** One of the guards' OS adapters. */
export type AdapterName = keyof GuardAdapters & string;

/** Every adapter, in the order they are reported. */
export const ALL_ADAPTERS: readonly AdapterName[] = ['activeWindow', 'clipboard', 'printKey', 'processes', 'minimizer'];

/** The adapters opened for this machine, what could not be (with why), and how to close them. */
export interface PlatformAdapterSet {
  adapters: GuardAdapters;
  unavailable: { adapter: AdapterName; reason: string }[];
  close(): void;
}

export interface PlatformAdapterOptions {
  platform: NodeJS.Platform;
  /** Which adapters the caller wants (the desktop app brings its own clipboard and Print Screen). */
  want: readonly AdapterName[];
  /** DISPLAY / WAYLAND_DISPLAY (process.env). */
  env?: { DISPLAY?: string | undefined; WAYLAND_DISPLAY?: string | undefined };
  run?: CommandRunner;
  spawn?: SpawnFn;
  connectX11?: (display: string) => Promise<X11Connection>;
  openXclip?: (display: string) => Promise<XclipClipboard>;
}

const NO_X = 'no DISPLAY (no X session; Wayland-only sessions do not expose other apps’ windows)';

/**
 * The one place that picks the guards' OS adapters for a platform, for the headless agent and the
 * desktop app alike. Nothing is faked: what a platform lacks is listed in `unavailable`.
 */
export async function openPlatformAdapters(options: PlatformAdapterOptions): Promise<PlatformAdapterSet> {
  const want = new Set(options.want);
  const adapters: GuardAdapters = {};
  const unavailable: PlatformAdapterSet['unavailable'] = [];
  const closers: (() => void)[] = [];
  const missing = (reason: string, ...which: AdapterName[]) => {
    for (const adapter of which) if (want.has(adapter)) unavailable.push({ adapter, reason });
  };
  const run = options.run ?? runCommand;
  const spawn = options.spawn ? { spawn: options.spawn } : {};

  switch (options.platform) {
    case 'linux': {
      const display = options.env?.DISPLAY;
      const wayland = options.env?.WAYLAND_DISPLAY;
      if (want.has('processes')) adapters.processes = new ProcProcessControl();
      if (!display) {
        missing(NO_X, 'activeWindow', 'printKey', 'minimizer');
        if (want.has('clipboard')) {
          if (wayland) {
            const clipboard = new WlClipboard(wayland, run, options.spawn);
            adapters.clipboard = clipboard;
            closers.push(() => clipboard.close());
          } else missing('no DISPLAY and no WAYLAND_DISPLAY (no graphical session)', 'clipboard');
        }
        break;
      }
      const connect = options.connectX11 ?? ((d: string) => X11Connection.connect(d));
      if (want.has('activeWindow') || want.has('minimizer')) {
        try {
          const windows = await connect(display);
          if (want.has('activeWindow')) adapters.activeWindow = new X11ActiveWindowSource(windows);
          if (want.has('minimizer')) adapters.minimizer = new X11WindowMinimizer(windows);
          closers.push(() => windows.close());
        } catch (error) {
          missing(`the X display ${display} could not be reached: ${(error as Error).message}`, 'activeWindow', 'minimizer');
        }
      }
      if (want.has('printKey')) {
        // Its own connection, so the key grab's events never wait behind window polling.
        try {
          const keys = await connect(display);
          adapters.printKey = new X11PrintKeyBlocker(keys);
          keys.ref(false);
          closers.push(() => keys.close());
        } catch (error) {
          missing(`the X display ${display} could not be reached: ${(error as Error).message}`, 'printKey');
        }
      }
      if (want.has('clipboard')) {
        try {
          const clipboard = await (options.openXclip ?? ((d: string) => XclipClipboard.open(d, run)))(display);
          adapters.clipboard = clipboard;
          closers.push(() => clipboard.close());
        } catch (error) {
          missing((error as Error).message, 'clipboard');
        }
      }
      break;
    }
    case 'win32': {
      if (want.has('activeWindow')) {
        const source = new WindowsActiveWindowSource(spawn);
        adapters.activeWindow = source;
        closers.push(() => source.close());
      }
      if (want.has('processes')) adapters.processes = new TasklistProcessControl(run);
      if (want.has('minimizer')) adapters.minimizer = new WindowsWindowMinimizer(run);
      missing('no headless adapter on Windows in this version (the desktop app brings its own)', 'clipboard', 'printKey');
      break;
    }
    case 'darwin': {
      if (want.has('activeWindow')) {
        const source = new MacActiveWindowSource(spawn);
        adapters.activeWindow = source;
        closers.push(() => source.close());
      }
      if (want.has('processes')) adapters.processes = new PsProcessControl(run);
      if (want.has('minimizer')) adapters.minimizer = new MacWindowMinimizer(run);
      missing('no headless adapter on macOS in this version (the desktop app brings its own)', 'clipboard', 'printKey');
      break;
    }
    default:
      missing(`no adapter for ${options.platform} in this version`, ...ALL_ADAPTERS);
  }
  // Report in one fixed order whatever the branch pushed first.
  unavailable.sort((a, b) => ALL_ADAPTERS.indexOf(a.adapter) - ALL_ADAPTERS.indexOf(b.adapter));
  return { adapters, unavailable, close: () => closers.forEach((close) => close()) };
}
