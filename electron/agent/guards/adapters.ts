/**
 * The OS-facing interfaces of the guards. The engine is handed one implementation of each at
 * start-up: the Linux ones in ./linux (headless agent, tests), the Electron ones in electron/main.
 * Any adapter may be absent; the guard then records the control as "not enforced" instead.
 */

/** The window in front, as far as the OS tells. */
export interface ActiveWindow {
  title: string;
  /** Executable name without path or ".exe", when the OS exposes the owning process. */
  processName?: string;
  pid?: number;
  /** The page address, only where the OS exposes it (browsers on macOS/Windows through get-windows). */
  url?: string;
  /**
   * Set when the OS refused the window title (macOS without Accessibility permission): `title` is then
   * '' and title rules cannot match; the reason is said, never guessed.
   */
  titleUnavailable?: string;
}

/** Reports the window in front. Called on an interval; must be cheap. */
export interface ActiveWindowSource {
  current(): Promise<ActiveWindow | null>;
  close(): void;
}

/** Clipboard text access. */
export interface ClipboardAdapter {
  /** The clipboard's text, '' when empty or not text. */
  readText(): Promise<string>;
  /** Replaces the clipboard with this text ('' empties it). */
  writeText(text: string): Promise<void>;
  /**
   * Calls `onChange` whenever the clipboard may have changed, and returns how to stop watching.
   * Event-driven where the OS offers it (X11 XFixes); otherwise poll (see pollClipboard).
   */
  watch(onChange: () => void): () => void;
  close(): void;
}

/** Swallows the Print Screen key while sensitive mode is on. */
export interface PrintKeyBlocker {
  /** Starts swallowing; resolves false when the key could not be taken (another client holds it). */
  block(onPressed: () => void): Promise<boolean>;
  unblock(): Promise<void>;
  close(): void;
}

/** One running process. */
export interface ProcessInfo {
  pid: number;
  /** Executable name as the OS reports it (Linux: /proc/PID/comm, truncated to 15 bytes). */
  name: string;
  /** Basename of the executable path or argv[0], when readable (not truncated). */
  exeName?: string;
}

/** Lists processes and acts on them. */
export interface ProcessControl {
  list(): Promise<ProcessInfo[]>;
  /** Ends the process (graceful, then forced); resolves true once it is gone. */
  terminate(pid: number): Promise<boolean>;
}

/** Minimizes every top-level window of a process; resolves with how many windows were minimized. */
export interface WindowMinimizer {
  minimizeProcessWindows(pid: number): Promise<number>;
}
