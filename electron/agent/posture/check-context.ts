import type { CheckId } from '../../../shared/posture/check-result';
import type { Policy } from '../../../shared/policy/schema';
import type { AgentPlatform } from '../../../shared/posture/platform';
import type { CommandRunner } from '../os/command-runner';
import type { FileReader } from '../os/file-reader';

export type { AgentPlatform } from '../../../shared/posture/platform';

/** Everything a check needs from the outside world, handed in so every branch is testable. */
export interface CheckContext {
  platform: AgentPlatform;
  run: CommandRunner;
  /** Read-only file access (sysfs, /etc, plists); injected like the runner. */
  files: FileReader;
  /** Environment variables a probe may need (SystemRoot on Windows). */
  env: Readonly<Record<string, string | undefined>>;
  policy: Policy;
  now: () => Date;
  /** Cache for expensive facts keyed on their inputs (apt's package lists); absent: no caching. */
  cache?: FactCache;
}

/** A small key/value cache that outlives the process (persisted by the agent's state store). */
export interface FactCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export type { CheckOutcome } from '../../../shared/posture/facts';
import type { CheckOutcome } from '../../../shared/posture/facts';

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
