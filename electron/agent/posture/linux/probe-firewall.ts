import type { FirewallFacts, FirewallPart, Gathered } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { firstLine, probe, resolveLinuxCommand } from '../common/probe';
import { parseFirewalldState, parseNftRuleset, parseUfwConf } from './nft-ruleset';

/** ufw (its config), firewalld (firewall-cmd --state) and nftables (nft -j list ruleset, root only). */
export async function probeLinuxFirewall(ctx: CheckContext): Promise<Gathered<FirewallFacts>> {
  const [ufw, firewalld, nft] = await Promise.all([ufwPart(ctx), firewalldPart(ctx), nftPart(ctx)]);
  const parts = [ufw, firewalld, nft].filter((p): p is FirewallPart => p !== null);
  return { ok: true, facts: { source: 'ufw.conf, firewall-cmd, nft', rule: 'any', parts } };
}

async function ufwPart(ctx: CheckContext): Promise<FirewallPart | null> {
  const text = await ctx.files.readText('/etc/ufw/ufw.conf').catch(() => undefined);
  if (text === null) return null;
  if (text === undefined) return { name: 'ufw', enabled: null, detail: '/etc/ufw/ufw.conf is not readable' };
  const enabled = parseUfwConf(text);
  return { name: 'ufw', enabled, detail: enabled === null ? 'no ENABLED= line in /etc/ufw/ufw.conf' : `ENABLED=${enabled ? 'yes' : 'no'}` };
}

async function firewalldPart(ctx: CheckContext): Promise<FirewallPart | null> {
  const cmd = await resolveLinuxCommand(ctx, 'firewall-cmd');
  if (!cmd) return null;
  const out = await probe(ctx, cmd, ['--state']);
  if (!out.ok) return { name: 'firewalld', enabled: null, detail: `firewall-cmd: ${out.failure}` };
  const state = parseFirewalldState(out.stdout || out.stderr);
  return { name: 'firewalld', enabled: state, detail: firstLine(out.stdout || out.stderr) };
}

async function nftPart(ctx: CheckContext): Promise<FirewallPart | null> {
  const cmd = await resolveLinuxCommand(ctx, 'nft');
  if (!cmd) return null;
  const out = await probe(ctx, cmd, ['-j', 'list', 'ruleset']);
  if (!out.ok) return { name: 'nftables', enabled: null, detail: `nft: ${out.failure}` };
  const summary = out.exitCode === 0 ? parseNftRuleset(out.stdout) : null;
  if (!summary) {
    const why = /not permitted|permission denied/i.test(out.stderr) ? 'reading the ruleset needs root' : firstLine(out.stderr) || 'unreadable output';
    return { name: 'nftables', enabled: null, detail: why };
  }
  const chains = summary.inputChains.map((c) => `${c.family} ${c.table} ${c.name} policy ${c.policy ?? '-'} (${c.rules} rules)`);
  return { name: 'nftables', enabled: summary.filtersInput, detail: chains.length ? chains.join('; ') : 'no input chain' };
}
