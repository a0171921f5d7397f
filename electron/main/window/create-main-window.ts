import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';

/** Electron's BrowserWindow class, handed in so tests can capture the options without Electron. */
export type BrowserWindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Creates the app's one window. Secure by construction: the page is isolated from the preload
 * (contextIsolation), runs in Chromium's sandbox, has no Node, no <webview>, no remote content;
 * the preload's window.shiftguard is its only way out. Content protection keeps it out of
 * screenshots and screen sharing. Shown only once ready, so it never flashes white.
 */
export function createMainWindow<W extends Pick<ElectronBrowserWindow, 'setContentProtection'>>(
  BrowserWindow: BrowserWindowClass<W>,
  preloadPath: string,
  devTools: boolean,
): W {
  const window = new BrowserWindow({
    width: 760,
    height: 720,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: 'ShiftGuard',
    autoHideMenuBar: true,
    webPreferences: {
      // Reviewed (Electronegativity PRELOAD_JS_CHECK): the sandboxed preload exposes only the
      // IPC contract's named functions through contextBridge, never ipcRenderer or Node.
      preload: preloadPath, /* eng-disable PRELOAD_JS_CHECK */
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  });
  window.setContentProtection(true);
  return window;
}
