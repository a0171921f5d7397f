import type { Gathered, PatchFacts, PendingUpdates } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { firstLine } from '../common/probe';
import { parsePsRecords, psBool, psDate, psInt, runPowerShell, type PsRecord } from './ps-output';

export const OS_SCRIPT = `$ErrorActionPreference='Stop'; $os=Get-CimInstance Win32_OperatingSystem; $cv=Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'; $hf=@(Get-HotFix | Where-Object InstalledOn | Sort-Object InstalledOn -Descending | Select-Object -First 5 | ForEach-Object { [pscustomobject]@{HotFixID=$_.HotFixID; InstalledOn=$_.InstalledOn.ToUniversalTime().ToString('o')} }); [pscustomobject]@{Caption=$os.Caption; Version=$os.Version; UBR=$cv.UBR; ProductType=$os.ProductType; HotFixes=$hf} | ConvertTo-Json -Compress -Depth 3`;

/** Security Updates classification (a fixed GUID: category names are translated). */
export const SECURITY_CATEGORY = '0fa1201d-4330-4fa8-8ae9-b877473b6441';
export const PENDING_SCRIPT = `$ErrorActionPreference='Stop'; $s=(New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher(); $s.Online=$false; $r=$s.Search("IsInstalled=0 and IsHidden=0"); @($r.Updates | ForEach-Object { [pscustomobject]@{Title=$_.Title; MsrcSeverity=$_.MsrcSeverity; Security=[bool]($_.Categories | Where-Object { $_.CategoryID -eq '${SECURITY_CATEGORY}' })} }) | ConvertTo-Json -Compress`;

/** OS facts from the OS script: caption, version with the update build revision, newest hotfix. */
export function windowsOsFacts(r: PsRecord): { osName: string; version: string | null; lastInstalledAt: string | null; lastHotFix: string | null } {
  const version = typeof r.Version === 'string' && /^\d+(\.\d+)*$/.test(r.Version) ? r.Version : null;
  const ubr = psInt(r.UBR);
  const hotfixes = (Array.isArray(r.HotFixes) ? r.HotFixes : r.HotFixes ? [r.HotFixes] : []) as PsRecord[];
  const dated = hotfixes
    .map((h) => ({ id: String(h.HotFixID ?? ''), at: psDate(h.InstalledOn) }))
    .filter((h): h is { id: string; at: Date } => h.at !== null)
    .sort((a, b) => b.at.getTime() - a.at.getTime());
  return {
    osName: typeof r.Caption === 'string' ? r.Caption.trim() : 'Windows',
    version: version && ubr !== null ? `${version}.${ubr}` : version,
    lastInstalledAt: dated[0]?.at.toISOString() ?? null,
    lastHotFix: dated[0]?.id ?? null,
  };
}

/** Pending updates from the offline Windows Update search (records: Title, MsrcSeverity, Security). */
export function windowsPending(records: readonly PsRecord[]): PendingUpdates {
  const security = records.filter((r) => psBool(r.Security) === true || (typeof r.MsrcSeverity === 'string' && r.MsrcSeverity.trim() !== ''));
  return { total: records.length, security: security.length, source: 'Windows Update (offline search)', names: security.map((r) => String(r.Title ?? '')).slice(0, 50) };
}

/** Version, last hotfix, and pending updates from Windows Update's cached (offline) scan. */
export async function probeWindowsPatches(ctx: CheckContext): Promise<Gathered<PatchFacts>> {
  const [os, pending] = await Promise.all([runPowerShell(ctx, OS_SCRIPT), runPowerShell(ctx, PENDING_SCRIPT, 20_000)]);
  const rec = os.ok && os.exitCode === 0 ? parsePsRecords(os.stdout)?.[0] : undefined;
  if (!rec) return { ok: false, reason: 'Could not read the Windows version and updates.', evidence: { source: 'Win32_OperatingSystem', error: os.ok ? firstLine(os.stderr) : os.failure } };
  const facts = windowsOsFacts(rec);
  const pendingRecords = pending.ok && pending.exitCode === 0 ? parsePsRecords(pending.stdout) : null;
  return {
    ok: true,
    facts: {
      osName: facts.osName,
      version: facts.version,
      lastInstalledAt: facts.lastInstalledAt,
      lastInstalledSource: facts.lastHotFix ? `Get-HotFix (${facts.lastHotFix})` : 'Get-HotFix',
      pending: pendingRecords
        ? windowsPending(pendingRecords)
        : { total: null, security: null, source: 'Windows Update (offline search)', note: pending.ok ? firstLine(pending.stderr) || 'no answer' : pending.failure },
    },
  };
}
