import { z } from 'zod';
import { LanguageSchema, type Language } from '../../shared/i18n/languages';
import { translate } from '../../shared/i18n/translate';
import { AppStateSchema, type AppState, type SettingKey, type TrayStatus } from '../../shared/ipc/app-state';
import { IPC_EVENTS, type IpcEvent, type IpcEventPayload } from '../../shared/ipc/contract';
import { canStartShift, shiftReadiness } from '../../shared/ipc/shift-readiness';
import { AGENT_VERSION } from '../../shared/version';
import { lockedSettings, type ManagedConfig } from '../agent/config/managed-config';
import type { AgentEngine, AgentStoppedInfo } from './engine/agent-engine';
import type { IpcImplementation } from './ipc-handlers';
import { QuitAttemptLimiter, verifyQuitPin } from './quit/quit-pin';
import type { KeyValueStore } from './store/key-value-store';
import { trayStatus } from './tray/tray-status';

/** The Electron side the controller drives: window, tray, login item, process exit. */
export interface AppShell {
  showWindow(): void;
  hideWindow(): void;
  /** Sends an event to the window's renderer (dropped while there is none). */
  send(channel: string, payload: unknown): void;
  setTray(status: TrayStatus, tooltip: string): void;
  setStartAtLogin(enabled: boolean): void;
  /** Ends the process for real (after the stop notice was sent). */
  exit(): void;
}

/** An IPC method refused for a reason the UI shows; `code` is stable. */
export class DesktopAppError extends Error {
  override readonly name = 'DesktopAppError';
  constructor(
    readonly code: 'setting_locked' | 'unknown_attestation' | 'shift_not_ready' | 'shift_not_started',
    message: string,
  ) {
    super(message);
  }
}

const SETTINGS_KEY = 'settings';
const StoredSettingsSchema = z.object({ language: LanguageSchema.optional(), startAtLogin: z.boolean().optional() });

export interface DesktopAppOptions {
  engine: AgentEngine;
  shell: AppShell;
  store: KeyValueStore;
  managed: ManagedConfig;
  /** The OS language, used until the agent (or IT) picks one. */
  systemLanguage: Language;
  now?: () => Date;
  quitLimiter?: QuitAttemptLimiter;
}

/**
 * The desktop app's behaviour, free of Electron: shift-start flow, settings with managed locks,
 * tray status, the quit flow with the supervisor PIN. index.ts hands it the real shell.
 */
export class DesktopApp {
  private shiftStartedAt: Date | null = null;
  private shiftEndedAt: Date | null = null;
  private confirmed = new Set<string>();
  private managed: ManagedConfig;
  private quitting = false;
  private readonly now: () => Date;
  private readonly limiter: QuitAttemptLimiter;

  constructor(private readonly options: DesktopAppOptions) {
    this.managed = options.managed;
    this.now = options.now ?? (() => new Date());
    this.limiter = options.quitLimiter ?? new QuitAttemptLimiter();
    options.engine.subscribe(() => this.publish());
  }

  /** App ready: the window opens on the shift-start flow and the first round of checks runs. */
  async openShiftStart(): Promise<void> {
    this.options.shell.setStartAtLogin(this.state().settings.startAtLogin);
    this.publish();
    this.options.shell.showWindow();
    await this.runChecks().catch(() => undefined);
  }

  /** Managed configuration was read again (IT changed it): re-apply locks. */
  updateManaged(managed: ManagedConfig): void {
    this.managed = managed;
    this.options.shell.setStartAtLogin(this.state().settings.startAtLogin);
    this.publish();
  }

  /** Tray "Quit": opens the window on the quit dialog. */
  requestQuit(): void {
    this.options.shell.showWindow();
    this.send('quitRequested', { needsPin: this.needsPin() });
  }

  /**
   * Ends the shift (the agent UI's End shift, or the tray). The attestations were for this shift
   * only, so they are withdrawn; the state pushed carries the new shift.endedAt, on which the
   * renderer purges the scratchpad per policy; the window opens on the shift-start screen so the
   * next shift starts from the checks again.
   */
  endShift(): AppState {
    if (!this.shiftStartedAt) throw new DesktopAppError('shift_not_started', 'no shift has been started');
    this.recordShiftEnd();
    const state = this.publish();
    this.options.shell.showWindow();
    return state;
  }

  /** Window closed by the agent: it goes to the tray, it never ends the app. */
  isQuitting(): boolean {
    return this.quitting;
  }

  state(): AppState {
    const { engine } = this.options;
    const policy = engine.policy();
    const reporting = engine.reporting();
    const sensitive = engine.sensitive();
    const lastRun = engine.lastRun();
    return AppStateSchema.parse({
      agentVersion: AGENT_VERSION,
      deviceId: engine.deviceId,
      posture: { running: engine.running(), lastRun },
      shift: { startedAt: this.shiftStartedAt?.toISOString() ?? null, endedAt: this.shiftEndedAt?.toISOString() ?? null, confirmed: [...this.confirmed] },
      policy: {
        name: policy.name,
        version: policy.version,
        blockNonCompliant: policy.shift.blockNonCompliant,
        attestations: policy.shift.attestations,
        scratchpadPurgeOn: policy.scratchpad.purgeOn,
        quitNeedsPin: this.needsPin(),
      },
      reporting,
      enrollment: engine.enrollment(),
      sensitive,
      settings: this.settings(),
      managed: { source: this.managed.source, problems: this.managed.problems },
      // A failing check inside its grace period does not block yet, but the agent has something to do.
      tray: trayStatus({ sensitiveActive: sensitive.active, online: reporting.online, compliant: lastRun ? lastRun.allEnforcedPassed : null }),
    });
  }

