import type { PosturePolicy } from '../policy/schema';
import { undecided, type CheckOutcome, type Gathered, type ScreenLockFacts } from './facts';
import type { AgentPlatform } from './platform';

const FIX: Record<AgentPlatform, string> = {
  win32: 'Set the screen to lock after a few idle minutes (Settings > Personalization > Lock screen > Screen saver, "On resume, display logon screen"), or ask IT.',
  darwin: 'Require a password immediately after sleep or screen saver, and start the screen saver after a few minutes (System Settings > Lock Screen).',
  linux: 'Turn on automatic screen lock after a few idle minutes (Settings > Privacy > Screen Lock), or ask IT.',
};

/** Screen lock verdict: the screen must lock by itself after at most maxIdleMinutes idle. */
export function decideScreenLock(platform: AgentPlatform, gathered: Gathered<ScreenLockFacts>, policy: PosturePolicy['screenLock']): CheckOutcome {
  if (!gathered.ok) return undecided(gathered, 'Ask IT to check the screen lock settings of this workstation.');
  const { facts } = gathered;
  const max = policy.maxIdleMinutes;
  const evidence = { source: facts.source, lockEnabled: facts.lockEnabled, lockAfterMinutes: facts.lockAfterMinutes, maxIdleMinutes: max, ...(facts.detail ?? {}) };
  if (facts.lockEnabled === false) return { status: 'fail', summary: 'The screen does not lock by itself.', evidence, remediation: FIX[platform] };
  if (facts.lockEnabled === null) return { status: 'unknown', summary: 'Could not tell whether the screen locks by itself.', evidence, remediation: FIX[platform] };
  if (facts.lockAfterMinutes === null) return { status: 'fail', summary: 'The screen lock is on, but idle locking never starts.', evidence, remediation: FIX[platform] };
  if (facts.lockAfterMinutes > max) {
    return { status: 'fail', summary: `The screen locks after ${formatMinutes(facts.lockAfterMinutes)} idle (max ${max} min).`, evidence, remediation: FIX[platform] };
  }
  return { status: 'pass', summary: `The screen locks after ${formatMinutes(facts.lockAfterMinutes)} idle.`, evidence };
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? `${minutes} min` : `${minutes.toFixed(1)} min`;
}
