import type { Page } from 'playwright';
import type { Language } from '../../shared/i18n/languages';
import { IPC_CONTRACT, IPC_EVENTS } from '../../shared/ipc/contract';
import type { TrayStatus } from '../../shared/ipc/app-state';
import { PolicySchema, type PolicyInput } from '../../shared/policy/schema';
import type { ManagedConfig } from '../../electron/agent/config/managed-config';
import type { CheckContext, PostureCheck } from '../../electron/agent/posture/check-context';
import { localCheckContext } from '../../electron/agent/posture/local-context';
import { DesktopApp, type AppShell } from '../../electron/main/desktop-app';
import { DesktopEngine, type LifecycleNotifier } from '../../electron/main/engine/desktop-engine';
import type { DesktopSync } from '../../electron/main/engine/desktop-sync';
import type { SensitiveGuards } from '../../electron/main/guards/guard-host';
import type { PostureStateStore } from '../../electron/agent/posture/posture-state-store';
import { registerIpcHandlers, type IpcMainLike } from '../../electron/main/ipc-handlers';
import { MemoryStore } from '../../electron/main/store/key-value-store';

type Listener = Parameters<IpcMainLike['handle']>[1];

/** Records what the main process asked of Electron; events go to the page when one is attached. */
export class RecordingShell implements AppShell {
  readonly calls: string[] = [];
  tray: { status: TrayStatus; tooltip: string } | null = null;
  startAtLogin: boolean | null = null;
  page: Page | null = null;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  showWindow() {
    this.calls.push('showWindow');
  }
  hideWindow() {
    this.calls.push('hideWindow');
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
    // Like webContents.send: fire and forget, structured-clone the payload.
    void this.page?.evaluate(([c, p]) => (window as unknown as { __sgEmit?: (c: string, p: unknown) => void }).__sgEmit?.(c, p), [channel, payload] as const).catch(() => undefined);
  }
  setTray(status: TrayStatus, tooltip: string) {
    this.tray = { status, tooltip };
  }
  setStartAtLogin(enabled: boolean) {
    this.startAtLogin = enabled;
  }
  exit() {
    this.calls.push('exit');
  }
}

export interface HarnessOptions {
  policy?: PolicyInput;
  checks?: readonly PostureCheck[];
  checkContext?: (policy: ReturnType<typeof PolicySchema.parse>) => CheckContext;
  managed?: ManagedConfig;
  /** Issue 9's sync in the app (see createDesktopSync in ./desktop-sync); none: nothing is reported. */
  sync?: DesktopSync;
  guards?: SensitiveGuards;
  postureState?: PostureStateStore;
  lifecycle?: LifecycleNotifier;
  systemLanguage?: Language;
  /** DesktopApp's clock (shift start and end times). */
  now?: () => Date;
}

/**
 * The real main-process side of the desktop app (DesktopEngine + DesktopApp + registerIpcHandlers)
 * running in this Node process, with Electron replaced by a RecordingShell and a fake ipcMain.
 */
export function createDesktopHarness(options: HarnessOptions = {}) {
  const store = new MemoryStore();
  if (options.policy) store.set('policy.cache', PolicySchema.parse(options.policy));
  const shell = new RecordingShell();
  const engine = new DesktopEngine({
    deviceId: 'test-device-0001',
    platform: 'linux',
    store,
    checkContext: options.checkContext ?? ((policy) => localCheckContext(policy)),
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.guards ? { guards: options.guards } : {}),
    ...(options.postureState ? { postureState: options.postureState } : {}),
    ...(options.lifecycle ?? options.sync ? { lifecycle: options.lifecycle ?? options.sync! } : {}),
  });
  const app = new DesktopApp({
    engine,
    shell,
    store,
    managed: options.managed ?? { source: null, values: {}, problems: [] },
    systemLanguage: options.systemLanguage ?? 'en',
    ...(options.now ? { now: options.now } : {}),
  });
  const handlers = new Map<string, Listener>();
  let trustedOrigin = 'app://shiftguard';
  registerIpcHandlers({ handle: (channel, listener) => void handlers.set(channel, listener) }, app.ipc(), (url) => url.startsWith(`${trustedOrigin}/`));
  const invoke = (channel: string, arg: unknown, senderUrl: string) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame: { url: senderUrl } }, arg);
  };
  return {
    store,
    shell,
    engine,
    app,
    invoke,
    /**
     * Installs the test bridge in `page`: window.shiftguard built from the contract like the
     * preload, each call forwarded (with the calling frame's real URL) to the handlers above.
     */
    async attach(page: Page, origin: string) {
      trustedOrigin = origin;
      shell.page = page;
      await page.exposeBinding('__sgInvoke', (source, channel: string, arg: unknown) => invoke(channel, arg, source.frame.url()));
      const methods = Object.fromEntries(Object.entries(IPC_CONTRACT).map(([m, e]) => [m, e.channel]));
      const events = Object.fromEntries(Object.entries(IPC_EVENTS).map(([m, e]) => [m, e.channel]));
      await page.addInitScript(
        ({ methods, events }) => {
          const w = window as unknown as Record<string, unknown> & { __sgInvoke: (c: string, a: unknown) => Promise<unknown> };
          const listeners = new Map<string, Set<(p: unknown) => void>>();
          w.__sgEmit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
          const api: Record<string, unknown> = {};
          for (const [method, channel] of Object.entries(methods)) api[method] = (input?: unknown) => w.__sgInvoke(channel, input);
          api.on = (event: string, listener: (p: unknown) => void) => {
            const channel = events[event];
            if (!channel) throw new TypeError('unknown ShiftGuard event');
            const set = listeners.get(channel) ?? new Set();
            set.add(listener);
            listeners.set(channel, set);
            return () => set.delete(listener);
          };
          w.shiftguard = Object.freeze(api);
        },
        { methods, events },
      );
    },
  };
}
