import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../shared/policy/schema';
import type { CheckResult } from '../../../shared/posture/check-result';
import { isCompliant } from '../../../shared/posture/compliance';
import { EMPTY_GRACE_STATE, formatRemaining, judgeChecks } from '../../../shared/posture/grace';

const r = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({ id, status, summary: 's', evidence: {}, durationMs: 1 });
const policy = PolicySchema.parse({
  posture: { firewall: { mode: 'enforce', graceHours: 24 }, usb: { mode: 'audit' }, screenLock: { mode: 'off' }, diskEncryption: { mode: 'enforce', graceHours: 0 } },
});
const t0 = new Date('2026-06-01T08:00:00Z');
const hours = (h: number) => new Date(t0.getTime() + h * 3_600_000);

describe('judging against policy with grace periods', () => {
  it('audit never blocks, off is off, enforced failure without grace blocks', () => {
    const a = judgeChecks([r('usb', 'fail'), r('screen-lock', 'fail'), r('disk-encryption', 'fail')], policy, EMPTY_GRACE_STATE, t0);
    expect(a.checks.map((c) => c.judgement)).toEqual(['audit', 'off', 'blocking']);
    expect(a.compliant).toBe(false);
    expect(a.state.firstFailure).toEqual({ 'disk-encryption': t0.toISOString() });
  });
  it('keeps the first-failure time across runs and says how long is left, then blocks', () => {
    const first = judgeChecks([r('firewall', 'fail')], policy, EMPTY_GRACE_STATE, t0);
    expect(first.checks[0]).toMatchObject({ judgement: 'grace', graceRemainingMinutes: 1440, graceEndsAt: hours(24).toISOString() });
    expect(first.compliant).toBe(true);
    expect(first.allEnforcedPassed).toBe(false);
    const later = judgeChecks([r('firewall', 'unknown')], policy, first.state, hours(20));
    expect(later.checks[0]).toMatchObject({ judgement: 'grace', firstFailedAt: t0.toISOString(), graceRemainingMinutes: 240 });
    const over = judgeChecks([r('firewall', 'fail')], policy, later.state, hours(24));
    expect(over.checks[0]).toMatchObject({ judgement: 'blocking', graceRemainingMinutes: 0 });
    expect(over.compliant).toBe(false);
  });
  it('a pass clears the clock; a first-failure time in the future is not trusted', () => {
    const failing = judgeChecks([r('firewall', 'fail')], policy, EMPTY_GRACE_STATE, t0);
    const fixed = judgeChecks([r('firewall', 'pass')], policy, failing.state, hours(1));
    expect(fixed.state.firstFailure).toEqual({});
    const skewed = judgeChecks([r('firewall', 'fail')], policy, { firstFailure: { firewall: hours(100).toISOString() } }, t0);
    expect(skewed.checks[0]?.firstFailedAt).toBe(t0.toISOString());
  });
  it('strict compliance (no grace) stays available', () => {
    expect(isCompliant([r('firewall', 'fail')], policy)).toBe(false);
    expect(isCompliant([r('usb', 'fail')], policy)).toBe(true);
  });
  it('formats remaining time', () => {
    expect(formatRemaining(0)).toBe('0 min');
    expect(formatRemaining(125)).toBe('2 h 5 min');
    expect(formatRemaining(1440 * 3)).toBe('3 d');
  });
});
