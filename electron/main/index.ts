// The Electron main process: the only file (with the electron-store adapter) that touches
// Electron at run time; everything it wires is testable without Electron.
import { app, BrowserWindow, clipboard, globalShortcut, ipcMain, Menu, nativeImage, powerMonitor, protocol, safeStorage, session, Tray } from 'electron';
import path from 'node:path';
import { matchLanguage } from '../../shared/i18n/languages';
import type { AppState, TrayStatus } from '../../shared/ipc/app-state';
import { runCommand } from '../agent/os/command-runner';
import { localCheckContext } from '../agent/posture/local-context';
import { toAgentPlatform } from '../agent/posture/check-context';
import { PostureStateStore } from '../agent/posture/posture-state-store';
import type { GuardEngine } from '../agent/guards/guard-engine';
import { hashedMachineId } from '../agent/report/device-identity';
import { identityRuleOrThrow } from '../agent/config/managed-identity';
import { GuardReporter } from '../agent/sync/guard-reporter';
import { SyncEngine } from '../agent/sync/sync-engine';
import { protectAllWindows } from './adapters/content-protection';
import { chooseKeyProtector } from './adapters/safe-storage-protector';
import { openDesktopGuardAdapters } from './adapters/desktop-guard-adapters';
import { ShortcutAdapter } from './adapters/global-shortcut';
import { setLinuxAutostart } from './adapters/linux-autostart';
import { DesktopApp, type AppShell } from './desktop-app';
import { DesktopEngine } from './engine/desktop-engine';
import { DesktopSync } from './engine/desktop-sync';
import { GuardHost } from './guards/guard-host';
import { registerIpcHandlers } from './ipc-handlers';
import { LinkInbox, linksInArgv, SENSITIVE_LINK_SCHEME } from './links/sensitive-links';
import { loadManagedConfig } from './managed/load-managed-config';
import { createElectronKeyValueStore } from './store/electron-key-value-store';
import { trayMenuTemplate } from './tray/tray-menu';
import { trayIconBitmap } from './tray/tray-status';
import { APP_ENTRY, APP_SCHEME, createAppProtocolHandler, isAppUrl } from './window/app-protocol';
import { denyAllPermissions, hardenWebContents } from './window/harden';
import { createMainWindow } from './window/create-main-window';

// Built layout: dist/electron/main/index.js, dist/electron/preload/index.cjs, dist/renderer/.
const PRELOAD = path.join(import.meta.dirname, '..', 'preload', 'index.cjs');
const RENDERER_DIR = path.join(import.meta.dirname, '..', '..', 'renderer');
const MANAGED_RELOAD_MS = 5 * 60_000;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]);

// shiftguard://sensitive/start links, from the first command line, a second start, or macOS 'open-url'.
const links = new LinkInbox();

