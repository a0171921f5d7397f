import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one window's options. Secure by construction: the page is isolated from the preload
 * (contextIsolation), runs in Chromium's sandbox, has no Node, no <webview>, no remote content;
 * the preload is its only way out. Shown only once ready, so it never flashes white.
 */
export function mainWindowOptions(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    width: 760,
    height: 720,
    minWidth: 420,
    minHeight: 480,
    show: false,
    title: 'ShiftGuard',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
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
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  };
}
