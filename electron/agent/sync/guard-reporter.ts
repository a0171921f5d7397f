import type { GuardEvent, SensitiveStateReportBody } from '../../../shared/api/report';
import type { GuardActionEvent } from '../guards/guard-event';
import type { EndReason, SensitiveModeEvents, Trigger } from '../guards/sensitive-mode';
import type { ReportInput } from './report-input';

/** Where reports go: the sync engine (`SyncEngine.report`), or anything with its shape. */
export interface ReportSink {
  report(input: ReportInput): unknown;
}

/** What the reporter listens to: a GuardEngine, or anything with its shape. */
export interface GuardEventSource {
  mode: {
    on<K extends 'start' | 'end'>(event: K, listener: (...args: SensitiveModeEvents[K]) => void): unknown;
    off<K extends 'start' | 'end'>(event: K, listener: (...args: SensitiveModeEvents[K]) => void): unknown;
  };
  onGuardEvent(listener: (event: GuardActionEvent) => void): () => void;
}

export interface GuardReporterOptions {
  /** Guard events wait at most this long for company before they are sent as one report (default 5 s). */
  flushMs?: number;
  /** Events kept in full per report; more within one flush period are only counted (default 100). */
  maxDetailed?: number;
  /** Report sensitive-mode starts and ends (default true). */
  sensitiveState?: boolean;
  /** Where a failure to queue a report is told (never with card data). */
  log?: (line: string) => void;
}

/** The trigger that started a session, as the report schema names it. Pure. */
export function startTrigger(trigger: Trigger): Pick<SensitiveStateReportBody, 'trigger' | 'ruleId'> {
  switch (trigger.kind) {
    case 'window': {
      // The rule id, never the window's title or URL. Ids longer than the schema allows are cut.
      const ruleId = trigger.id.replace(/^window:/, '').slice(0, 64);
      return ruleId ? { trigger: 'window-rule', ruleId } : { trigger: 'window-rule' };
    }
    case 'integration':
    case 'link':
      return { trigger: 'integration' };
    case 'manual':
      return { trigger: 'shortcut' };
  }
}

/** Why a session ended, as the report schema names it. Pure. */
export function endTrigger(reason: EndReason): SensitiveStateReportBody['trigger'] {
  switch (reason) {
    case 'released':
      return 'grace-expired';
    case 'max-duration':
      return 'max-duration';
    case 'stopped':
      return 'agent-stopped';
  }
}

const MAX_FINDINGS = 100;

/**
 * Turns what the guards do into reports. Sensitive-mode starts and ends are queued at once, one
 * report each. Guard actions are batched: the first one opens a batch that is queued `flushMs`
 * later (or at once before a sensitive-mode change, so reports keep the order things happened in).
 * A busy guard cannot flood the outbox: per batch, the first `maxDetailed` events are kept in full
 * and the rest are counted per guard and action (`count`, as the outbox's own fold does), so it is
 * at most one report per period whatever happens. Only masked findings (brand, length, last four)
 * ever reach a report.
 */
export class GuardReporter {
  private detailed: GuardEvent[] = [];
  private readonly overflow = new Map<string, { at: string; guard: GuardEvent['guard']; action: GuardEvent['action']; count: number }>();
  private timer: NodeJS.Timeout | null = null;
  private detachers: Array<() => void> = [];
  private readonly flushMs: number;
  private readonly maxDetailed: number;

  constructor(
    private readonly sink: ReportSink,
    private readonly options: GuardReporterOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 5000;
    this.maxDetailed = Math.min(options.maxDetailed ?? 100, 450);
  }

  /** Follows one guard engine; returns how to stop following it (pending events stay for the next flush). */
  attach(source: GuardEventSource): () => void {
    const onStart = ({ trigger }: { trigger: Trigger }) => this.sensitiveStarted(trigger);
    const onEnd = ({ reason }: { reason: EndReason }) => this.sensitiveEnded(reason);
    if (this.options.sensitiveState !== false) {
      source.mode.on('start', onStart);
      source.mode.on('end', onEnd);
    }
    const offEvents = source.onGuardEvent((event) => this.guardEvent(event));
    const detach = () => {
      source.mode.off('start', onStart);
      source.mode.off('end', onEnd);
      offEvents();
      this.detachers = this.detachers.filter((d) => d !== detach);
    };
    this.detachers.push(detach);
    return detach;
  }

  /** A session started (queued at once, after any pending guard events). */
  sensitiveStarted(trigger: Trigger): void {
    this.flush();
    this.send({ kind: 'sensitive-state', active: true, ...startTrigger(trigger) });
  }

  /** A session ended (queued at once, after any pending guard events). */
  sensitiveEnded(reason: EndReason): void {
    this.flush();
    this.send({ kind: 'sensitive-state', active: false, trigger: endTrigger(reason) });
  }

  /** One guard action; queued with the others of its batch. */
  guardEvent(event: GuardActionEvent): void {
    const at = event.at.toISOString();
    if (this.detailed.length < this.maxDetailed) {
      const findings = event.findings.slice(0, MAX_FINDINGS).map((f) => ({ brand: f.brand, length: f.length, last4: f.last4 }));
      this.detailed.push({ at, guard: event.guard, action: event.action, ...(event.subject ? { subject: event.subject.slice(0, 260) } : {}), findings });
    } else {
      const key = `${event.guard}\n${event.action}`;
      const counted = this.overflow.get(key);
      if (counted) counted.count++;
      else this.overflow.set(key, { at, guard: event.guard, action: event.action, count: 1 });
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Queues the pending guard events now as one report (nothing when there are none). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.detailed.length === 0 && this.overflow.size === 0) return;
    const counted: GuardEvent[] = [...this.overflow.values()].map(({ count, ...rest }) => (count >= 2 ? { ...rest, count, findings: [] } : { ...rest, findings: [] }));
    const events = [...this.detailed, ...counted];
    this.detailed = [];
    this.overflow.clear();
    this.send({ kind: 'guard-events', events });
  }

  /** Stops following every engine and queues what is pending. */
  stop(): void {
    for (const detach of [...this.detachers]) detach();
    this.flush();
  }

  private send(input: ReportInput): void {
    try {
      this.sink.report(input);
    } catch (error) {
      // Reporting must never break a guard; the audit log and evidence still hold the action.
      this.options.log?.(`guard report not queued: ${(error as Error).message}`);
    }
  }
}

/**
 * Reports a guard engine's sensitive-mode changes and guard actions through `sink` (the sync
 * engine). One line for the desktop app and the headless agent:
 * `const reporter = reportGuards(guardEngine, syncEngine);` … `reporter.stop()` after the guards stop.
 */
export function reportGuards(source: GuardEventSource, sink: ReportSink, options?: GuardReporterOptions): GuardReporter {
  const reporter = new GuardReporter(sink, options);
  reporter.attach(source);
  return reporter;
}
