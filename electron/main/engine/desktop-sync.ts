import type { AgentStoppedReportBody, ReportBody } from '../../../shared/api/report';
import type { AppState } from '../../../shared/ipc/app-state';
import type { IdentityDecision } from '../../agent/config/managed-identity';
import type { EnrolledDevice } from '../../agent/sync/device-state';
import { EnrollmentError } from '../../agent/sync/enroll';
import type { PolicySnapshot } from '../../agent/sync/policy-store';
import type { ReportInput } from '../../agent/sync/report-input';
import type { SyncStatus } from '../../agent/sync/sync-status';
import type { AgentStoppedInfo, ReportingStatus } from './agent-engine';

/** The parts of issue 9's SyncEngine the desktop app uses (SyncEngine implements it as it is). */
export interface AgentSync {
  readonly policies: { current(): PolicySnapshot; subscribe(listener: (snapshot: PolicySnapshot) => void): () => void };
  enroll(serverUrl: string, token: string): Promise<EnrolledDevice>;
  enrolled(): EnrolledDevice | undefined;
  start(): void;
  report(input: ReportInput): ReportBody | null;
  status(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
  stop(reason?: AgentStoppedReportBody['reason'], timeoutMs?: number): Promise<void>;
}

/** What IT preset through managed configuration (read fresh each time: IT may change it while the app runs). */
export interface EnrollmentPreset {
  serverUrl?: string | undefined;
  enrollmentToken?: string | undefined;
  /**
   * The identity rule decided from managed configuration (decideIdentityRule). A blocked decision
   * refuses every enrollment, preset or typed: enrolling with a guessed identity is what makes
   * ghost workstations on non-persistent VDI. Absent: the sync engine's own rule applies.
   */
  identity?: IdentityDecision | undefined;
}

/** An enrollment the UI asked for could not be made; `code` is stable, the message fit to show. */
export class DesktopEnrollmentError extends Error {
  override readonly name = 'DesktopEnrollmentError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const STOP_REASON: Record<AgentStoppedInfo['reason'], AgentStoppedReportBody['reason']> = {
  'quit-by-agent': 'quit',
  'quit-with-supervisor-pin': 'quit-with-pin',
  'system-shutdown': 'shutdown',
};
const STOP_DRAIN_MS = 4000;

/**
 * The sync engine inside the app: enrollment (from IT's presets at start, or from the agent's form),
 * enrolling again with the preset token when the server forgets the device, reporting status, and
 * the stop notice (an agent-stopped report through the outbox, drained for a few seconds).
 */
export class DesktopSync {
  private enrolling: Promise<void> | null = null;
  private lastError: { code: string; message: string } | null = null;
  private needed = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly sync: AgentSync,
    private readonly preset: () => EnrollmentPreset,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Calls `listener` whenever enrollment or reporting status may have changed. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private onChange(): void {
    for (const listener of this.listeners) listener();
  }

  /** Starts sending; enrolls with IT's preset server and token when not enrolled yet. */
  start(): void {
    this.sync.subscribe((status) => {
      // The server no longer knows this device (revoked, data reset): enroll again, once, if IT gave a token.
      if (status.needsEnrollment && !this.needed) this.autoEnroll('enrolling again with the preset token');
      this.needed = status.needsEnrollment;
      this.onChange();
    });
    this.sync.start();
    if (!this.sync.enrolled()) this.autoEnroll('enrolling with the preset server and token');
  }

  /**
   * Managed configuration was read again: IT may have fixed (or broken) the identity rule, or set
   * the server and token. Enrolls now if that became possible, and refreshes what the UI shows.
   */
  presetChanged(): void {
    const status = this.sync.status();
    if (!this.sync.enrolled() || status.needsEnrollment) this.autoEnroll('enrolling with the preset server and token (managed configuration changed)');
    this.onChange();
  }

  private autoEnroll(what: string): void {
    const p = this.preset();
    if (!p.serverUrl || !p.enrollmentToken || this.enrolling) return;
    // Said once per attempt in the log; the UI shows the block itself from enrollment().
    if (p.identity && !p.identity.ok) {
      this.log(p.identity.block.message);
      return;
    }
    this.log(what);
    this.enroll({}).catch((error: Error) => this.log(`enrollment failed: ${error.message}`));
  }

