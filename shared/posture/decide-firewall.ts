import type { PosturePolicy } from '../policy/schema';
import { undecided, type CheckOutcome, type FirewallFacts, type Gathered } from './facts';
import type { AgentPlatform } from './platform';

const FIX: Record<AgentPlatform, string> = {
  win32: 'Turn on Windows Firewall for every network profile (Windows Security > Firewall & network protection), or ask IT.',
  darwin: 'Turn on the firewall (System Settings > Network > Firewall), or ask IT.',
  linux: 'Ask IT to enable the firewall (ufw enable, or firewalld / nftables).',
};

/**
 * Firewall verdict. "all" facts (Windows profiles) need every part on; "any" facts (Linux: ufw,
 * firewalld or an nftables input filter) need one. A part that cannot be read never counts as on.
 */
export function decideFirewall(platform: AgentPlatform, gathered: Gathered<FirewallFacts>, _policy: PosturePolicy['firewall']): CheckOutcome {
  if (!gathered.ok) return undecided(gathered, 'Ask IT to check the firewall of this workstation.');
  const { facts } = gathered;
  const evidence = { source: facts.source, parts: facts.parts.map((p) => ({ name: p.name, enabled: p.enabled, detail: p.detail ?? null })) };
  const on = facts.parts.filter((p) => p.enabled === true);
  const off = facts.parts.filter((p) => p.enabled === false);
  const unread = facts.parts.filter((p) => p.enabled === null);
  if (facts.rule === 'all') {
    if (facts.parts.length === 0) return { status: 'unknown', summary: 'No firewall profiles were reported.', evidence, remediation: FIX[platform] };
    if (off.length > 0) return { status: 'fail', summary: `The firewall is off for: ${off.map((p) => p.name).join(', ')}.`, evidence, remediation: FIX[platform] };
    if (unread.length > 0) {
      return { status: 'unknown', summary: `Could not read the firewall state of: ${unread.map((p) => p.name).join(', ')}.`, evidence, remediation: FIX[platform] };
    }
    return { status: 'pass', summary: `The firewall is on (${on.map((p) => p.name).join(', ')}).`, evidence };
  }
  if (on.length > 0) return { status: 'pass', summary: `The firewall is on (${on.map((p) => p.name).join(', ')}).`, evidence };
  if (unread.length > 0) {
    return {
      status: 'unknown',
      summary: `No enabled firewall found, and ${unread.map((p) => p.name).join(', ')} could not be read.`,
      evidence,
      remediation: 'Run the check with administrator rights, or ask IT to confirm the firewall.',
    };
  }
  return { status: 'fail', summary: 'No firewall is enabled.', evidence, remediation: FIX[platform] };
}
