import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { protectAllWindows } from '../../../electron/main/adapters/content-protection';
import { ElectronClipboardAdapter } from '../../../electron/main/adapters/electron-clipboard';
import { ShortcutAdapter } from '../../../electron/main/adapters/global-shortcut';
import { trayIconBitmap, trayStatus } from '../../../electron/main/tray/tray-status';
import { CONTENT_SECURITY_POLICY, createAppProtocolHandler, isAppUrl, resolveAppFile } from '../../../electron/main/window/app-protocol';
import { createMainWindow } from '../../../electron/main/window/create-main-window';
import { denyAllPermissions, hardenWebContents, type SessionLike, type WebContentsLike } from '../../../electron/main/window/harden';
import { ROOT } from '../../helpers/cli';

describe('the main window', () => {
  it('is isolated, sandboxed, without Node, and content-protected', () => {
    const made: Array<{ options: BrowserWindowConstructorOptions; protectedFromCapture: boolean }> = [];
    class FakeWindow {
      entry: (typeof made)[number];
      constructor(options: BrowserWindowConstructorOptions) {
        this.entry = { options, protectedFromCapture: false };
        made.push(this.entry);
      }
      setContentProtection(on: boolean) {
        this.entry.protectedFromCapture = on;
      }
    }
    createMainWindow(FakeWindow, '/app/preload/index.cjs', false);
    const [{ options, protectedFromCapture }] = made as [(typeof made)[number]];
    expect(options.webPreferences).toMatchObject({ preload: '/app/preload/index.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, devTools: false });
    expect(protectedFromCapture).toBe(true);
  });

  it('protects windows created later too', () => {
    let listener: ((e: unknown, w: { setContentProtection(b: boolean): void }) => void) | undefined;
    protectAllWindows({ on: (_e, l) => (listener = l) });
    let on = false;
    listener!({}, { setContentProtection: (b) => (on = b) });
    expect(on).toBe(true);
  });
});

describe('web contents hardening', () => {
  function fakeContents() {
    const handlers = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents: WebContentsLike = { on: (event, l) => handlers.set(event, l), setWindowOpenHandler: (h) => (openHandler = h) };
    const fire = (event: string, url: string) => {
      let prevented = false;
      handlers.get(event)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { contents, fire, open: (url: string) => openHandler!({ url }) };
  }

  it('blocks navigation away from the app, redirects, webviews and window.open', () => {
    const { contents, fire, open } = fakeContents();
    const blocked: string[] = [];
    hardenWebContents(contents, (what) => blocked.push(what));
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://shiftguard/index.html#status')).toBe(false);
    expect(fire('will-redirect', 'app://shiftguard/x')).toBe(true);
    expect(fire('will-attach-webview', '')).toBe(true);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(blocked).toEqual(['navigation', 'redirect', 'webview', 'window.open']);
  });

  it('denies every permission request and check', () => {
    const answers: unknown[] = [];
    const session: SessionLike = {
      setPermissionRequestHandler: (h) => ['media', 'notifications', 'clipboard-read'].forEach((p) => h({}, p, (g) => answers.push(g))),
      setPermissionCheckHandler: (h) => answers.push(h({}, 'media')),
      setDevicePermissionHandler: (h) => answers.push(h({})),
      setDisplayMediaRequestHandler: (h) => h({}, (streams) => answers.push(streams)),
    };
    denyAllPermissions(session);
    expect(answers).toEqual([false, false, false, false, false, {}]);
  });
});

describe('the app:// protocol', () => {
  const root = path.join(ROOT, 'dist', 'renderer');
  it('serves only files inside the renderer folder', () => {
    expect(resolveAppFile('app://shiftguard/', root)).toEqual({ file: path.join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    // The URL parser folds dot segments (also percent-encoded ones) before we see them: still inside.
    for (const url of ['app://shiftguard/../../package.json', 'app://shiftguard/%2e%2e/%2e%2e/package.json']) {
      expect(resolveAppFile(url, root)?.file).toBe(path.join(root, 'package.json'));
    }
    expect(resolveAppFile('app://shiftguard/..%5c..%5cpackage.json', root)).toBeNull();
    expect(resolveAppFile('app://other/index.html', root)).toBeNull();
    expect(resolveAppFile('file:///etc/passwd', root)).toBeNull();
    expect(isAppUrl('app://shiftguard/index.html')).toBe(true);
    expect(isAppUrl('https://shiftguard/index.html')).toBe(false);
  });

  it('answers with the CSP header, which matches the page’s meta tag', async () => {
    const handler = createAppProtocolHandler('/r', async () => Buffer.from('<html></html>'));
    const response = await handler(new Request('app://shiftguard/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler(new Request('app://shiftguard/..%5cx.html'))).status).toBe(404);
    expect((await handler(new Request('app://shiftguard/tool.exe'))).status).toBe(404);
    const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('Electron adapters for the guards engine', () => {
  it('clipboard: reads, writes, and reports changes by polling', async () => {
    let text = 'hello';
    let tick: (() => void) | undefined;
    let cleared = false;
    const adapter = new ElectronClipboardAdapter({ readText: () => text, writeText: (t) => void (text = t) }, 250, { setInterval: (fn) => ((tick = fn), 1), clearInterval: () => void (cleared = true) });
    let changes = 0;
    adapter.watch(() => changes++);
    tick!();
    expect(changes).toBe(0);
    await adapter.writeText('4111 •••• 1111');
    tick!();
    expect(changes).toBe(1);
    expect(await adapter.readText()).toBe('4111 •••• 1111');
    adapter.close();
    expect(cleared).toBe(true);
  });

  it('shortcut: binds one accelerator, replaces it on re-bind, reports a taken or malformed one', () => {
    const registered = new Set<string>();
    const adapter = new ShortcutAdapter({
      register: (a) => {
        if (a === 'Bad++') throw new Error('malformed');
        if (a === 'Taken') return false;
        registered.add(a);
        return true;
      },
      unregister: (a) => void registered.delete(a),
    });
    expect(adapter.bind('CommandOrControl+Shift+F12', () => undefined)).toBe(true);
    expect(adapter.bind('CommandOrControl+Shift+F11', () => undefined)).toBe(true);
    expect([...registered]).toEqual(['CommandOrControl+Shift+F11']);
    expect(adapter.bind('Taken', () => undefined)).toBe(false);
    expect(adapter.bind('Bad++', () => undefined)).toBe(false);
    expect(registered.size).toBe(0);
  });
});

describe('tray', () => {
  it('picks the most urgent status', () => {
    expect(trayStatus({ sensitiveActive: true, online: false, compliant: false })).toBe('sensitive');
    expect(trayStatus({ sensitiveActive: false, online: false, compliant: true })).toBe('offline');
    expect(trayStatus({ sensitiveActive: false, online: null, compliant: null })).toBe('action-needed');
    expect(trayStatus({ sensitiveActive: false, online: true, compliant: true })).toBe('compliant');
  });

  it('draws a distinct BGRA icon per status, offline as a ring', () => {
    const size = 16;
    const centre = (b: Buffer) => b.readUInt32LE(((size / 2) * size + size / 2) * 4);
    const compliant = trayIconBitmap('compliant', size);
    expect(compliant.length).toBe(size * size * 4);
    expect(compliant[3]).toBe(0); // corner transparent
    expect(compliant[((size / 2) * size + size / 2) * 4 + 3]).toBe(255);
    expect(centre(compliant)).not.toBe(centre(trayIconBitmap('sensitive', size)));
    expect(trayIconBitmap('offline', size)[((size / 2) * size + size / 2) * 4 + 3]).toBe(0);
  });
});

describe('Linux start at login', () => {
  it('writes and removes an XDG autostart entry', async () => {
    const { makeTempDir } = await import('../../helpers/temp-dir');
    const { setLinuxAutostart } = await import('../../../electron/main/adapters/linux-autostart');
    const { existsSync, readFileSync: read } = await import('node:fs');
    const dir = makeTempDir();
    const file = await setLinuxAutostart(true, { configHome: dir.dir, exec: '/opt/Shift Guard/shiftguard' });
    expect(read(file, 'utf8')).toContain('Exec="/opt/Shift Guard/shiftguard"');
    await setLinuxAutostart(false, { configHome: dir.dir, exec: 'x' });
    expect(existsSync(file)).toBe(false);
    dir.cleanup();
  });
});
