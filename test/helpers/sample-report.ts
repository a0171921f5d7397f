import { randomUUID } from 'node:crypto';
import type { PostureReportBody } from '../../shared/api/report';

/** A valid posture report body for API tests (unsigned: sign it with TestDevice.envelope); override any field. */
export function sampleReport(overrides: Partial<PostureReportBody> = {}): PostureReportBody {
  return {
    kind: 'posture',
    reportId: randomUUID(),
    deviceId: randomUUID(),
    observedAt: new Date().toISOString(),
    agentVersion: '0.1.0',
    appliedPolicy: { policyId: null, version: 0 },
    hostname: 'desk-042',
    os: { platform: 'linux', release: '6.1.0' },
    checks: [
      {
        id: 'disk-encryption',
        status: 'fail',
        summary: 'Not encrypted: /.',
        evidence: { source: 'lsblk' },
        remediation: 'Enable LUKS.',
        durationMs: 4,
      },
    ],
    compliant: false,
    ...overrides,
  };
}
