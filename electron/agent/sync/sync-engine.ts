import type { CheckNowRequest } from '../../../shared/api/agent';
import type { AgentStoppedReportBody, ReportBody } from '../../../shared/api/report';
import { DeviceKey } from './device-key';
import { loadEnrolledDevice, syncPaths, type EnrolledDevice } from './device-state';
import { enrollDevice } from './enroll';
import { postCheckIn } from './check-in';
import type { IdentityInputs, IdentityRule } from './identity-rule';
import type { KeyProtector } from './key-protector';
import { EndpointError } from './http-client';
import { LiveChannel } from './live-channel';
import { Outbox, OutboxWriteError } from './outbox';
import { PolicyIntake } from './policy-intake';
import { PolicyStore } from './policy-store';
import type { PolicyTrust } from './policy-verifier';
import { completeReport, type ReportInput } from './report-input';
import { ReportSender } from './report-sender';
import { StatusBoard, type SyncStatus } from './sync-status';

export interface SyncEngineOptions {
  /** The agent's data folder; the engine keeps its files in `<dataDir>/sync`. */
  dataDir: string;
  protector: KeyProtector;
  /**
   * The identity rule, or a getter read at each enrollment: the desktop app's managed configuration
   * can change (or be fixed) while it runs, and a getter that throws blocks enrollment.
   */
  identity: IdentityRule | (() => IdentityRule);
  identityInputs?: IdentityInputs;
  /** Runs the posture checks and reports them when the server asks (check-now). */
  onCheckNow?: (request: CheckNowRequest) => void;
  log?: (line: string) => void;
  random?: () => number;
  fetchImpl?: typeof fetch;
  /** Open the live channel (default true). */
  live?: boolean;
  /** Heartbeat and check-in period; default: the applied policy's reportIntervalMinutes. */
  heartbeatMs?: () => number;
  /** Retry delays of the sender and the live channel (tests shorten them). */
  retry?: { baseMs: number; maxMs: number };
}

/** Reports kept in memory at most while the outbox cannot be written (disk full); older ones give way. */
const MAX_HELD = 200;
/** How often held reports are tried again, and how often the same trouble is told again. */
const HELD_RETRY_MS = 5000;
const NOTICE_EVERY_MS = 5 * 60_000;

/**
 * The agent side of the central endpoint: enrollment, the outbox and its sender, heartbeats and
 * check-ins, the live channel, and the policy store. The same engine runs in the desktop app and
 * in the headless agent. Everything it does is visible through {@link status} and the 'status'
 * event, so the app can show the agent exactly what is reported.
 */
export class SyncEngine {
  readonly policies: PolicyStore;
  private readonly outbox: Outbox;
  private readonly sender: ReportSender;
  private device: EnrolledDevice | undefined;
  private key: DeviceKey | undefined;
  private live: LiveChannel | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;
  private readonly board: StatusBoard;
  private readonly intake: PolicyIntake;
  private readonly log: (line: string) => void;
  /**
   * Reports that could not be written to the outbox (disk full), oldest first. They go into the
   * outbox, in order and before anything newer, as soon as it can be written again; they are lost
   * only if the agent stops before that.
   */
  private readonly held: ReportBody[] = [];
  private heldDropped = 0;
  private heldTimer: NodeJS.Timeout | null = null;
  /** When each kind of trouble was last told (rate limit: a clock or disk problem lasts). */
  private readonly noticed = new Map<string, number>();

