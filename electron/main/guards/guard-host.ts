import type { Policy } from '../../../shared/policy/schema';
import type { Clock } from '../../agent/guards/clock';
import { GuardEngine, type GuardAdapters } from '../../agent/guards/guard-engine';
import type { EndReason, Trigger, TriggerKind } from '../../agent/guards/sensitive-mode';
import type { EnforcedControls, SensitiveModeSource, SensitiveSnapshot } from '../engine/sensitive-view';

/**
 * A sensitive session started or ended, for the server (issue 9's sensitive-state report). A policy
 * change that carries a session over to the restarted guards is not a change.
 */
export type SessionChange = { active: true; cause: TriggerKind; ruleId?: string } | { active: false; reason: EndReason };

/** Sensitive mode and the guards, as the desktop engine drives them. */
export interface SensitiveGuards extends SensitiveModeSource {
  /** Calls `listener` when a session starts or ends. */
  onSession(listener: (change: SessionChange) => void): () => void;
  /** Starts the guards on this policy, or restarts them on a changed one. */
  applyPolicy(policy: Policy): Promise<void>;
  /** The global shortcut and the tray action. */
  manual(action: 'start' | 'end' | 'toggle'): void;
  /** A shiftguard:// link the app was opened with (validated and audited by the guards). */
  handleLink(url: string): void;
  /** The scratchpad's masking count (never text). */
  recordScratchpadMasking(maskedDigits: number): void;
  /** Ends any session (recorded as stopped) and stops every guard. */
  stop(): Promise<void>;
}

/** One accelerator at a time (ShortcutAdapter). */
export interface ShortcutBinder {
  bind(accelerator: string, onPressed: () => void): boolean;
  unbind(): void;
}

export interface GuardHostOptions {
  adapters: GuardAdapters;
  /** Whether the Print Screen key is really taken right now, and when that changes. */
  printKeyState?: { blocking(): boolean; onChange(listener: () => void): () => void };
  /** True where the OS honours content protection on the app's windows. */
  contentProtection: boolean;
  /** The guards' data folder: audit log, evidence, quarantine, integration token. */
  dataDir: string;
  deviceId: string;
  /** Binds the policy's sensitive-mode shortcut. */
  shortcut?: ShortcutBinder;
  clock?: Clock;
  integrationPort?: number;
  windowPollMs?: number;
  log?: (message: string) => void;
  /**
   * Called with each guard engine the host starts (one per policy); returns how to let go of it,
   * called once that engine has stopped. The app attaches its guard-events reporter here.
   */
  onEngine?: (engine: GuardEngine) => () => void;
}

/**
 * Runs issue 5's GuardEngine inside the app. A GuardEngine is built for one policy, so a new
 * policy stops it and starts a fresh one on the same adapters; a session running at that moment
 * continues under the new policy (it is recorded as two sessions: the old one "stopped", a new one
 * started by the same manual, link and integration triggers; window rules are re-judged by the new
 * rules on their next look). Every call is serialised behind policy changes, so nothing reaches a
 * stopped engine.
 */
export class GuardHost implements SensitiveGuards {
  private engine: GuardEngine | null = null;
  private policyJson: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private detach: () => void = () => undefined;
  private stopped = false;
  /** Set while a policy change swaps engines under a running session. */
  private swapping = false;
  private readonly sessionListeners = new Set<(change: SessionChange) => void>();
  private readonly log: (message: string) => void;

  constructor(private readonly options: GuardHostOptions) {
    this.log = options.log ?? ((m) => console.warn(`shiftguard: ${m}`));
    options.printKeyState?.onChange(() => this.emit());
  }

