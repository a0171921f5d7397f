import { EventEmitter } from 'node:events';
import { PostureReportBodySchema, type SensitiveStateReportBody } from '../../../shared/api/report';
import type { AppState, CheckProgressEvent, CheckRun, LastReport } from '../../../shared/ipc/app-state';
import { PolicySchema, type Policy } from '../../../shared/policy/schema';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import type { AgentPlatform, CheckContext, PostureCheck } from '../../agent/posture/check-context';
import { checkNow, toCheckResults } from '../../agent/posture/check-now';
import type { PostureStateStore } from '../../agent/posture/posture-state-store';
import { ALL_CHECKS } from '../../agent/posture/run-checks';
import { postureReportInput } from '../../agent/sync/posture-report';
import type { KeyValueStore } from '../store/key-value-store';
import type { AgentEngine, AgentStoppedInfo, ReportingStatus } from './agent-engine';
import type { EndReason, TriggerKind } from '../../agent/guards/sensitive-mode';
import type { SensitiveGuards, SessionChange } from '../guards/guard-host';
import { DesktopEnrollmentError, type DesktopSync } from './desktop-sync';
import { sensitiveView } from './sensitive-view';

/** Tells the server the agent stopped. DesktopSync implements it with issue 9's agent-stopped report. */
export interface LifecycleNotifier {
  agentStopped(info: AgentStoppedInfo): Promise<void>;
}

export interface DesktopEngineOptions {
  /** This workstation's hashed machine id; once enrolled, the server's device id is shown instead. */
  deviceId: string;
  platform: AgentPlatform;
  store: KeyValueStore;
  /** The check context for a policy: the real command runner in the app, recorded outputs in tests. */
  checkContext: (policy: Policy) => CheckContext;
  checks?: readonly PostureCheck[];
  /**
   * Issue 9's sync engine in the app: enrollment, verified policies (the source of the policy in
   * force), and the signed, durable outbox every report goes through. Without it the app checks
   * locally and reports nothing.
   */
  sync?: DesktopSync;
  /** Sensitive mode and the guards (issue 5); absent, the UI says sensitive mode is not available. */
  guards?: SensitiveGuards;
  /**
   * The posture state (grace-period first failures, fact cache) kept between runs, like
   * `shiftguard check` keeps it; without one every run judges as if it were the first.
   */
  postureState?: PostureStateStore;
  log?: (message: string) => void;
  lifecycle?: LifecycleNotifier;
  now?: () => Date;
}

const POLICY_KEY = 'policy.cache';
const LAST_REPORT_KEY = 'reports.last';
/** Left by versions that queued reports here; the sync outbox holds them now. */
const OLD_QUEUE_KEYS = ['reports.queue', 'reports.lastSentAt'];
const STOP_NOTICE_TIMEOUT_MS = 5000;

/** The server's words for what started a session: a link is an integration's other way in; the tray item counts as the shortcut. */
const START_TRIGGER: Record<TriggerKind, SensitiveStateReportBody['trigger']> = { window: 'window-rule', integration: 'integration', link: 'integration', manual: 'shortcut' };
/** ...and what ended it: "released" is the grace period running out after the last trigger let go. */
const END_TRIGGER: Record<EndReason, SensitiveStateReportBody['trigger']> = { released: 'grace-expired', 'max-duration': 'max-duration', stopped: 'agent-stopped' };

/**
 * The agent engine inside the desktop app: posture checks, reports through the sync outbox, the
 * policy in force and sensitive mode, behind the AgentEngine facade.
 */
export class DesktopEngine implements AgentEngine {
  private readonly events = new EventEmitter<{ change: [] }>();
  private readonly now: () => Date;
  private current: Policy;
  private inFlight: Promise<CheckRun> | null = null;
  private last: CheckRun | null = null;
  private timer: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly unsubscribeSensitive: () => void;
  private readonly log: (message: string) => void;

