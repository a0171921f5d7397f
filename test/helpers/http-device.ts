import { EnrollmentResponseSchema, type EnrollmentResponse } from '../../shared/api/enrollment';
import type { ReportBody } from '../../shared/api/report';
import { TestDevice } from './test-device';

/**
 * A simulated workstation talking to a really listening server over HTTP, signing with node:crypto
 * exactly as the contract says (shared/envelope, shared/api). Tests use it where they need to choose
 * what a workstation reports (the real agent reports what its machine is); applying policies is
 * proven with the real agent (`shiftguard run`, test/server/console/console-live.test.ts).
 */
export class HttpDevice extends TestDevice {
  enrollment: EnrollmentResponse | null = null;

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
}
