import { z } from 'zod';
import type { Policy } from '../policy/schema';
import { CheckIdSchema, type CheckResult } from './check-result';
import { controlFor } from './compliance';

/** What the agent keeps between runs: when each enforced check started failing. */
export const GraceStateSchema = z.object({
  firstFailure: z.partialRecord(CheckIdSchema, z.iso.datetime({ offset: true })).default({}),
});
export type GraceState = z.infer<typeof GraceStateSchema>;
export const EMPTY_GRACE_STATE: GraceState = { firstFailure: {} };

/**
 * pass: passed; off: not run by policy; audit: failed but audit-only (never blocks);
 * grace: enforced and failing, still inside its grace period; blocking: enforced, failing, grace over.
 */
export type Judgement = 'pass' | 'off' | 'audit' | 'grace' | 'blocking';

/** A check result with its policy judgement. */
export interface JudgedCheck extends CheckResult {
  mode: 'enforce' | 'audit' | 'off';
  judgement: Judgement;
  /** When this enforced check was first seen failing (kept across runs). */
  firstFailedAt: string | null;
  graceEndsAt: string | null;
  /** Whole minutes left before the failure blocks; 0 once it blocks; null when not failing or no grace. */
  graceRemainingMinutes: number | null;
}

export interface Assessment {
  /** No enforced check is blocking (failures inside their grace period do not count yet). */
  compliant: boolean;
  /** Every enforced check passed, ignoring grace periods. */
  allEnforcedPassed: boolean;
  checks: JudgedCheck[];
  /** The grace state to keep for the next run. */
  state: GraceState;
}

/**
 * Judges check results against the policy. Pure: the first-failure times come in with `state`
 * and go out updated, so the caller persists them. Any non-pass of an enforced check (fail,
 * unknown, error) starts or continues the grace clock; a pass clears it.
 */
export function judgeChecks(results: readonly CheckResult[], policy: Policy, state: GraceState, now: Date): Assessment {
  const firstFailure: GraceState['firstFailure'] = {};
  const checks = results.map((r): JudgedCheck => {
    const control = controlFor(r.id, policy);
    const base = { ...r, mode: control.mode, firstFailedAt: null, graceEndsAt: null, graceRemainingMinutes: null };
    if (control.mode === 'off') return { ...base, judgement: 'off' };
    if (r.status === 'pass') return { ...base, judgement: 'pass' };
    if (control.mode === 'audit') return { ...base, judgement: 'audit' };
    const kept = state.firstFailure[r.id];
    const since = kept && !Number.isNaN(Date.parse(kept)) && Date.parse(kept) <= now.getTime() ? new Date(kept) : now;
    firstFailure[r.id] = since.toISOString();
    const ends = new Date(since.getTime() + control.graceHours * 3_600_000);
    const leftMs = ends.getTime() - now.getTime();
    const inGrace = leftMs > 0;
    return {
      ...base,
      judgement: inGrace ? 'grace' : 'blocking',
      firstFailedAt: since.toISOString(),
      graceEndsAt: control.graceHours > 0 ? ends.toISOString() : null,
      graceRemainingMinutes: control.graceHours > 0 ? Math.max(0, Math.ceil(leftMs / 60_000)) : null,
    };
  });
  return {
    compliant: checks.every((c) => c.judgement !== 'blocking'),
    allEnforcedPassed: checks.every((c) => c.mode !== 'enforce' || c.judgement === 'pass'),
    checks,
    state: { firstFailure },
  };
}

/** "2 h 5 min" for a count of minutes. */
export function formatRemaining(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', mins || (!days && !hours) ? `${mins} min` : ''];
  return parts.filter(Boolean).join(' ');
}