  constructor(private readonly options: SyncEngineOptions) {
    const paths = syncPaths(options.dataDir);
    this.log = options.log ?? (() => undefined);
    this.policies = new PolicyStore(paths.policy);
    this.outbox = Outbox.open(paths.outbox, { maxEntries: () => this.policies.current().policy.agent.outboxMaxEntries });
    if (this.outbox.recovery.tornTailBytes > 0 || this.outbox.recovery.damagedRecords > 0) {
      this.log(`sync: outbox recovered (${this.outbox.recovery.tornTailBytes} bytes of an unfinished write cut off, ${this.outbox.recovery.damagedRecords} damaged records skipped)`);
    }
    this.board = new StatusBoard(() => {
      const p = this.policies.current();
      return { queued: this.outbox.size + this.held.length, policy: { source: p.source, policyId: p.policyId, version: p.version, name: p.policy.name } };
    });
    this.loadIdentity();
    this.sender = new ReportSender({
      outbox: this.outbox,
      identity: () => (this.device && this.key ? { device: this.device, key: this.key } : undefined),
      random: options.random ?? Math.random,
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      ...(options.retry ? { baseDelayMs: options.retry.baseMs, maxDelayMs: options.retry.maxMs } : {}),
      events: {
        sent: (reportId) => {
          this.log(`sync: report ${reportId} sent`);
          // Trouble told before is told again at once if it comes back.
          this.noticed.delete('clock');
          this.noticed.delete('send');
          this.noticed.delete('disk');
          this.update({ online: true, lastSentAt: new Date().toISOString(), lastError: null });
        },
        failed: (error) => {
          this.tellSendFailure(error);
          this.update({ online: false, lastError: error.message });
        },
        deviceRejected: (error) => {
          this.log(`sync: the server no longer accepts this device: ${error.message}`);
          this.update({ needsEnrollment: true, lastError: error.message });
        },
        dropped: (reportId, reason) => {
          this.log(`sync: report ${reportId} refused by the server for good, removed from the outbox: ${reason}`);
          this.update({ lastError: reason });
        },
      },
    });
    this.policies.subscribe(() => this.update({}));
    this.intake = new PolicyIntake(this.policies, {
      log: this.log,
      report: (input) => this.report(input),
      refused: (lastRefusal) => this.update({ lastRefusal }),
      appliedLive: () => void this.checkIn(),
    });
  }

  private loadIdentity(): void {
    const device = loadEnrolledDevice(this.options.dataDir);
    let key: DeviceKey | undefined;
    try {
      key = device ? DeviceKey.load(syncPaths(this.options.dataDir).key, this.options.protector) : undefined;
    } catch (error) {
      // A key that cannot be unlocked (OS key store reset, copied profile) means enrolling again.
      this.log(`sync: ${(error as Error).message}`);
    }
    this.device = device && key ? device : undefined;
    this.key = this.device ? key : undefined;
    if (this.device) {
      const restored = this.policies.restore(this.trust()!);
      if (restored?.result === 'refused') this.log(`sync: saved policy not restored (${restored.reason}: ${restored.detail}); the built-in default applies`);
    } else {
      this.policies.reset();
    }
    this.update({ enrolled: this.device !== undefined, deviceId: this.device?.deviceId ?? null, serverUrl: this.device?.serverUrl ?? null, needsEnrollment: false });
  }

  private trust(): PolicyTrust | undefined {
    return this.device ? { deviceId: this.device.deviceId, serverKeyId: this.device.serverKeyId, serverPublicKey: this.device.serverPublicKey } : undefined;
  }

