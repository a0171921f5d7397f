import type { AppState } from './app-state';

/**
 * Where the agent stands at shift start:
 * - needs-check: no finished round of checks yet (or one is running);
 * - blocked: not compliant and policy blocks non-compliant starts: fix first, no way around it;
 * - needs-attestations: some policy attestations are not confirmed yet;
 * - action-needed: not compliant, policy allows the start (the report says so);
 * - ready: compliant and every attestation confirmed.
 */
export type ShiftReadiness =
  | { kind: 'needs-check' }
  | { kind: 'blocked' }
  | { kind: 'needs-attestations'; missing: string[] }
  | { kind: 'action-needed' }
  | { kind: 'ready' };

/** Judges shift readiness from a state snapshot. Used by the UI and enforced again by the main process. */
export function shiftReadiness(state: Pick<AppState, 'posture' | 'policy' | 'shift'>): ShiftReadiness {
  const run = state.posture.lastRun;
  if (state.posture.running || !run) return { kind: 'needs-check' };
  if (!run.compliant && state.policy.blockNonCompliant) return { kind: 'blocked' };
  const missing = state.policy.attestations.map((a) => a.id).filter((id) => !state.shift.confirmed.includes(id));
  if (missing.length > 0) return { kind: 'needs-attestations', missing };
  return run.compliant ? { kind: 'ready' } : { kind: 'action-needed' };
}

/** True when the shift may start now. */
export function canStartShift(readiness: ShiftReadiness): boolean {
  switch (readiness.kind) {
    case 'ready':
    case 'action-needed':
      return true;
    case 'needs-check':
    case 'blocked':
    case 'needs-attestations':
      return false;
  }
}
