import { isAppUrl } from './app-protocol';

/** The parts of Electron's WebContents the hardening touches (tests hand in a fake). */
export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** The parts of Electron's Session the hardening touches. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  setDisplayMediaRequestHandler(handler: (request: unknown, callback: (streams: Record<string, never>) => void) => void): void;
}

/**
 * No navigation away from our own page (in-app links change the hash only), no redirects, no
 * new windows, no <webview>. Anything else is refused and `onBlocked` hears about it.
 */
export function hardenWebContents(contents: WebContentsLike, onBlocked: (what: string, url: string) => void = () => undefined): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    onBlocked('navigation', url);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    onBlocked('redirect', url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onBlocked('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked('window.open', url);
    return { action: 'deny' };
  });
}

/** Every permission request (camera, notifications, clipboard-read, HID, screen sharing …) is denied. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // An empty answer refuses the capture request.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}
