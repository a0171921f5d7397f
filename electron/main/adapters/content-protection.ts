/** A window that can be hidden from screen capture (Electron's BrowserWindow). */
export interface ProtectableWindow {
  setContentProtection(enable: boolean): void;
}

/** The part of Electron's app the adapter listens on. */
export interface WindowCreatedSource {
  on(event: 'browser-window-created', listener: (event: unknown, window: ProtectableWindow) => void): unknown;
}

/**
 * Content protection on every window the app ever opens (Windows: WDA_EXCLUDEFROMCAPTURE, macOS:
 * NSWindowSharingNone; Linux has no equivalent, the call is a no-op there). Call before the first
 * window is created; windows created later are covered by the app event.
 */
export function protectAllWindows(app: WindowCreatedSource, existing: readonly ProtectableWindow[] = []): void {
  for (const window of existing) window.setContentProtection(true);
  app.on('browser-window-created', (_event, window) => window.setContentProtection(true));
}
