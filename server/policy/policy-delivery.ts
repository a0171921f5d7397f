import type { SignedPolicy } from '../../shared/api/policy';
import type { ServerSigningKey } from '../crypto/server-key';
import { signEnvelope } from '../crypto/ed25519';
import type { EffectivePolicy } from '../repositories/policies-repository';

/** Signs the effective policy for one device (the device id is inside the signed payload). */
export function signPolicyFor(deviceId: string, policy: EffectivePolicy, key: ServerSigningKey, now = Date.now()): SignedPolicy {
  const payload = {
    policyId: policy.policyId,
    version: policy.version,
    publishedAt: new Date(policy.publishedAt).toISOString(),
    deviceId,
    document: policy.document,
  };
  const header = { purpose: 'policy' as const, keyId: key.keyId, signedAt: new Date(now).toISOString() };
  return { ...header, payload, signature: signEnvelope(header, payload, key.privateKey) };
}
