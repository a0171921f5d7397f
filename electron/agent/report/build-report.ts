import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { PostureReport } from '../../../shared/api/legacy-report';
import type { CheckResult } from '../../../shared/posture/check-result';
import { AGENT_VERSION } from '../../../shared/version';
import type { AgentPlatform } from '../posture/check-context';

/** Wraps check results into a report with a fresh unique id. */
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
