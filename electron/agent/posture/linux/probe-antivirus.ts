import type { AntivirusFacts, AvProduct, Gathered } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { parseMdatpHealth } from '../common/mdatp-health';
import { parseProcessNames, runningAgents } from '../common/processes';
import { probe, resolveLinuxCommand } from '../common/probe';
import { parseSigtoolInfo } from './clamav';

const DAY_MS = 86_400_000;
export const CLAMAV_DB_DIR = '/var/lib/clamav';

/** ClamAV (clamd running, database age), Defender for Endpoint (mdatp health) and EDR agents by process. */
export async function probeLinuxAntivirus(ctx: CheckContext): Promise<Gathered<AntivirusFacts>> {
  const facts: AntivirusFacts = { products: [], unreadable: [], sources: [] };
  const ps = await resolveLinuxCommand(ctx, 'ps');
  const psOut = ps ? await probe(ctx, ps, ['-eo', 'comm=']) : null;
  const names = psOut?.ok && psOut.exitCode === 0 ? parseProcessNames(psOut.stdout) : null;
  if (names) facts.sources.push('process list');
  else facts.unreadable.push('process list');

  const [clam, mdatp] = await Promise.all([clamav(ctx, names, facts), defender(ctx, facts)]);
  if (clam) facts.products.push(clam);
  if (mdatp) facts.products.push(mdatp);
  for (const agent of names ? runningAgents(names, 'linux') : []) {
    if (agent.name === 'Microsoft Defender for Endpoint' && mdatp) continue;
    facts.products.push({ name: agent.name, source: 'process list', enabled: true, realTime: true, signatureBased: false, signaturesUpToDate: null, signatureAgeDays: null, detail: { processes: agent.processes.filter((p) => names?.has(p)) } });
  }
  return { ok: true, facts };
}

async function clamav(ctx: CheckContext, names: ReadonlySet<string> | null, facts: AntivirusFacts): Promise<AvProduct | null> {
  const [clamd, dbFiles] = await Promise.all([resolveLinuxCommand(ctx, 'clamd'), ctx.files.list(CLAMAV_DB_DIR).catch(() => null)]);
  const daily = dbFiles?.find((f) => f === 'daily.cld') ?? dbFiles?.find((f) => f === 'daily.cvd');
  if (!clamd && !daily) return null;
  facts.sources.push('ClamAV');
  const running = names ? names.has('clamd') : null;
  let ageDays: number | null = null;
  let buildTime: string | null = null;
  if (daily) {
    const path = `${CLAMAV_DB_DIR}/${daily}`;
    const sigtool = await resolveLinuxCommand(ctx, 'sigtool');
    const info = sigtool ? await probe(ctx, sigtool, ['--info', path]) : null;
    const parsed = info?.ok ? parseSigtoolInfo(info.stdout) : null;
    // A .cld lacks a signed header on some versions: fall back to when freshclam last wrote it.
    const when = parsed?.buildTime ?? (await ctx.files.mtime(path).catch(() => null));
    if (when) {
      buildTime = when.toISOString();
      ageDays = Math.max(0, Math.floor((ctx.now().getTime() - when.getTime()) / DAY_MS));
    }
  }
  return {
    name: 'ClamAV',
    source: 'clamd process, sigtool',
    enabled: running,
    realTime: running === null ? null : running,
    signatureBased: true,
    signaturesUpToDate: daily ? null : false,
    signatureAgeDays: ageDays,
    detail: { clamdRunning: running, onAccessScanner: names ? names.has('clamonacc') : null, database: daily ?? null, databaseBuilt: buildTime },
  };
}

async function defender(ctx: CheckContext, facts: AntivirusFacts): Promise<AvProduct | null> {
  const mdatp = await resolveLinuxCommand(ctx, 'mdatp');
  if (!mdatp) return null;
  const out = await probe(ctx, mdatp, ['health', '--output', 'json']);
  const parsed = out.ok ? parseMdatpHealth(out.stdout) : null;
  if (!parsed) {
    facts.unreadable.push('mdatp health');
    return null;
  }
  facts.sources.push('mdatp health');
  return parsed;
}
