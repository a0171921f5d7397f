import { EventEmitter } from 'node:events';
import type { PostureReport } from '../../../shared/api/report';
import { LastReportSchema, type CheckProgressEvent, type CheckRun, type LastReport } from '../../../shared/ipc/app-state';
import { PolicySchema, type Policy } from '../../../shared/policy/schema';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import { isCompliant } from '../../../shared/posture/compliance';
import type { AgentPlatform, CheckContext, PostureCheck } from '../../agent/posture/check-context';
import { ALL_CHECKS, runChecks } from '../../agent/posture/run-checks';
import { buildPostureReport } from '../../agent/report/build-report';
import type { KeyValueStore } from '../store/key-value-store';
import type { AgentEngine, AgentStoppedInfo, ReportingStatus } from './agent-engine';
import { ReportQueue } from './report-queue';
import { sensitiveView, type SensitiveModeSource } from './sensitive-view';

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
  sensitive?: SensitiveModeSource;
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
  private readonly unsubscribeSensitive: () => void;

  constructor(private readonly options: DesktopEngineOptions) {
    this.deviceId = options.deviceId;
    this.now = options.now ?? (() => new Date());
    const cached = PolicySchema.safeParse(options.store.get(POLICY_KEY));
    this.current = cached.success ? cached.data : DEFAULT_POLICY;
    this.queue = new ReportQueue(options.store, () => this.current.agent.outboxMaxEntries);
    this.unsubscribeSensitive = options.sensitive?.onChange(() => this.changed()) ?? (() => undefined);
  }

  policy(): Policy {
    return this.current;
  }

  /** Applies a verified policy (the sync engine calls this) and caches it for the next start. */
  applyPolicy(policy: Policy): void {
    this.current = policy;
    this.options.store.set(POLICY_KEY, policy);
    this.changed();
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

  private async round(onProgress?: (event: CheckProgressEvent) => void): Promise<CheckRun> {
    const policy = this.current;
    const checks = await runChecks(this.options.checkContext(policy), this.options.checks ?? ALL_CHECKS, { onProgress });
    const finishedAt = this.now();
    this.last = { compliant: isCompliant(checks, policy), checks, finishedAt: finishedAt.toISOString() };
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
    return sensitiveView(this.options.sensitive, this.current);
  }

  subscribe(listener: () => void): () => void {
    this.events.on('change', listener);
    return () => void this.events.off('change', listener);
  }

  /** Checks and reports on the policy interval until stop(). */
  start(): void {
    const tick = () => {
      void this.runChecks().catch(() => undefined);
      this.timer = setTimeout(tick, this.current.reportIntervalMinutes * 60_000);
    };
    this.timer = setTimeout(tick, this.current.reportIntervalMinutes * 60_000);
  }

  async stop(info: AgentStoppedInfo): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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