  /** Enrolls (or enrolls again) with `serverUrl` using `token`; restarts the channels if running. */
  async enroll(serverUrl: string, token: string): Promise<EnrolledDevice> {
    const device = await enrollDevice({
      serverUrl,
      token,
      dataDir: this.options.dataDir,
      protector: this.options.protector,
      identity: typeof this.options.identity === 'function' ? this.options.identity() : this.options.identity,
      ...(this.options.identityInputs ? { identityInputs: this.options.identityInputs } : {}),
      ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}),
    });
    await this.stopChannels();
    this.intake.reset();
    this.loadIdentity();
    this.log(`sync: enrolled as device ${device.deviceId} with ${device.serverUrl}`);
    if (this.started) this.startChannels();
    return device;
  }

  /** The enrollment in force, if any. */
  enrolled(): EnrolledDevice | undefined {
    return this.device;
  }

  /** Starts sending, heartbeats, check-ins and the live channel (a no-op for the parts that need enrollment until then). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.sender.start();
    this.startChannels();
  }

  private startChannels(): void {
    this.sender.notify();
    if (!this.device || !this.key) return;
    this.scheduleHeartbeat(0);
    if (this.options.live === false) return;
    this.live = new LiveChannel({
      serverUrl: this.device.serverUrl,
      deviceId: this.device.deviceId,
      key: this.key,
      random: this.options.random ?? Math.random,
      ...(this.options.fetchImpl ? { fetchImpl: this.options.fetchImpl } : {}),
      ...(this.options.retry ? { baseDelayMs: this.options.retry.baseMs, maxDelayMs: this.options.retry.maxMs } : {}),
      onConnected: () => {
        this.update({ liveConnected: true });
        void this.checkIn();
      },
      onDisconnected: (error) => this.update({ liveConnected: false, ...(error ? { lastError: `live channel: ${error.message}` } : {}) }),
      onPolicy: (raw) => {
        const trust = this.trust();
        if (trust) this.intake.offer(raw, trust, 'live');
      },
      onCheckNow: (request) => this.options.onCheckNow?.(request),
    });
    this.live.start();
  }

  private scheduleHeartbeat(delayMs: number): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeat();
      void this.checkIn();
      const every = this.options.heartbeatMs?.() ?? this.policies.current().policy.reportIntervalMinutes * 60_000;
      this.scheduleHeartbeat(every);
    }, delayMs);
    this.heartbeatTimer.unref?.();
  }

  /** Queues a heartbeat, unless one is already waiting (one says as much as many while offline). */
  private heartbeat(): void {
    if (this.outbox.list().some((e) => e.body.kind === 'heartbeat') || this.held.some((b) => b.kind === 'heartbeat')) return;
    this.report({ kind: 'heartbeat', sensitiveActive: this.sensitiveActive });
  }

  /** Sensitive mode as last reported, for heartbeats. */
  private sensitiveActive = false;

  /**
   * Queues a report durably (signed when sent). Returns the complete report, or null when the agent
   * is not enrolled (there is nobody to report to yet).
   */
  report(input: ReportInput): ReportBody | null {
    if (!this.device || this.closed) return null;
    if (input.kind === 'sensitive-state') this.sensitiveActive = input.active;
    const complete = completeReport(input, this.device.deviceId, this.policies.applied(), new Date());
    let body: ReportBody = complete;
    // Held reports go first, so the order of reports stays the order they were made in.
    if (this.flushHeld()) {
      try {
        body = this.outbox.add(complete).body;
      } catch (error) {
        if (!(error instanceof OutboxWriteError)) throw error;
        this.hold(complete, error);
      }
    } else {
      this.hold(complete, null);
    }
    this.update({});
    this.sender.notify();
    return body;
  }

  /** Keeps a report that could not be written in memory, says so (rate-limited), and retries later. */
  private hold(body: ReportBody, error: OutboxWriteError | null): void {
    this.held.push(body);
    if (this.held.length > MAX_HELD) {
      this.held.shift();
      this.heldDropped += 1;
    }
    if (error) {
      const why = error.diskFull ? `the disk is full (${error.errno})` : `a write failed (${error.errno})`;
      this.update({ lastError: `outbox: ${why}` });
      this.notice('disk', `sync: cannot write the outbox in ${error.dir}: ${why}. ${this.held.length} report(s) held in memory; they are queued as soon as there is space again, and lost if the agent stops before that`);
    }
    if (!this.heldTimer && !this.closed) {
      this.heldTimer = setInterval(() => {
        if (this.flushHeld()) this.sender.notify();
      }, HELD_RETRY_MS);
      this.heldTimer.unref?.();
    }
  }

  /** Writes held reports to the outbox, oldest first; true when none is left. */
  private flushHeld(): boolean {
    if (this.held.length === 0) return true;
    const count = this.held.length;
    while (this.held.length > 0) {
      try {
        this.outbox.add(this.held[0]!);
      } catch (error) {
        if (!(error instanceof OutboxWriteError)) throw error;
        this.notice('disk', `sync: cannot write the outbox in ${error.dir}: ${error.diskFull ? 'the disk is still full' : `a write still fails (${error.errno})`}. ${this.held.length} report(s) held in memory`);
        return false;
      }
      this.held.shift();
    }
    if (this.heldTimer) clearInterval(this.heldTimer);
    this.heldTimer = null;
    this.noticed.delete('disk');
    const lost = this.heldDropped > 0 ? ` (${this.heldDropped} older one(s) had to be given up while it was full)` : '';
    this.heldDropped = 0;
    this.log(`sync: the outbox can be written again: ${count} held report(s) queued${lost}`);
    this.update({});
    return true;
  }

  /** Logs `line` unless the same kind of trouble was told within NOTICE_EVERY_MS. */
  private notice(kind: string, line: string): void {
    const now = Date.now();
    const last = this.noticed.get(kind);
    if (last !== undefined && now - last < NOTICE_EVERY_MS) return;
    this.noticed.set(kind, now);
    this.log(line);
  }

  /** Says why a report is not delivered yet, in terms a person can act on (rate-limited). */
  private tellSendFailure(error: Error): void {
    if (error instanceof OutboxWriteError) {
      this.notice('disk', `sync: ${error.message}: a delivered report cannot be marked as sent, so it is sent again once there is space (the server keeps one copy)`);
      return;
    }
    if (error instanceof EndpointError && error.apiCode === 'stale_timestamp') {
      // The Date header of the refusal says how far off this computer's clock is.
      const offMs = error.serverTime === undefined ? undefined : Date.now() - error.serverTime;
      const by =
        offMs === undefined
          ? 'more than the server allows'
          : `about ${Math.max(1, Math.round(Math.abs(offMs) / 60_000))} minute(s) ${offMs > 0 ? 'ahead of' : 'behind'} the server's`;
      this.notice(
        'clock',
        `sync: the server refuses reports because this computer's clock is off by ${by} (stale_timestamp); reports stay queued and are sent once the clock is right: check the time settings or time sync (NTP)`,
      );
      return;
    }
    this.notice('send', `sync: reports not delivered yet (${error.message}); they stay queued and are retried`);
  }

  /** Checks in now: states the applied policy, receives a newer one and pending check-now requests. */
  async checkIn(): Promise<void> {
    const device = this.device;
    const key = this.key;
    const trust = this.trust();
    if (!device || !key || !trust) return;
    let result;
    try {
      result = await postCheckIn(device, key, this.policies.applied(), this.options.fetchImpl);
    } catch (error) {
      this.update({ lastError: `check-in: ${(error as Error).message}` });
      return;
    }
    this.update({ online: true });
    // After applying, check in again so the server learns the applied version.
    if (result.rawPolicy !== null && this.intake.offer(result.rawPolicy, trust, 'check-in').result === 'applied') await this.checkIn();
    for (const request of result.checkNow) this.options.onCheckNow?.(request);
  }

  /** The sync state as the app shows it. */
  status(): SyncStatus {
    return this.board.current();
  }

  /** Calls `listener` whenever the status may have changed. */
  subscribe(listener: (status: SyncStatus) => void): () => void {
    return this.board.subscribe(listener);
  }

  private update(patch: Partial<SyncStatus>): void {
    this.board.update(patch);
  }

  /** Resolves once the outbox is empty, or after `timeoutMs` (then false). */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.size + this.held.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return this.outbox.size + this.held.length === 0;
  }

  private async stopChannels(): Promise<void> {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
    await this.live?.stop();
    this.live = null;
  }

  /**
   * Stops the engine. With a `reason`, first queues agent-stopped and gives the outbox up to
   * `timeoutMs` to drain (whatever is left is sent on the next start).
   */
  async stop(reason?: AgentStoppedReportBody['reason'], timeoutMs = 5000): Promise<void> {
    if (this.closed) return;
    if (reason && this.device) {
      this.report({ kind: 'agent-stopped', reason });
      await this.drain(timeoutMs);
    }
    this.started = false;
    await this.stopChannels();
    await this.sender.stop();
    this.closed = true;
    if (this.heldTimer) clearInterval(this.heldTimer);
    this.heldTimer = null;
    if (!this.flushHeld()) this.log(`sync: ${this.held.length} report(s) could not be saved (the outbox cannot be written) and are lost`);
    this.outbox.close();
  }
}
