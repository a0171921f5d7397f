import os from 'node:os';
import type { CheckResult } from '../../../shared/posture/check-result';
import type { AgentPlatform } from '../posture/check-context';
import type { ReportInput } from './report-input';

/**
 * The posture report of one run of the checks. `compliant` is the agent's verdict (PostureService:
 * enforced checks, with grace periods); the sync engine adds the id, device and applied policy.
 */
export function postureReportInput(checks: CheckResult[], compliant: boolean, platform: AgentPlatform, now = new Date()): ReportInput {
  return {
    kind: 'posture',
    observedAt: now.toISOString(),
    hostname: os.hostname().slice(0, 255) || 'unknown',
    os: { platform, release: os.release().slice(0, 200) },
    checks,
    compliant,
  };
}
