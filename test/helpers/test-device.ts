import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { deviceAuthSigningInput, formatDeviceAuthorization, type CheckInPayload } from '../../shared/api/agent';
import type { EnrollmentRequest } from '../../shared/api/enrollment';
import type { ReportBody } from '../../shared/api/report';
import { envelopeSigningInput, type EnvelopePurpose } from '../../shared/envelope/signed-envelope';

/** A simulated workstation: its own Ed25519 key pair, signing like a real agent does. */
export class TestDevice {
  readonly privateKey: KeyObject;
  readonly publicKey: string;
  readonly machineIdHash: string;
  deviceId = '';

  constructor(readonly hostname = `desk-${randomUUID().slice(0, 6)}`) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    const x = pair.publicKey.export({ format: 'jwk' }).x;
    if (!x) throw new Error('no public key');
    this.publicKey = x;
    this.machineIdHash = createHash('sha256').update(`machine:${randomUUID()}`).digest('hex');
  }

  enrollmentRequest(token: string): EnrollmentRequest {
    return { token, machineIdHash: this.machineIdHash, publicKey: this.publicKey, hostname: this.hostname, agentVersion: '0.1.0' };
  }

  /** A signed envelope over any payload (tests may pass invalid payloads on purpose). */
  envelope(purpose: EnvelopePurpose, payload: unknown, signedAt = new Date().toISOString(), keyId = this.deviceId) {
    const header = { purpose, keyId, signedAt };
    return { ...header, payload, signature: sign(null, Buffer.from(envelopeSigningInput(header, payload)), this.privateKey).toString('base64url') };
  }

  /** A valid posture report body; override any field. */
  posture(overrides: Partial<Extract<ReportBody, { kind: 'posture' }>> = {}): Extract<ReportBody, { kind: 'posture' }> {
    return {
      kind: 'posture',
      reportId: randomUUID(),
      deviceId: this.deviceId,
      observedAt: new Date().toISOString(),
      agentVersion: '0.1.0',
      appliedPolicy: { policyId: null, version: 0 },
      hostname: this.hostname,
      os: { platform: 'linux', release: '6.1.0' },
      checks: [{ id: 'disk-encryption', status: 'fail', summary: 'Not encrypted: /.', evidence: { source: 'lsblk' }, remediation: 'Enable LUKS.', durationMs: 4 }],
      compliant: false,
      ...overrides,
    };
  }

  /** Base fields of any report kind. */
  base() {
    return { reportId: randomUUID(), deviceId: this.deviceId, observedAt: new Date().toISOString(), agentVersion: '0.1.0', appliedPolicy: { policyId: null, version: 0 } };
  }

  checkIn(applied: CheckInPayload['appliedPolicy'] = { policyId: null, version: 0 }, signedAt?: string) {
    return this.envelope('check-in', { deviceId: this.deviceId, appliedPolicy: applied, agentVersion: '0.1.0' }, signedAt);
  }

  /** The Authorization header for a device GET. */
  authorization(method: string, path: string, timestamp = new Date().toISOString()): string {
    const sig = sign(null, Buffer.from(deviceAuthSigningInput(method, path, timestamp)), this.privateKey).toString('base64url');
    return formatDeviceAuthorization(this.deviceId, timestamp, sig);
  }
}
