import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportBodySchema } from '../../../../shared/api/report';
import type { GuardActionEvent } from '../../../../electron/agent/guards/guard-event';
import { SensitiveMode } from '../../../../electron/agent/guards/sensitive-mode';
import { endTrigger, GuardReporter, reportGuards, startTrigger } from '../../../../electron/agent/sync/guard-reporter';
import { completeReport, type ReportInput } from '../../../../electron/agent/sync/report-input';
import { FakeClock } from '../../../helpers/fake-clock';

const DEVICE = '00000000-0000-4000-8000-000000000001';

/** Collects reports and checks each one against the schema the server applies. */
function sink() {
  const reports: ReportInput[] = [];
  return {
    reports,
    report(input: ReportInput) {
      ReportBodySchema.parse(completeReport(input, DEVICE, { policyId: null, version: 0 }, new Date()));
      reports.push(input);
    },
  };
}

const scrubbed = (i = 0): GuardActionEvent => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)),
  guard: 'clipboard',
  action: 'scrubbed',
  findings: [{ brand: 'visa', length: 16, last4: '1111' }],
});

afterEach(() => vi.useRealTimers());

describe('GuardReporter', () => {
  it('names triggers as the report schema does, with the rule id and never a title', () => {
    expect(startTrigger({ id: 'window:pay-page', kind: 'window', detail: 'rule pay-page' })).toEqual({ trigger: 'window-rule', ruleId: 'pay-page' });
    expect(startTrigger({ id: 'integration:crm', kind: 'integration', detail: 'crm' })).toEqual({ trigger: 'integration' });
    expect(startTrigger({ id: 'link:softphone', kind: 'link', detail: 'softphone' })).toEqual({ trigger: 'integration' });
    expect(startTrigger({ id: 'manual', kind: 'manual', detail: 'agent' })).toEqual({ trigger: 'shortcut' });
    expect([endTrigger('released'), endTrigger('max-duration'), endTrigger('stopped')]).toEqual(['grace-expired', 'max-duration', 'agent-stopped']);
  });

  it('batches guard events into one report per period', () => {
    vi.useFakeTimers();
    const s = sink();
    const reporter = new GuardReporter(s, { flushMs: 5000 });
    reporter.guardEvent(scrubbed(1));
    reporter.guardEvent({ at: new Date(), guard: 'notes-folder', action: 'redacted', subject: 'call-notes.txt', findings: [{ brand: 'amex', length: 15, last4: '0005' }] });
    expect(s.reports).toEqual([]);
    vi.advanceTimersByTime(5000);
    expect(s.reports).toHaveLength(1);
    const report = s.reports[0]!;
    expect(report.kind === 'guard-events' && report.events.map((e) => `${e.guard}:${e.action}:${e.subject ?? ''}`)).toEqual(['clipboard:scrubbed:', 'notes-folder:redacted:call-notes.txt']);
    vi.advanceTimersByTime(60_000);
    expect(s.reports).toHaveLength(1);
  });

  it('keeps a busy clipboard from flooding the outbox: the surplus is counted, one report per period', () => {
    vi.useFakeTimers();
    const s = sink();
    const reporter = new GuardReporter(s, { flushMs: 5000, maxDetailed: 10 });
    for (let i = 0; i < 1000; i++) reporter.guardEvent(scrubbed(i));
    reporter.guardEvent({ at: new Date(), guard: 'capture', action: 'blocked', subject: 'Print Screen', findings: [] });
    vi.advanceTimersByTime(5000);
    expect(s.reports).toHaveLength(1);
    const report = s.reports[0]!;
    if (report.kind !== 'guard-events') throw new Error('expected guard-events');
    expect(report.events.slice(0, 10).every((e) => e.count === undefined && e.findings.length === 1)).toBe(true);
    expect(report.events.slice(10)).toEqual([
      { at: expect.any(String), guard: 'clipboard', action: 'scrubbed', count: 990, findings: [] },
      { at: expect.any(String), guard: 'capture', action: 'blocked', findings: [] },
    ]);
  });

  it('sends sensitive-mode changes at once, after the guard events that came before them', () => {
    vi.useFakeTimers();
    const clock = new FakeClock();
    const mode = new SensitiveMode({ clock, graceMs: 0, maxDurationMs: 60_000 });
    const listeners = new Set<(e: GuardActionEvent) => void>();
    const s = sink();
    const reporter = reportGuards({ mode, onGuardEvent: (l) => (listeners.add(l), () => void listeners.delete(l)) }, s, { flushMs: 5000 });
    for (const l of listeners) l(scrubbed());
    mode.hold({ id: 'window:pay', kind: 'window', detail: 'rule pay' });
    for (const l of listeners) l({ at: new Date(), guard: 'capture', action: 'terminated', subject: 'flameshot', findings: [] });
    mode.release('window:pay');
    expect(s.reports.map((r) => r.kind)).toEqual(['guard-events', 'sensitive-state', 'guard-events', 'sensitive-state']);
    expect(s.reports[1]).toEqual({ kind: 'sensitive-state', active: true, trigger: 'window-rule', ruleId: 'pay' });
    expect(s.reports[3]).toEqual({ kind: 'sensitive-state', active: false, trigger: 'grace-expired' });
    reporter.stop();
    expect(listeners.size).toBe(0);
    mode.hold({ id: 'manual', kind: 'manual', detail: 'agent' });
    expect(s.reports).toHaveLength(4);
  });

  it('never breaks the guard when queueing fails', () => {
    const lines: string[] = [];
    const reporter = new GuardReporter({ report: () => { throw new Error('disk full'); } }, { log: (l) => lines.push(l) });
    reporter.sensitiveStarted({ id: 'manual', kind: 'manual', detail: 'agent' });
    expect(lines).toEqual(['guard report not queued: disk full']);
  });
});
