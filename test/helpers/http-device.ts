import { createPublicKey, verify } from 'node:crypto';
import { CheckInResponseSchema, type CheckInResponse } from '../../shared/api/agent';
import { EnrollmentResponseSchema, type EnrollmentResponse } from '../../shared/api/enrollment';
import type { PolicyPayload } from '../../shared/api/policy';
import type { ReportBody } from '../../shared/api/report';
import { envelopeSigningInput } from '../../shared/envelope/signed-envelope';
import { TestDevice } from './test-device';

/**
 * A simulated workstation talking to a really listening server over HTTP, signing with node:crypto
 * exactly as the contract says (shared/envelope, shared/api). It stands in for the agent where the
 * real agent cannot do a step yet (applying a server-pushed policy is issue 9's sync engine).
 */
export class HttpDevice extends TestDevice {
  enrollment: EnrollmentResponse | null = null;
  applied: { policyId: string | null; version: number } = { policyId: null, version: 0 };

  constructor(readonly baseUrl: string, hostname?: string) {
    super(hostname);
  }

  private async post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  async enroll(token: string): Promise<this> {
    const res = await this.post('/enroll', this.enrollmentRequest(token));
    if (res.status !== 201) throw new Error(`enroll: ${res.status} ${await res.text()}`);
    this.enrollment = EnrollmentResponseSchema.parse(await res.json());
    this.deviceId = this.enrollment.deviceId;
    return this;
  }

  /** Signs and sends one report body; throws unless the server accepted it. */
  async report(body: ReportBody): Promise<void> {
    const res = await this.post('/reports', this.envelope('report', body));
    if (res.status !== 201 && res.status !== 200) throw new Error(`report: ${res.status} ${await res.text()}`);
  }

  /** Checks in with the applied version; a policy in the answer is verified with the server key and applied. */
  async checkInAndApply(): Promise<CheckInResponse> {
    const res = await this.post('/agent/check-in', this.checkIn(this.applied));
    if (res.status !== 200) throw new Error(`check-in: ${res.status} ${await res.text()}`);
    const answer = CheckInResponseSchema.parse(await res.json());
    if (answer.policy) {
      if (!this.enrollment) throw new Error('not enrolled');
      const { signature, payload, ...header } = answer.policy;
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: this.enrollment.serverPublicKey }, format: 'jwk' });
      if (header.keyId !== this.enrollment.serverKeyId || !verify(null, Buffer.from(envelopeSigningInput(header, payload)), key, Buffer.from(signature, 'base64url'))) {
        throw new Error('policy signature does not verify with the server key');
      }
      const p: PolicyPayload = payload;
      if (p.deviceId !== this.deviceId) throw new Error('policy issued to another device');
      if (p.policyId === this.applied.policyId && p.version <= this.applied.version) throw new Error('policy rollback refused');
      this.applied = { policyId: p.policyId, version: p.version };
      const again = await this.post('/agent/check-in', this.checkIn(this.applied));
      if (again.status !== 200) throw new Error(`check-in after apply: ${again.status}`);
    }
    return answer;
  }
}
