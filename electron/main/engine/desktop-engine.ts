import { EventEmitter } from 'node:events';
import type { PostureReport } from '../../../shared/api/report';
import { LastReportSchema, type CheckProgressEvent, type CheckRun, type LastReport } from '../../../shared/ipc/app-state';
import { PolicySchema, type Policy } from '../../../shared/policy/schema';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import type { AgentPlatform, CheckContext, PostureCheck } from '../../agent/posture/check-context';
import { checkNow, toCheckResults } from '../../agent/posture/check-now';
import type { PostureStateStore } from '../../agent/posture/posture-state-store';
import { ALL_CHECKS } from '../../agent/posture/run-checks';
import { buildPostureReport } from '../../agent/report/build-report';
import type { KeyValueStore } from '../store/key-value-store';
import type { AgentEngine, AgentStoppedInfo, ReportingStatus } from './agent-engine';
import { ReportQueue } from './report-queue';
import type { SensitiveGuards } from '../guards/guard-host';
import { sensitiveView } from './sensitive-view';

/** Tells the server the agent stopped. The sync engine (issue 9) implements it with a signed event. */
export interface LifecycleNotifier {
  agentStopped(info: AgentStoppedInfo): Promise<void>;
}

export interface DesktopEngineOptions {
  deviceId: string;
  platform: AgentPlatform;
  store: KeyValueStore;
  /** The check context for a policy: the real command runner in the app, recorded outputs in tests. */
  checkContext: (policy: Policy) => CheckContext;
  checks?: readonly PostureCheck[];
  serverUrl: string | null;
  enrollmentTokenProvided: boolean;
  send: (serverUrl: string, report: PostureReport) => Promise<void>;
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
const LAST_SENT_KEY = 'reports.lastSentAt';
const STOP_NOTICE_TIMEOUT_MS = 5000;

/**
 * The agent engine inside the desktop app: posture checks, reports (queued while offline), the
 * cached policy and sensitive mode, behind the AgentEngine facade.
 */
export class DesktopEngine implements AgentEngine {
  readonly deviceId: string;
  private readonly events = new EventEmitter<{ change: [] }>();
  private readonly queue: ReportQueue;
  private readonly now: () => Date;
  private current: Policy;
  private inFlight: Promise<CheckRun> | null = null;
  private last: CheckRun | null = null;
  private online: boolean | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private graceTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly unsubscribeSensitive: () => void;
  private readonly log: (message: string) => void;

  constructor(private readonly options: DesktopEngineOptions) {
    this.deviceId = options.deviceId;
    this.now = options.now ?? (() => new Date());
    const cached = PolicySchema.safeParse(options.store.get(POLICY_KEY));
    this.current = cached.success ? cached.data : DEFAULT_POLICY;
    this.queue = new ReportQueue(options.store, () => this.current.agent.outboxMaxEntries);
    this.log = options.log ?? ((m) => console.warn(`shiftguard: ${m}`));
    this.unsubscribeSensitive = options.guards?.onChange(() => this.changed()) ?? (() => undefined);
  }

  policy(): Policy {
    return this.current;
  }

  /**
   * Applies a verified policy (the sync engine calls this) to posture and the guards at once, and
   * caches it for the next start. Resolves once the guards run on it.
   */
  async applyPolicy(policy: Policy): Promise<void> {
    this.current = policy;
    this.options.store.set(POLICY_KEY, policy);
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
    const checks = toCheckResults(assessment);
    const report = buildPostureReport({ deviceId: this.deviceId, platform: this.options.platform, checks, now: finishedAt });
    this.options.store.set(LAST_REPORT_KEY, { report, delivered: false } satisfies LastReport);
    if (this.options.serverUrl) {
      this.queue.enqueue(report);
      await this.flush();
    }
    return this.last;
  }

  /** Sends what is queued; called after each round and by the interval timer. */
  async flush(): Promise<void> {
    const serverUrl = this.options.serverUrl;
    if (!serverUrl) return;
    const { sent, error } = await this.queue.flush((r) => this.options.send(serverUrl, r));
    if (sent.length > 0) {
      this.options.store.set(LAST_SENT_KEY, this.now().toISOString());
      const last = this.lastReport();
      if (last.report && sent.includes(last.report.reportId)) this.options.store.set(LAST_REPORT_KEY, { ...last, delivered: true });
    }
    this.online = error === null;
    this.lastError = error ? error.message.slice(0, 500) : null;
    this.changed();
  }

  lastReport(): LastReport {
    const parsed = LastReportSchema.safeParse(this.options.store.get(LAST_REPORT_KEY));
    return parsed.success ? parsed.data : { report: null, delivered: false };
  }

  reporting(): ReportingStatus {
    const lastSent = this.options.store.get(LAST_SENT_KEY);
    return {
      serverUrl: this.options.serverUrl,
      online: this.online,
      lastSentAt: typeof lastSent === 'string' ? lastSent : null,
      queued: this.queue.pending().length,
      lastError: this.lastError,
    };
  }

  enrollment(): ReturnType<AgentEngine['enrollment']> {
    // Enrollment (device key pair, signed reports) arrives with the sync engine (issue 9); until
    // then a configured server means "not enrolled yet", reported honestly.
    return { status: this.options.serverUrl ? 'not-enrolled' : 'not-configured', tokenProvided: this.options.enrollmentTokenProvided };
  }

  sensitive() {
    return sensitiveView(this.options.guards, this.current);
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
    this.unsubscribeSensitive();
    const notifier = this.options.lifecycle;
    if (notifier) {
      // Bounded: quitting must not hang on an unreachable server.
      await Promise.race([notifier.agentStopped(info).catch(() => undefined), new Promise((r) => setTimeout(r, STOP_NOTICE_TIMEOUT_MS).unref())]);
    }
    // Ends a running session (recorded as stopped) and flushes the audit log and evidence.
    await this.options.guards?.stop().catch((error: unknown) => this.log(`the guards did not stop cleanly: ${(error as Error).message}`));
  }

  private changed(): void {
    this.events.emit('change');
  }
}