  constructor(private readonly options: DesktopEngineOptions) {
    this.now = options.now ?? (() => new Date());
    let enrolled = options.sync?.sync.enrolled() !== undefined;
    options.sync?.subscribe(() => {
      // Just enrolled (at start from IT's presets, or from the form): report at once, not at the next interval.
      const now = options.sync?.sync.enrolled() !== undefined;
      if (now && !enrolled && !this.stopped) void this.runChecks().catch(() => undefined);
      enrolled = now;
      this.changed();
    });
    const sync = options.sync?.sync;
    if (sync) {
      // The sync engine's policy store is the one source: the last verified policy, or the built-in default.
      this.current = sync.policies.current().policy;
      sync.policies.subscribe((snapshot) => void this.applyPolicy(snapshot.policy).catch((e: Error) => this.log(`policy not applied to the guards: ${e.message}`)));
      for (const key of OLD_QUEUE_KEYS) options.store.delete(key);
    } else {
      const cached = PolicySchema.safeParse(options.store.get(POLICY_KEY));
      this.current = cached.success ? cached.data : DEFAULT_POLICY;
    }
    this.log = options.log ?? ((m) => console.warn(`shiftguard: ${m}`));
    const offChange = options.guards?.onChange(() => this.changed());
    const offSession = options.guards?.onSession((change) => this.reportSession(change));
    this.unsubscribeSensitive = () => {
      offChange?.();
      offSession?.();
    };
  }

  /** The server's device id once enrolled, else this workstation's hashed machine id. */
  get deviceId(): string {
    return this.options.sync?.sync.enrolled()?.deviceId ?? this.options.deviceId;
  }

  policy(): Policy {
    return this.current;
  }

  /**
   * Applies a verified policy (the sync engine's policy store calls this) to posture and the guards
   * at once. Without sync it is cached here for the next start. Resolves once the guards run on it.
   */
  async applyPolicy(policy: Policy): Promise<void> {
    this.current = policy;
    if (!this.options.sync) this.options.store.set(POLICY_KEY, policy);
    this.changed();
    if (this.timer) this.schedule();
    await this.options.guards?.applyPolicy(policy);
  }

  running(): boolean {
    return this.inFlight !== null;
  }

  lastRun(): CheckRun | null {
    return this.last;
  }

