import type { Policy } from '../../../shared/policy/schema';
import { runCommand } from '../os/command-runner';
import { nodeFileReader } from '../os/file-reader';
import { toAgentPlatform, type CheckContext } from './check-context';

/** Thrown when the agent runs on an OS it has no adapters for. */
export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError';
}

/** The check context for this machine: the real command runner, file reader and clock. */
export function localCheckContext(policy: Policy): CheckContext {
  const platform = toAgentPlatform(process.platform);
  if (!platform) throw new UnsupportedPlatformError(`ShiftGuard does not support ${process.platform}`);
  return { platform, run: runCommand, files: nodeFileReader, env: process.env, policy, now: () => new Date() };
}
