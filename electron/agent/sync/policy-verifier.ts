import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { PolicyPayloadSchema, type PolicyPayload } from '../../../shared/api/policy';
import type { PolicyRefusalReason } from '../../../shared/api/report';
import { AnySignedEnvelopeSchema, envelopeSigningInput } from '../../../shared/envelope/signed-envelope';

/** The policy that is applied now, as far as rollback and replay checks need it. */
export interface AppliedPolicyMark {
  policyId: string | null;
  version: number;
  /** signedAt of the applied envelope (null for the built-in default). */
  signedAt: string | null;
}

/** Who we are and whom we trust: from enrollment. */
export interface PolicyTrust {
  deviceId: string;
  serverKeyId: string;
  /** Raw Ed25519 public key, base64url (pinned at enrollment). */
  serverPublicKey: string;
}

export type PolicyVerdict =
  | { ok: true; payload: PolicyPayload; signedAt: string }
  /** The same policy and version as applied: nothing to do (a re-delivery, not an attack). */
  | { ok: 'current' }
  | { ok: false; reason: PolicyRefusalReason; detail: string; claimed: { policyId: string | null; version: number | null } };

/** A raw Ed25519 public key (base64url) as a KeyObject. */
export function ed25519PublicKey(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

function claimedOf(payload: unknown): { policyId: string | null; version: number | null } {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as { policyId?: unknown; version?: unknown };
  return {
    policyId: typeof p.policyId === 'string' ? p.policyId.slice(0, 128) : null,
    version: typeof p.version === 'number' && Number.isInteger(p.version) ? p.version : null,
  };
}

/**
 * Decides whether a signed policy may apply. In order: envelope shape → signed by the pinned key id →
 * signature over the payload exactly as received → payload schema (document included) → issued to
 * this device → newer than what is applied. A policy is never applied on any failure.
 *
 * Newer means: a higher version of the same policy, or (the team moved to another policy) an
 * envelope signed after the applied one, so an old envelope of a former policy cannot be replayed.
 */
export function verifySignedPolicy(raw: unknown, trust: PolicyTrust, applied: AppliedPolicyMark): PolicyVerdict {
  const envelope = AnySignedEnvelopeSchema.safeParse(raw);
  if (!envelope.success || envelope.data.purpose !== 'policy') {
    return { ok: false, reason: 'invalid-schema', detail: 'not a signed policy envelope', claimed: claimedOf((raw as { payload?: unknown } | null)?.payload) };
  }
  const { keyId, signedAt, signature, payload } = envelope.data;
  const claimed = claimedOf(payload);
  if (keyId !== trust.serverKeyId) return { ok: false, reason: 'unknown-key', detail: `signed by key '${keyId.slice(0, 64)}', not the pinned server key`, claimed };
  const input = Buffer.from(envelopeSigningInput({ purpose: 'policy', keyId, signedAt }, payload), 'utf8');
  let valid: boolean;
  try {
    valid = verify(null, input, ed25519PublicKey(trust.serverPublicKey), Buffer.from(signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'bad-signature', detail: 'the signature does not verify with the pinned server key', claimed };
  const parsed = PolicyPayloadSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: 'invalid-schema', detail: `policy fails the schema at ${parsed.error.issues[0]?.path.join('.') ?? '?'}`, claimed };
  const policy = parsed.data;
  if (policy.document.version !== policy.version) return { ok: false, reason: 'invalid-schema', detail: 'document.version differs from the envelope version', claimed };
  if (policy.deviceId !== trust.deviceId) return { ok: false, reason: 'other-device', detail: 'this policy was issued to another device', claimed };
  if (policy.policyId === applied.policyId) {
    if (policy.version === applied.version) return { ok: 'current' };
    if (policy.version < applied.version) return { ok: false, reason: 'older-version', detail: `version ${policy.version} is older than the applied version ${applied.version}`, claimed };
  } else if (applied.signedAt !== null && Date.parse(signedAt) <= Date.parse(applied.signedAt)) {
    return { ok: false, reason: 'older-version', detail: 'signed before the applied policy (a replayed envelope)', claimed };
  }
  return { ok: true, payload: policy, signedAt };
}
