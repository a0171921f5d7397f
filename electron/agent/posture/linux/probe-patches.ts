import type { Gathered, PatchFacts, PendingUpdates } from '../../../../shared/posture/facts';
import { dottedVersion } from '../../../../shared/posture/version';
import type { CheckContext } from '../check-context';
import { firstLine, probe, resolveLinuxCommand } from '../common/probe';
import { APT_LISTS_SOURCE, aptSecurityPending } from './apt-lists';
import { parseAptUpgradable } from './apt-upgradable';
import { parseDnfSecurityList } from './dnf-updateinfo';
import { parseOsRelease } from './os-release';

/** Files whose modification time is the last time packages were installed or upgraded. */
export const INSTALL_LOGS = ['/var/log/apt/history.log', '/var/log/dpkg.log', '/var/log/dnf.rpm.log', '/var/lib/dnf/history.sqlite', '/var/log/yum.log'] as const;

/** Distro version (os-release VERSION_ID), last package install time, pending security updates (apt or dnf, offline). */
export async function probeLinuxPatches(ctx: CheckContext): Promise<Gathered<PatchFacts>> {
  const [osRelease, last, pending] = await Promise.all([
    ctx.files.readText('/etc/os-release').catch(() => null),
    lastInstall(ctx),
    pendingUpdates(ctx),
  ]);
  const os = osRelease ? parseOsRelease(osRelease) : {};
  return {
    ok: true,
    facts: {
      osName: os.NAME ?? 'Linux',
      version: os.VERSION_ID ? dottedVersion(os.VERSION_ID) : null,
      lastInstalledAt: last?.at.toISOString() ?? null,
      lastInstalledSource: last ? `mtime of ${last.path}` : `none of ${INSTALL_LOGS.join(', ')}`,
      pending,
    },
  };
}

async function lastInstall(ctx: CheckContext): Promise<{ path: string; at: Date } | null> {
  const times = await Promise.all(INSTALL_LOGS.map(async (path): Promise<{ path: string; at: Date | null }> => ({ path, at: await ctx.files.mtime(path).catch(() => null) })));
  const known = times.filter((t): t is { path: string; at: Date } => t.at !== null);
  return known.sort((a, b) => b.at.getTime() - a.at.getTime())[0] ?? null;
}

async function pendingUpdates(ctx: CheckContext): Promise<PendingUpdates> {
  const apt = await resolveLinuxCommand(ctx, 'apt');
  if (apt) {
    try {
      return await cachedOnAptState(ctx, 'apt-security-lists', () => aptSecurityPending(ctx));
    } catch (error) {
      // xz/zstd-compressed lists or an unreadable file: ask apt (slow without its cache file, so cached).
      const pending = await aptPending(ctx, apt);
      return { ...pending, note: [`${APT_LISTS_SOURCE}: ${(error as Error).message}`, pending.note].filter(Boolean).join('; ') };
    }
  }
  const dnf = await resolveLinuxCommand(ctx, 'dnf');
  if (dnf) return dnfPending(ctx, dnf);
  return { total: null, security: null, source: 'none', note: 'no apt or dnf on this system' };
}

/** A fact computed from apt's lists and the dpkg database, cached until either changes. */
async function cachedOnAptState(ctx: CheckContext, name: string, compute: () => Promise<PendingUpdates>): Promise<PendingUpdates> {
  const [lists, status] = await Promise.all([ctx.files.mtime('/var/lib/apt/lists').catch(() => null), ctx.files.mtime('/var/lib/dpkg/status').catch(() => null)]);
  const key = `${name}:${lists?.getTime() ?? 0}:${status?.getTime() ?? 0}`;
  const cached = ctx.cache?.get(name) as { key: string; value: PendingUpdates } | undefined;
  if (cached && cached.key === key && lists && status) return cached.value;
  const value = await compute();
  if (lists && status) ctx.cache?.set(name, { key, value });
  return value;
}

/**
 * The fallback: apt's own listing. Its answer only changes when its package lists or the dpkg database change, and computing
 * it takes seconds, so it is cached keyed on their modification times.
 */
async function aptPending(ctx: CheckContext, apt: string): Promise<PendingUpdates> {
  const [lists, status] = await Promise.all([ctx.files.mtime('/var/lib/apt/lists').catch(() => null), ctx.files.mtime('/var/lib/dpkg/status').catch(() => null)]);
  const key = `apt-upgradable:${lists?.getTime() ?? 0}:${status?.getTime() ?? 0}`;
  const cached = ctx.cache?.get('apt-upgradable') as { key: string; value: PendingUpdates } | undefined;
  if (cached && cached.key === key && lists && status) return { ...cached.value, note: 'from cache (apt lists and dpkg status unchanged)' };
  const out = await probe(ctx, apt, ['list', '--upgradable'], { timeoutMs: 15_000 });
  if (!out.ok) return { total: null, security: null, source: 'apt list --upgradable', note: `apt: ${out.failure}` };
  const parsed = out.exitCode === 0 ? parseAptUpgradable(out.stdout) : null;
  if (!parsed) return { total: null, security: null, source: 'apt list --upgradable', note: firstLine(out.stderr) || 'unreadable output' };
  const security = parsed.filter((p) => p.security);
  const value: PendingUpdates = { total: parsed.length, security: security.length, source: 'apt list --upgradable', names: security.map((p) => p.name) };
  if (lists && status) ctx.cache?.set('apt-upgradable', { key, value });
  return value;
}

async function dnfPending(ctx: CheckContext, dnf: string): Promise<PendingUpdates> {
  // -C: cache only, never the network; -q: no progress lines.
  const out = await probe(ctx, dnf, ['-C', '-q', 'updateinfo', 'list', '--security'], { timeoutMs: 15_000 });
  if (!out.ok) return { total: null, security: null, source: 'dnf updateinfo', note: `dnf: ${out.failure}` };
  const parsed = out.exitCode === 0 ? parseDnfSecurityList(out.stdout) : null;
  if (!parsed) return { total: null, security: null, source: 'dnf updateinfo', note: firstLine(out.stderr) || 'unreadable output (no cached metadata?)' };
  return { total: null, security: parsed.packages.length, source: 'dnf -C updateinfo list --security', names: parsed.packages };
}
