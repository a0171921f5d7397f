import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { PostureReport, PostureReportBody } from '../../../shared/api/report';
import type { CheckResult } from '../../../shared/posture/check-result';
import type { Policy } from '../../../shared/policy/schema';
import { AGENT_VERSION } from '../../../shared/version';
import type { AgentPlatform } from '../posture/check-context';

/** Wraps check results into a posture report body (to be signed) with a fresh unique id. */
export function buildPostureReportBody(input: {
  /** The device id the server gave at enrollment. */
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

/**
 * @deprecated The walking skeleton's unsigned report, still used by the desktop engine until the
 * sync engine (issue 9) signs reports there; the server refuses it. Use buildPostureReportBody.
 */
export function buildPostureReport(input: { deviceId: string; platform: AgentPlatform; checks: CheckResult[]; now: Date }): PostureReport {
  return {
    reportId: randomUUID(),
    deviceId: input.deviceId,
    hostname: os.hostname(),
    os: { platform: input.platform, release: os.release() },
    agentVersion: AGENT_VERSION,
    sentAt: input.now.toISOString(),
    checks: input.checks,
  };
}
