import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from './clock';

/** Where a trigger came from. */
export type TriggerKind = 'window' | 'integration' | 'link' | 'manual';

/** A reason sensitive mode is (or should be) on. `id` is unique per holder, e.g. "window:pay-page". */
export interface Trigger {
  id: string;
  kind: TriggerKind;
  /** Short, human description (rule id, integration source). Never card data. */
  detail: string;
}

/** Why a session ended. */
export type EndReason = 'released' | 'max-duration' | 'stopped';

/** A snapshot of sensitive mode, as the UI and the reporter see it. */
export type SensitiveState =
  | { active: false }
  | {
      active: true;
      sessionId: string;
      startedAt: number;
      /** The moment the maximum duration ends the session. */
      endsBy: number;
      triggers: Trigger[];
      /** Set while no trigger holds and the grace period runs. */
      graceUntil: number | null;
    };

/** Events emitted by SensitiveMode; every change of state is one 'change'. */
export interface SensitiveModeEvents {
  start: [{ sessionId: string; at: number; trigger: Trigger }];
  end: [{ sessionId: string; at: number; reason: EndReason; startedAt: number }];
  trigger: [{ sessionId: string; at: number; trigger: Trigger; held: boolean }];
  change: [SensitiveState];
}

export interface SensitiveModeOptions {
  clock: Clock;
  graceMs: number;
  maxDurationMs: number;
}

/**
 * The sensitive-mode state machine. Triggers are held and released by id; the mode is on while any
 * trigger holds, lingers for the grace period after the last release (a trigger returning within it
 * continues the same session), and ends at the maximum duration whatever holds it. At that point
 * every trigger is dropped: only a fresh hold starts a new session, so a window left in front
 * cannot keep the desktop locked for ever without an event saying so.
 */
export class SensitiveMode extends EventEmitter<SensitiveModeEvents> {
  private readonly held = new Map<string, Trigger>();
  private session: { id: string; startedAt: number; endsBy: number } | null = null;
  private graceUntil: number | null = null;
  private graceTimer: unknown = null;
  private maxTimer: unknown = null;

  constructor(private options: SensitiveModeOptions) {
    super();
  }

  /** Applies new grace / maximum durations (a new policy). A running session keeps its end time. */
  configure(options: Pick<SensitiveModeOptions, 'graceMs' | 'maxDurationMs'>): void {
    this.options = { ...this.options, ...options };
  }

  get state(): SensitiveState {
    if (!this.session) return { active: false };
    return {
      active: true,
      sessionId: this.session.id,
      startedAt: this.session.startedAt,
      endsBy: this.session.endsBy,
      triggers: [...this.held.values()],
      graceUntil: this.graceUntil,
    };
  }

  get active(): boolean {
    return this.session !== null;
  }

  isHeld(id: string): boolean {
    return this.held.has(id);
  }

  /** Starts (or joins) sensitive mode for this trigger. Holding an already held id is a no-op. */
  hold(trigger: Trigger): void {
    if (this.held.has(trigger.id)) return;
    const { clock } = this.options;
    const now = clock.now();
    this.held.set(trigger.id, trigger);
    this.cancelGrace();
    if (!this.session) {
      const startedAt = now;
      this.session = { id: randomUUID(), startedAt, endsBy: startedAt + this.options.maxDurationMs };
      this.maxTimer = clock.setTimeout(() => this.end('max-duration'), this.options.maxDurationMs);
      this.emit('start', { sessionId: this.session.id, at: now, trigger });
    }
    this.emit('trigger', { sessionId: this.session.id, at: now, trigger, held: true });
    this.emit('change', this.state);
  }

  /** Releases one trigger; when none is left the grace period starts. Unknown ids are ignored. */
  release(id: string): void {
    const trigger = this.held.get(id);
    if (!trigger || !this.session) return;
    const { clock } = this.options;
    this.held.delete(id);
    this.emit('trigger', { sessionId: this.session.id, at: clock.now(), trigger, held: false });
    if (this.held.size === 0) {
      if (this.options.graceMs <= 0) return this.end('released');
      this.graceUntil = clock.now() + this.options.graceMs;
      this.graceTimer = clock.setTimeout(() => this.end('released'), this.options.graceMs);
    }
    this.emit('change', this.state);
  }

  /** Releases every trigger of one kind (e.g. all window rules when the window watcher stops). */
  releaseKind(kind: TriggerKind): void {
    for (const t of [...this.held.values()]) if (t.kind === kind) this.release(t.id);
  }

  /** Ends any session now (the agent stops). */
  stop(): void {
    if (this.session) this.end('stopped');
  }

  private cancelGrace(): void {
    if (this.graceTimer !== null) this.options.clock.clearTimeout(this.graceTimer);
    this.graceTimer = null;
    this.graceUntil = null;
  }

  private end(reason: EndReason): void {
    const session = this.session;
    if (!session) return;
    this.cancelGrace();
    if (this.maxTimer !== null) this.options.clock.clearTimeout(this.maxTimer);
    this.maxTimer = null;
    this.held.clear();
    this.session = null;
    this.emit('end', { sessionId: session.id, at: this.options.clock.now(), reason, startedAt: session.startedAt });
    this.emit('change', this.state);
  }
}