if (!app.requestSingleInstanceLock()) {
  // Another ShiftGuard runs: it gets this argv (second-instance), acts on any link, and this one leaves.
  app.quit();
} else {
  for (const url of linksInArgv(process.argv)) links.receive(url);
  // macOS delivers links as an event, possibly before 'ready': registered now, handled when the guards run.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    links.receive(url);
  });
  registerLinkScheme();
  void main().catch((error: unknown) => {
    console.error(`shiftguard: the desktop app could not start: ${(error as Error).message}`);
    app.exit(2);
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  const platform = toAgentPlatform(process.platform);
  if (!platform) throw new Error(`ShiftGuard does not support ${process.platform}`);

  protectAllWindows(app);
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, (what, url) => console.warn(`shiftguard: blocked ${what} ${url}`)));

  const store = createElectronKeyValueStore();
  const probe = { platform, run: runCommand };
  const managed = await loadManagedConfig(probe, store);
  for (const problem of managed.problems) console.warn(`shiftguard: managed configuration: ${problem.key}: ${problem.message}`);
  if (!managed.identity.ok) console.error(`shiftguard: ${managed.identity.block.message}`);

  let managedNow = managed;
  const deviceId = hashedMachineId();
  const dataDir = app.getPath('userData');

  // Issue 5's guards on Electron's clipboard and globalShortcut, plus the agent's Linux adapters
  // where they exist; what this platform lacks is left out and recorded as unavailable.
  const guardAdapters = await openDesktopGuardAdapters({ platform: process.platform, clipboard, shortcuts: globalShortcut, display: process.env.DISPLAY });
  for (const u of guardAdapters.unavailable) console.warn(`shiftguard: guard adapter ${u.adapter} not available: ${u.reason}`);
  // Guard actions become batched guard-events reports once the sync engine exists (below);
  // sensitive-mode starts and ends are reported by the desktop engine itself.
  let attachGuardReporter: (engine: GuardEngine) => () => void = () => () => undefined;
  const guards = new GuardHost({
    onEngine: (guardEngine) => attachGuardReporter(guardEngine),
    adapters: guardAdapters.adapters,
    printKeyState: guardAdapters.printKey,
    // setContentProtection is honoured on Windows and macOS only.
    contentProtection: process.platform === 'win32' || process.platform === 'darwin',
    dataDir: path.join(dataDir, 'guards'),
    deviceId,
    shortcut: new ShortcutAdapter(globalShortcut),
  });

  // Issue 9's sync engine: enrollment, verified policies, the signed durable outbox (in <userData>/sync).
  const keys = chooseKeyProtector(safeStorage, process.platform);
  console.log(`shiftguard: ${keys.why}`);
  let engine: DesktopEngine | null = null;
  const syncEngine = new SyncEngine({
    dataDir,
    protector: keys.protector,
    // Read at each enrollment: a broken identity rule throws (enrollment refused, never the machine
    // id as a guess: docs/agent-identity.md), and a rule IT fixed applies at the next reload.
    identity: () => identityRuleOrThrow(managedNow.identity),
    onCheckNow: () => void engine?.runChecks().catch(() => undefined),
    log: (line) => console.log(`shiftguard: ${line}`),
  });
  const guardReporter = new GuardReporter(syncEngine, { sensitiveState: false });
  attachGuardReporter = (guardEngine) => {
    const detach = guardReporter.attach(guardEngine);
    // The engine has stopped (policy swap or quit): pending events go out before the stop notice.
    return () => {
      detach();
      guardReporter.flush();
    };
  };
  const desktopSync = new DesktopSync(
    syncEngine,
    // IT's presets win; SHIFTGUARD_SERVER / SHIFTGUARD_ENROLL_TOKEN stand in for them in development.
    () => ({
      serverUrl: managedNow.values.serverUrl ?? (process.env.SHIFTGUARD_SERVER || undefined),
      enrollmentToken: managedNow.values.enrollmentToken ?? (process.env.SHIFTGUARD_ENROLL_TOKEN || undefined),
      identity: managedNow.identity,
    }),
    (message) => console.log(`shiftguard: ${message}`),
  );

  engine = new DesktopEngine({
    deviceId,
    platform,
    store,
    checkContext: (policy) => localCheckContext(policy),
    sync: desktopSync,
    lifecycle: desktopSync,
    guards,
    // Grace periods judged like `shiftguard check`, their clock kept in the app's data folder.
    postureState: PostureStateStore.inDir(dataDir),
  });
  const agent = engine;

  let window: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let desktop: DesktopApp | null = null;

  const ensureWindow = (): BrowserWindow => {
    if (window && !window.isDestroyed()) return window;
    const created = createMainWindow(BrowserWindow, PRELOAD, !app.isPackaged);
    created.on('close', (event) => {
      // Closing puts the window in the tray; only the quit flow ends the app.
      if (desktop?.isQuitting()) return;
      event.preventDefault();
      created.hide();
    });
    created.on('session-end', () => void desktop?.shutdown('system-shutdown'));
    created.once('ready-to-show', () => created.show());
    void created.loadURL(APP_ENTRY);
    window = created;
    return created;
  };

  const buildTrayMenu = (state: AppState | null) =>
    Menu.buildFromTemplate(
      trayMenuTemplate(state, {
        open: () => shell.showWindow(),
        checkNow: () => void agent.runChecks().catch(() => undefined),
        toggleSensitive: () => agent.sensitiveAction('toggle'),
        endShift: () => {
          // The menu can be a state behind (no shift any more): nothing to end then.
          try {
            desktop?.endShift();
          } catch (error) {
            console.warn(`shiftguard: could not end the shift: ${(error as Error).message}`);
          }
        },
        quit: () => desktop?.requestQuit(),
      }),
    );

  const icons = new Map<TrayStatus, Electron.NativeImage>();
  const iconFor = (status: TrayStatus) => {
    let icon = icons.get(status);
    if (!icon) {
      icon = nativeImage.createFromBitmap(trayIconBitmap(status, 32), { width: 32, height: 32, scaleFactor: 2 });
      icons.set(status, icon);
    }
    return icon;
  };

  const shell: AppShell = {
    showWindow: () => {
      const w = ensureWindow();
      if (w.isMinimized()) w.restore();
      if (w.webContents.isLoading()) w.once('ready-to-show', () => w.show());
      else w.show();
      w.focus();
    },
    hideWindow: () => window?.hide(),
    send: (channel, payload) => {
      if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
    },
    setTray: (status, tooltip) => {
      if (!tray) {
        tray = new Tray(iconFor(status));
        tray.on('click', () => shell.showWindow());
      }
      tray.setImage(iconFor(status));
      tray.setToolTip(tooltip);
      tray.setContextMenu(buildTrayMenu(desktop?.state() ?? null));
    },
    setStartAtLogin: (enabled) => {
      if (process.platform !== 'linux') return app.setLoginItemSettings({ openAtLogin: enabled });
      // Linux has no login-item API in Electron: an XDG autostart entry instead.
      const configHome = process.env.XDG_CONFIG_HOME || path.join(app.getPath('home'), '.config');
      void setLinuxAutostart(enabled, { configHome, exec: process.env.APPIMAGE ?? process.execPath }).catch((error: unknown) =>
        console.warn(`shiftguard: could not update the autostart entry: ${(error as Error).message}`),
      );
    },
    exit: () => app.exit(0),
  };

  desktop = new DesktopApp({ engine, shell, store, managed, systemLanguage: matchLanguage(app.getLocale()) });
  const app_ = desktop;
  registerIpcHandlers(ipcMain, app_.ipc(), isAppUrl);

  app.on('second-instance', (_event, argv) => {
    const received = linksInArgv(argv);
    // A link is an integration talking, not the agent: it must not pop the window up mid-call.
    if (received.length === 0) shell.showWindow();
    for (const url of received) links.receive(url);
  });
  app.on('window-all-closed', () => undefined); // lives on in the tray
  app.on('before-quit', (event) => {
    if (app_.isQuitting()) return;
    event.preventDefault();
    app_.requestQuit();
  });
  powerMonitor.on('shutdown', () => void app_.shutdown('system-shutdown'));

  setInterval(() => {
    void loadManagedConfig(probe, store).then((next) => {
      managedNow = next;
      app_.updateManaged(next);
      desktopSync.presetChanged();
    });
  }, MANAGED_RELOAD_MS).unref();

  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    guardAdapters.close();
  });

  await agent.start();
  links.deliverTo((url) => agent.handleLink(url));
  await app_.openShiftStart();
}

/** Makes ShiftGuard the OS handler of shiftguard:// links (packaged: also declared in electron-builder.yml). */
function registerLinkScheme(): void {
  // Reviewed (Electronegativity PROTOCOL_HANDLER_JS_CHECK): any page or program can open a
  // shiftguard:// link, so a link is untrusted input. Links only reach GuardEngine.handleLink, which
  // parses them strictly (parseSensitiveLink), audits refusals, and lets a link release only the
  // trigger a link started; they never navigate a window, open a file or run anything.
  // Run from source (electron .), the OS must start Electron with the app's path before the link.
  const fromSource = process.defaultApp === true && process.argv[1] !== undefined;
  const args = fromSource ? [path.resolve(process.argv[1]!)] : [];
  const ok = app.setAsDefaultProtocolClient(SENSITIVE_LINK_SCHEME, process.execPath, args); /* eng-disable PROTOCOL_HANDLER_JS_CHECK */
  if (!ok) console.warn(`shiftguard: could not register as the handler of ${SENSITIVE_LINK_SCHEME}:// links`);
}
