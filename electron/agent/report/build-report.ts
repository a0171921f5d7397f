import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { PostureReportBody } from '../../../shared/api/report';
import type { CheckResult } from '../../../shared/posture/check-result';
import type { Policy } from '../../../shared/policy/schema';
import { AGENT_VERSION } from '../../../shared/version';
import type { AgentPlatform } from '../posture/check-context';

/** Wraps check results into a posture report body with a fresh unique id. */
export function buildPostureReport(input: {
  deviceId: string;
  platform: AgentPlatform;
  checks: CheckResult[];
  /** The agent's verdict (PostureService: enforced checks, with grace periods). */
  compliant: boolean;
  policy: Policy;
  now: Date;
}): PostureReportBody {
  return {
    kind: 'posture',
    reportId: randomUUID(),
    deviceId: input.deviceId,
    observedAt: input.now.toISOString(),
    agentVersion: AGENT_VERSION,
    // The headless agent runs the built-in or a local policy file; server policies arrive with issue 9.
    appliedPolicy: { policyId: null, version: input.policy.version },
    hostname: os.hostname(),
    os: { platform: input.platform, release: os.release() },
    checks: input.checks,
    compliant: input.compliant,
  };
}