  /** The IPC methods; registerIpcHandlers checks sender and schema before any of these runs. */
  ipc(): IpcImplementation {
    return {
      getState: async () => this.state(),
      runChecks: () => this.runChecks(),
      setAttestation: async ({ id, confirmed }) => {
        if (!this.options.engine.policy().shift.attestations.some((a) => a.id === id)) {
          throw new DesktopAppError('unknown_attestation', `no attestation '${id}' in the current policy`);
        }
        if (confirmed) this.confirmed.add(id);
        else this.confirmed.delete(id);
        return this.publish();
      },
      startShift: async () => {
        const readiness = shiftReadiness(this.state());
        if (!canStartShift(readiness)) return { started: false, state: this.state() };
        this.shiftStartedAt = this.now();
        const state = this.publish();
        this.options.shell.hideWindow();
        return { started: true, state };
      },
      endShift: async () => this.endShift(),
      getLastReport: async () => this.options.engine.lastReport(),
      setLanguage: async ({ language }) => this.saveSetting('language', language),
      setStartAtLogin: async ({ enabled }) => {
        const state = this.saveSetting('startAtLogin', enabled);
        this.options.shell.setStartAtLogin(state.settings.startAtLogin);
        return state;
      },
      enroll: async (input) => {
        await this.options.engine.enroll(input);
        return this.publish();
      },
      quit: async ({ pin }) => this.quit(pin),
      recordScratchpadMasking: async ({ maskedDigits }) => {
        this.options.engine.recordScratchpadMasking(maskedDigits);
        return null;
      },
      hideWindow: async () => {
        this.options.shell.hideWindow();
        return null;
      },
    };
  }

  private async quit(pin: string | undefined): Promise<{ outcome: 'quitting' | 'pin-required' | 'wrong-pin' | 'too-many-attempts' }> {
    const hash = this.options.engine.policy().agent.quitPinHash;
    let reason: AgentStoppedInfo['reason'] = 'quit-by-agent';
    if (hash) {
      if (pin === undefined) return { outcome: 'pin-required' };
      if (this.limiter.blocked()) return { outcome: 'too-many-attempts' };
      if (!(await verifyQuitPin(pin, hash))) {
        this.limiter.recordFailure();
        return { outcome: this.limiter.blocked() ? 'too-many-attempts' : 'wrong-pin' };
      }
      this.limiter.reset();
      reason = 'quit-with-supervisor-pin';
    }
    void this.shutdown(reason);
    return { outcome: 'quitting' };
  }

  /** Tells the server the agent stopped (bounded), then exits. Also used on OS shutdown. */
  async shutdown(reason: AgentStoppedInfo['reason']): Promise<void> {
    if (this.quitting) return;
    this.quitting = true;
    // Quitting ends the shift too. The pad lives only in renderer memory, so the process exit
    // empties it anyway; the state push lets the renderer purge it at once rather than relying on
    // the exit alone (which waits for the bounded stop notice below).
    if (this.shiftStartedAt) {
      this.recordShiftEnd();
      this.publish();
    }
    await this.options.engine.stop({ reason, at: this.now() });
    this.options.shell.exit();
  }

  private recordShiftEnd(): void {
    this.shiftEndedAt = this.now();
    this.shiftStartedAt = null;
    this.confirmed.clear();
  }

  private needsPin(): boolean {
    return this.options.engine.policy().agent.quitPinHash !== undefined;
  }

  private async runChecks() {
    return this.options.engine.runChecks((event) => this.send('checkProgress', event));
  }

  private storedSettings(): z.infer<typeof StoredSettingsSchema> {
    const parsed = StoredSettingsSchema.safeParse(this.options.store.get(SETTINGS_KEY) ?? {});
    return parsed.success ? parsed.data : {};
  }

  /** Effective settings: managed values win, then policy (start at login), then the agent's choice. */
  private settings(): AppState['settings'] {
    const stored = this.storedSettings();
    const values = this.managed.values;
    const policyForcesLogin = this.options.engine.policy().agent.startAtLogin;
    const locked = new Set<SettingKey>(lockedSettings(values));
    if (policyForcesLogin) locked.add('startAtLogin');
    return {
      language: values.language ?? stored.language ?? this.options.systemLanguage,
      startAtLogin: values.startAtLogin ?? (policyForcesLogin || (stored.startAtLogin ?? false)),
      locked: [...locked],
    };
  }

  private saveSetting<K extends SettingKey>(key: K, value: NonNullable<z.infer<typeof StoredSettingsSchema>[K]>): AppState {
    if (this.settings().locked.includes(key)) throw new DesktopAppError('setting_locked', `${key} is set by IT and cannot be changed here`);
    this.options.store.set(SETTINGS_KEY, { ...this.storedSettings(), [key]: value });
    return this.publish();
  }

  private send<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void {
    const entry = IPC_EVENTS[event];
    this.options.shell.send(entry.channel, entry.payload.parse(payload));
  }

  private publish(): AppState {
    const state = this.state();
    this.options.shell.setTray(state.tray, translate(state.settings.language, `tray.${state.tray}`));
    this.send('stateChanged', state);
    return state;
  }
}
