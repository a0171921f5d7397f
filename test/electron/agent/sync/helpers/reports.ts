import { randomUUID } from 'node:crypto';
import type { GuardEvent, ReportBody } from '../../../../../shared/api/report';

const DEVICE = '00000000-0000-4000-8000-000000000001';

function base(deviceId: string) {
  return { reportId: randomUUID(), deviceId, observedAt: new Date().toISOString(), agentVersion: '0.1.0', appliedPolicy: { policyId: null, version: 0 } };
}

/** A posture report body (valid against the schema). */
export function postureBody(deviceId = DEVICE): Extract<ReportBody, { kind: 'posture' }> {
  return {
    ...base(deviceId),
    kind: 'posture',
    hostname: 'desk-1',
    os: { platform: 'linux', release: '6.1.0' },
    checks: [{ id: 'disk-encryption', status: 'pass', summary: 'Encrypted.', evidence: { source: 'lsblk' }, durationMs: 3 }],
    compliant: true,
  };
}

/** A guard-events report with `n` events. */
export function guardBody(n = 1, deviceId = DEVICE, guard: GuardEvent['guard'] = 'clipboard'): Extract<ReportBody, { kind: 'guard-events' }> {
  const events: GuardEvent[] = Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
    guard,
    action: 'scrubbed',
    subject: `notes-${i}.txt`,
    findings: [{ brand: 'visa', length: 16, last4: '1111' }],
  }));
  return { ...base(deviceId), kind: 'guard-events', events };
}

export function heartbeatBody(deviceId = DEVICE): Extract<ReportBody, { kind: 'heartbeat' }> {
  return { ...base(deviceId), kind: 'heartbeat', sensitiveActive: false };
}
