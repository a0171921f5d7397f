import type { PolicyRefusalReason } from '../../../shared/api/report';
import type { PolicyOutcome, PolicyStore } from './policy-store';
import type { PolicyTrust } from './policy-verifier';
import type { ReportInput } from './report-input';
import type { SyncStatus } from './sync-status';

export interface PolicyIntakeHooks {
  log(line: string): void;
  /** Queues a report (the refusal). */
  report(input: ReportInput): void;
  refused(refusal: NonNullable<SyncStatus['lastRefusal']>): void;
  /** A policy was applied from the live channel: check in to tell the server. */
  appliedLive(): void;
}

/**
 * Where signed policies come in (check-in answers and the live channel): offered to the store,
 * logged, and each distinct refusal reported once (the server re-offers the same policy on every
 * check-in until the agent applies it, so reporting each time would flood the outbox).
 */
export class PolicyIntake {
  private readonly reported = new Set<string>();

  constructor(
    private readonly store: PolicyStore,
    private readonly hooks: PolicyIntakeHooks,
  ) {}

  /** Forgets which refusals were reported (a new enrollment). */
  reset(): void {
    this.reported.clear();
  }

  offer(raw: unknown, trust: PolicyTrust, via: 'check-in' | 'live'): PolicyOutcome {
    const outcome = this.store.offer(raw, trust);
    switch (outcome.result) {
      case 'applied':
        this.hooks.log(`sync: policy ${outcome.snapshot.policyId} version ${outcome.snapshot.version} applied (${via})`);
        if (via === 'live') this.hooks.appliedLive();
        break;
      case 'current':
        break;
      case 'refused':
        this.refused(outcome.reason, outcome.detail, outcome.claimed, via);
        break;
      default: {
        const never: never = outcome;
        throw new Error(`unknown policy outcome ${JSON.stringify(never)}`);
      }
    }
    return outcome;
  }

  private refused(reason: PolicyRefusalReason, detail: string, claimed: { policyId: string | null; version: number | null }, via: 'check-in' | 'live'): void {
    this.hooks.log(`sync: policy refused (${reason}: ${detail}); the last good policy stays active`);
    this.hooks.refused({ at: new Date().toISOString(), reason, detail, policyId: claimed.policyId, version: claimed.version });
    const key = `${reason}/${claimed.policyId}/${claimed.version}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.hooks.report({ kind: 'policy-refused', reason, refusedPolicy: claimed, via });
  }
}
