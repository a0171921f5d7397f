import { existsSync, readFileSync } from 'node:fs';
import type { PolicyRefusalReason } from '../../../shared/api/report';
import type { AppliedPolicy } from '../../../shared/api/report';
import { DEFAULT_POLICY } from '../../../shared/policy/default-policy';
import type { Policy } from '../../../shared/policy/schema';
import { writeFileAtomic } from './atomic-file';
import { verifySignedPolicy, type PolicyTrust } from './policy-verifier';

/** The policy in force, with where it came from. Frozen: readers can never see half a change. */
export interface PolicySnapshot {
  readonly policy: Policy;
  readonly source: 'built-in' | 'server';
  readonly policyId: string | null;
  readonly version: number;
  /** signedAt of the server envelope; null for the built-in default. */
  readonly signedAt: string | null;
}

/** What offering a signed policy did. */
export type PolicyOutcome =
  | { result: 'applied'; snapshot: PolicySnapshot }
  | { result: 'current' }
  | { result: 'refused'; reason: PolicyRefusalReason; detail: string; claimed: { policyId: string | null; version: number | null } };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const BUILT_IN: PolicySnapshot = deepFreeze({ policy: structuredClone(DEFAULT_POLICY), source: 'built-in', policyId: null, version: DEFAULT_POLICY.version, signedAt: null });

/**
 * The one place the guards and the posture checks read the policy from. A new policy replaces the
 * whole snapshot in one assignment and listeners hear of it right after, so every reader switches
 * to the same policy together. Before enrollment (or until a server policy verifies) the built-in
 * default applies. When a `file` is given, the last good signed policy is kept there (as received)
 * and re-verified on the next start.
 */
export class PolicyStore {
  private snapshot: PolicySnapshot = BUILT_IN;
  private readonly listeners = new Set<(snapshot: PolicySnapshot) => void>();

  constructor(private readonly file?: string) {}

  /** The policy in force now. */
  current(): PolicySnapshot {
    return this.snapshot;
  }

  /** The applied policy as reports and check-ins state it. */
  applied(): AppliedPolicy {
    return { policyId: this.snapshot.policyId, version: this.snapshot.version };
  }

  /** Calls `listener` after every switch; returns the unsubscribe function. */
  subscribe(listener: (snapshot: PolicySnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Verifies a signed policy against `trust` and, if it passes, saves it and switches to it. On any
   * refusal the policy in force stays as it is.
   */
  offer(raw: unknown, trust: PolicyTrust): PolicyOutcome {
    const verdict = verifySignedPolicy(raw, trust, this.snapshot);
    if (verdict.ok === 'current') return { result: 'current' };
    if (verdict.ok === false) return { result: 'refused', reason: verdict.reason, detail: verdict.detail, claimed: verdict.claimed };
    // Saved before it is switched to: a policy in force is always the one a restart finds.
    if (this.file) writeFileAtomic(this.file, JSON.stringify(raw), 0o600);
    const snapshot: PolicySnapshot = deepFreeze({
      policy: structuredClone(verdict.payload.document),
      source: 'server',
      policyId: verdict.payload.policyId,
      version: verdict.payload.version,
      signedAt: verdict.signedAt,
    });
    this.switchTo(snapshot);
    return { result: 'applied', snapshot };
  }

  /** Re-applies the saved last good policy after a restart (verified again; ignored if it fails). */
  restore(trust: PolicyTrust): PolicyOutcome | null {
    if (!this.file || !existsSync(this.file)) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return { result: 'refused', reason: 'invalid-schema', detail: 'the saved policy is not JSON', claimed: { policyId: null, version: null } };
    }
    return this.offer(raw, trust);
  }

  /** Back to the built-in default (after the enrollment is forgotten). */
  reset(): void {
    this.switchTo(BUILT_IN);
  }

  private switchTo(snapshot: PolicySnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch {
        // One failing reader must not keep the others on the old policy.
      }
    }
  }
}
