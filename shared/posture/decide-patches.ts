import type { PosturePolicy } from '../policy/schema';
import { undecided, type CheckOutcome, type Gathered, type PatchFacts } from './facts';
import type { AgentPlatform } from './platform';
import { compareVersions } from './version';

const DAY_MS = 24 * 60 * 60 * 1000;

const FIX: Record<AgentPlatform, string> = {
  win32: 'Install the pending Windows updates (Settings > Windows Update) and restart, or ask IT.',
  darwin: 'Install the macOS updates (System Settings > General > Software Update), or ask IT.',
  linux: 'Ask IT to install the pending security updates (apt upgrade / dnf upgrade).',
};

/**
 * OS patch verdict: version at least the policy minimum for this platform, updates installed
 * within maxDaysSinceUpdate, and no more pending security updates than allowed. Pending counts are
 * judged only where the OS can tell without network or admin rights; otherwise they are noted.
 */
export function decidePatches(platform: AgentPlatform, gathered: Gathered<PatchFacts>, policy: PosturePolicy['osPatches'], now: Date): CheckOutcome {
  if (!gathered.ok) return undecided(gathered, 'Ask IT to check the updates of this workstation.');
  const { facts } = gathered;
  const minimum = policy.minimumVersion[platform] ?? null;
  const last = facts.lastInstalledAt ? new Date(facts.lastInstalledAt) : null;
  const daysSince = last && !Number.isNaN(last.getTime()) ? Math.max(0, Math.floor((now.getTime() - last.getTime()) / DAY_MS)) : null;
  const evidence = {
    os: facts.osName,
    version: facts.version,
    minimumVersion: minimum,
    lastInstalledAt: facts.lastInstalledAt,
    lastInstalledSource: facts.lastInstalledSource,
    daysSinceUpdate: daysSince,
    maxDaysSinceUpdate: policy.maxDaysSinceUpdate,
    pendingUpdates: facts.pending.total,
    pendingSecurityUpdates: facts.pending.security,
    pendingSource: facts.pending.source,
    maxPendingSecurityUpdates: policy.maxPendingSecurityUpdates,
    ...(facts.pending.names ? { pendingSecurityNames: facts.pending.names.slice(0, 50) } : {}),
    ...(facts.pending.note ? { pendingNote: facts.pending.note } : {}),
  };

  const failures: string[] = [];
  const unknowns: string[] = [];
  if (minimum !== null) {
    if (facts.version === null) unknowns.push('the OS version could not be read');
    else if (compareVersions(facts.version, minimum) < 0) failures.push(`${facts.osName} ${facts.version} is older than the required ${minimum}`);
  }
  if (daysSince === null) unknowns.push('the date of the last update could not be read');
  else if (daysSince > policy.maxDaysSinceUpdate) failures.push(`no updates installed for ${daysSince} days (max ${policy.maxDaysSinceUpdate})`);
  if (facts.pending.security !== null && facts.pending.security > policy.maxPendingSecurityUpdates) {
    failures.push(`${facts.pending.security} security update${facts.pending.security === 1 ? '' : 's'} pending (max ${policy.maxPendingSecurityUpdates})`);
  }

  if (failures.length > 0) return { status: 'fail', summary: `${capitalise(failures.join('; '))}.`, evidence, remediation: FIX[platform] };
  if (unknowns.length > 0) return { status: 'unknown', summary: `${capitalise(unknowns.join('; '))}.`, evidence, remediation: 'Ask IT to check the updates of this workstation.' };
  const pendingNote = facts.pending.security === null ? ' Pending security updates could not be counted offline.' : '';
  return {
    status: 'pass',
    summary: `${facts.osName}${facts.version ? ` ${facts.version}` : ''} is up to date (last update ${daysSince} day${daysSince === 1 ? '' : 's'} ago).${pendingNote}`,
    evidence,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
