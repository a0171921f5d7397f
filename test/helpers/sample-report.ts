import { randomUUID } from 'node:crypto';
import type { PostureReport } from '../../shared/api/legacy-report';

/** A valid posture report for API tests; override any field. */
export function sampleReport(overrides: Partial<PostureReport> = {}): PostureReport {
  return {
    reportId: randomUUID(),
    deviceId: 'device-test-1',
    hostname: 'desk-042',
    os: { platform: 'linux', release: '6.1.0' },
    agentVersion: '0.1.0',
    sentAt: new Date().toISOString(),
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
    ...overrides,
  };
}