  /** Concurrent callers share one round: a second "check again" does not start a parallel one. */
  runChecks(onProgress?: (event: CheckProgressEvent) => void): Promise<CheckRun> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.round(onProgress).finally(() => {
      this.inFlight = null;
      this.changed();
    });
    this.changed();
    return this.inFlight;
  }

  /** One round, judged by issue 4's checkNow against the kept grace state (exactly like `shiftguard check`). */
  private async round(onProgress?: (event: CheckProgressEvent) => void): Promise<CheckRun> {
    const policy = this.current;
    const assessment = await checkNow(this.options.checkContext(policy), this.options.postureState, { checks: this.options.checks ?? ALL_CHECKS, onProgress });
    for (const warning of assessment.warnings) this.log(warning);
    const finishedAt = this.now();
    this.last = { compliant: assessment.compliant, allEnforcedPassed: assessment.allEnforcedPassed, checks: assessment.checks, finishedAt: finishedAt.toISOString() };
    this.scheduleGraceEnd(assessment.checks);
    // The report carries the plain results; the judgement is the server's to make against its policy.
    const queued = this.options.sync?.sync.report(postureReportInput(toCheckResults(assessment), assessment.compliant, this.options.platform, finishedAt));
    // Not enrolled: nothing is reported, and "what is reported about me" says so.
    if (queued) this.options.store.set(LAST_REPORT_KEY, queued);
    return this.last;
  }

  lastReport(): LastReport {
    const parsed = PostureReportBodySchema.safeParse(this.options.store.get(LAST_REPORT_KEY));
    const sync = this.options.sync;
    if (!parsed.success || !sync) return { report: null, delivered: false };
    return { report: parsed.data, delivered: sync.delivered(parsed.data) };
  }

  reporting(): ReportingStatus {
    return this.options.sync?.reporting() ?? { serverUrl: null, online: null, lastSentAt: null, queued: 0, lastError: null };
  }

  enrollment(): AppState['enrollment'] {
    return (
      this.options.sync?.enrollment() ?? { status: 'not-configured', serverUrl: null, serverUrlManaged: false, tokenProvided: false, enrolling: false, lastError: null, blocked: null }
    );
  }

  /** Enrolls (the agent's form, or IT's presets); a fresh round of checks then reports at once (see the constructor). */
  async enroll(input: { serverUrl?: string | undefined; token?: string | undefined }): Promise<void> {
    const sync = this.options.sync;
    if (!sync) throw new DesktopEnrollmentError('enroll_unavailable', 'Enrollment is not available in this build.');
    await sync.enroll(input);
  }

  sensitive() {
    return sensitiveView(this.options.guards, this.current);
  }

  /** Sensitive mode started or ended: the server hears it (and heartbeats carry it on). */
  private reportSession(change: SessionChange): void {
    const sync = this.options.sync?.sync;
    if (!sync) return;
    if (change.active) {
      sync.report({ kind: 'sensitive-state', active: true, trigger: START_TRIGGER[change.cause], ...(change.ruleId ? { ruleId: change.ruleId.slice(0, 64) } : {}) });
    } else {
      sync.report({ kind: 'sensitive-state', active: false, trigger: END_TRIGGER[change.reason] });
    }
  }

  sensitiveAction(action: 'start' | 'end' | 'toggle'): void {
    this.options.guards?.manual(action);
  }

  handleLink(url: string): void {
    this.options.guards?.handleLink(url);
  }

  recordScratchpadMasking(maskedDigits: number): void {
    this.options.guards?.recordScratchpadMasking(maskedDigits);
  }

  subscribe(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  /** Starts the guards on the current policy, then checks and reports on the policy interval until stop(). */
  async start(): Promise<void> {
    this.options.sync?.start();
    this.schedule();
    await this.options.guards?.applyPolicy(this.current);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runChecks().catch(() => undefined);
      this.schedule();
    }, this.current.reportIntervalMinutes * 60_000);
  }

  /**
   * A failing check in its grace period blocks once the period ends: run the checks again at that
   * moment, so the verdict (and the tray) turn when the grace does, not at the next interval.
   */
  private scheduleGraceEnd(checks: CheckRun['checks']): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    if (this.stopped) return;
    const ends = checks.filter((c) => c.judgement === 'grace' && c.graceEndsAt).map((c) => Date.parse(c.graceEndsAt!));
    if (ends.length === 0) return;
    // setTimeout holds at most ~24.8 days; a longer grace is re-judged by the interval rounds.
    const delay = Math.min(Math.max(0, Math.min(...ends) - this.now().getTime()) + 1000, 2 ** 31 - 1);
    this.graceTimer = setTimeout(() => void this.runChecks().catch(() => undefined), delay);
    this.graceTimer.unref();
  }

  async stop(info: AgentStoppedInfo): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.timer = null;
    this.graceTimer = null;
    // First the guards: a running session ends (recorded as stopped, and reported before the stop
    // notice), and the audit log and evidence are flushed.
    await this.options.guards?.stop().catch((error: unknown) => this.log(`the guards did not stop cleanly: ${(error as Error).message}`));
    this.unsubscribeSensitive();
    const notifier = this.options.lifecycle;
    if (notifier) {
      // Bounded: quitting must not hang on an unreachable server.
      await Promise.race([notifier.agentStopped(info).catch(() => undefined), new Promise((r) => setTimeout(r, STOP_NOTICE_TIMEOUT_MS).unref())]);
    }
  }

  private changed(): void {
    this.events.emit('change');
  }
}