  /** Enrolls with the preset values, or what the agent typed where IT preset nothing. */
  enroll(input: { serverUrl?: string | undefined; token?: string | undefined }): Promise<void> {
    if (this.enrolling) return this.enrolling;
    const p = this.preset();
    if (p.identity && !p.identity.ok) {
      const { code, message } = p.identity.block;
      this.lastError = { code, message: message.slice(0, 500) };
      this.onChange();
      return Promise.reject(new DesktopEnrollmentError(code, message));
    }
    if (p.serverUrl && input.serverUrl !== undefined && input.serverUrl !== p.serverUrl) {
      return Promise.reject(new DesktopEnrollmentError('setting_locked', 'The server address is set by IT and cannot be changed here.'));
    }
    if (p.enrollmentToken && input.token !== undefined) {
      return Promise.reject(new DesktopEnrollmentError('setting_locked', 'The enrollment token is provided by IT.'));
    }
    const serverUrl = p.serverUrl ?? input.serverUrl;
    const token = p.enrollmentToken ?? input.token;
    if (!serverUrl) return Promise.reject(new DesktopEnrollmentError('enroll_no_server', 'Enter the server address your IT team gave you.'));
    if (!token) return Promise.reject(new DesktopEnrollmentError('enroll_no_token', 'Enter the enrollment token your IT team gave you.'));
    this.enrolling = this.sync
      .enroll(serverUrl, token)
      .then(
        () => {
          this.lastError = null;
        },
        (error: Error) => {
          const code = error instanceof EnrollmentError ? `enroll_${error.reason}` : 'enroll_failed';
          this.lastError = { code, message: error.message.slice(0, 500) };
          throw new DesktopEnrollmentError(code, error.message);
        },
      )
      .finally(() => {
        this.enrolling = null;
        this.onChange();
      });
    this.onChange();
    return this.enrolling;
  }

  enrollment(): AppState['enrollment'] {
    const status = this.sync.status();
    const p = this.preset();
    const enrolled = this.sync.enrolled();
    const blocked = p.identity && !p.identity.ok ? p.identity.block : null;
    // An enrolled device keeps reporting under its enrollment; the block only matters once it has to enroll (again).
    const mustEnroll = status.needsEnrollment || !enrolled;
    return {
      status: blocked && mustEnroll ? 'blocked-by-managed-config' : status.needsEnrollment ? 'needs-enrollment' : enrolled ? 'enrolled' : p.serverUrl ? 'not-enrolled' : 'not-configured',
      serverUrl: enrolled?.serverUrl ?? p.serverUrl ?? null,
      serverUrlManaged: p.serverUrl !== undefined,
      tokenProvided: p.enrollmentToken !== undefined,
      enrolling: this.enrolling !== null,
      // A block that IT has since fixed is no longer the reason for the last failure.
      lastError: !blocked && this.lastError?.code.startsWith('managed_') ? null : this.lastError,
      blocked: blocked ? { ...blocked, message: blocked.message.slice(0, 500), source: blocked.source.slice(0, 500), key: blocked.key.slice(0, 100) } : null,
    };
  }

  reporting(): ReportingStatus {
    const s = this.sync.status();
    return { serverUrl: s.serverUrl, online: s.online, lastSentAt: s.lastSentAt, queued: s.queued, lastError: s.lastError?.slice(0, 500) ?? null };
  }

  /**
   * Whether `report` reached the server: the outbox sends in order, so once it is empty and a
   * report went through after this one was made, this one went through too.
   */
  delivered(report: ReportBody): boolean {
    const s = this.sync.status();
    return s.queued === 0 && s.lastSentAt !== null && Date.parse(s.lastSentAt) >= Date.parse(report.observedAt);
  }

  /** The LifecycleNotifier: an agent-stopped report, and a few seconds for the outbox to send it. */
  async agentStopped(info: AgentStoppedInfo): Promise<void> {
    await this.sync.stop(STOP_REASON[info.reason], STOP_DRAIN_MS);
  }
}