  applyPolicy(policy: Policy): Promise<void> {
    return this.enqueue(async () => {
      if (this.stopped) return;
      const json = JSON.stringify(policy);
      if (this.engine && json === this.policyJson) return;
      const wasActive = this.engine?.state.active ?? false;
      this.swapping = wasActive;
      const carried = await this.teardown();
      const engine = new GuardEngine({
        policy,
        adapters: this.options.adapters,
        dataDir: this.options.dataDir,
        deviceId: this.options.deviceId,
        ...(this.options.clock ? { clock: this.options.clock } : {}),
        ...(this.options.integrationPort !== undefined ? { integrationPort: this.options.integrationPort } : {}),
        ...(this.options.windowPollMs !== undefined ? { windowPollMs: this.options.windowPollMs } : {}),
      });
      const onChange = () => this.emit();
      const onStart = ({ trigger }: { trigger: Trigger }) => {
        if (!this.swapping) this.emitSession({ active: true, cause: trigger.kind, ...(trigger.kind === 'window' ? { ruleId: trigger.id.replace(/^window:/, '') } : {}) });
      };
      const onEnd = ({ reason }: { reason: EndReason }) => {
        if (!this.swapping) this.emitSession({ active: false, reason });
      };
      engine.mode.on('change', onChange);
      engine.mode.on('start', onStart);
      engine.mode.on('end', onEnd);
      const release = this.options.onEngine?.(engine) ?? (() => undefined);
      this.detach = () => {
        engine.mode.off('change', onChange);
        engine.mode.off('start', onStart);
        engine.mode.off('end', onEnd);
        release();
      };
      this.engine = engine;
      this.policyJson = json;
      try {
        await engine.start();
      } catch (error) {
        // What started keeps running (clipboard, folders, windows); the audit log says what did not.
        engine.audit.append('guards.start-failed', { message: (error as Error).message });
        this.log(`the guards did not fully start: ${(error as Error).message}`);
      }
      for (const trigger of carried) engine.mode.hold(trigger);
      this.swapping = false;
      // Only window triggers held it, and the new rules are judged on their next look: it ended here.
      if (wasActive && !engine.state.active) this.emitSession({ active: false, reason: 'released' });
      this.bindShortcut(policy, engine);
      this.emit();
    });
  }

  manual(action: 'start' | 'end' | 'toggle'): void {
    void this.enqueue(async () => this.engine?.manual(action));
  }

  handleLink(url: string): void {
    void this.enqueue(async () => void this.engine?.handleLink(url));
  }

  recordScratchpadMasking(maskedDigits: number): void {
    void this.enqueue(async () => this.engine?.recordScratchpadMasking(maskedDigits));
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      this.stopped = true;
      this.options.shortcut?.unbind();
      await this.teardown();
      this.emit();
    });
  }

  /** Resolves once every call so far has been applied and recorded (tests). */
  async settled(): Promise<void> {
    await this.chain;
    await this.engine?.settled();
  }

  /** The running engine (tests, evidence export). */
  get guardEngine(): GuardEngine | null {
    return this.engine;
  }

  current(): SensitiveSnapshot {
    const state = this.engine?.state ?? { active: false as const };
    if (!state.active) return { active: false };
    return { active: true, startedAt: state.startedAt, endsBy: state.endsBy, triggers: state.triggers.map((t) => ({ kind: t.kind, detail: t.detail })) };
  }

  enforced(): EnforcedControls {
    const a = this.options.adapters;
    return {
      windowRules: a.activeWindow !== undefined,
      clipboard: a.clipboard !== undefined,
      processes: a.processes !== undefined,
      printKey: this.options.printKeyState?.blocking() ?? false,
      contentProtection: this.options.contentProtection,
    };
  }

  onSession(listener: (change: SessionChange) => void): () => void {
    this.sessionListeners.add(listener);
    return () => void this.sessionListeners.delete(listener);
  }

  private emitSession(change: SessionChange): void {
    for (const listener of this.sessionListeners) listener(change);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private bindShortcut(policy: Policy, engine: GuardEngine): void {
    const shortcut = this.options.shortcut;
    if (!shortcut) return;
    const accelerator = policy.sensitive.shortcut;
    if (!shortcut.bind(accelerator, () => this.manual('toggle'))) {
      engine.audit.append('shortcut.unavailable', { accelerator });
      this.log(`the sensitive-mode shortcut ${accelerator} could not be registered (held by another program or not valid)`);
    }
  }

  /** Stops the running engine; returns the triggers a new engine should pick up. */
  private async teardown(): Promise<Trigger[]> {
    const engine = this.engine;
    if (!engine) return [];
    const state = engine.state;
    const carried = state.active ? state.triggers.filter((t) => t.kind !== 'window') : [];
    this.engine = null;
    // Listeners stay on until it stopped: a session it ends is heard (unless a policy swap carries it on).
    await engine.stop();
    this.detach();
    return carried;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step);
    this.chain = next.catch((error: unknown) => this.log(`guards: ${(error as Error).message}`));
    return next;
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
