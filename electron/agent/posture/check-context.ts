import type { CheckId, CheckResult } from '../../../shared/posture/check-result';
import type { Policy } from '../../../shared/policy/schema';
import type { CommandRunner } from '../os/command-runner';

/** The platforms the agent has adapters for. */
export type AgentPlatform = 'win32' | 'darwin' | 'linux';

/** Everything a check needs from the outside world, handed in so every branch is testable. */
export interface CheckContext {
  platform: AgentPlatform;
  run: CommandRunner;
  policy: Policy;
  now: () => Date;
}

/** A check's verdict before timing is added. */
export type CheckOutcome = Omit<CheckResult, 'id' | 'durationMs'>;

/** One posture check. */
export interface PostureCheck {
  id: CheckId;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** Narrows process.platform to a supported platform, or null. */
export function toAgentPlatform(platform: string): AgentPlatform | null {
  switch (platform) {
    case 'win32':
    case 'darwin':
    case 'linux':
      return platform;
    default:
      return null;
  }
}
