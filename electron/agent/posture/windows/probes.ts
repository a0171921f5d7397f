import type { AntivirusFacts, DiskEncryptionFacts, FirewallFacts, Gathered, ScreenLockFacts, UsbFacts } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { firstLine, probe } from '../common/probe';
import { shellProtectionVolume, systemVolume } from './bitlocker';
import { firewallProfiles } from './firewall-profiles';
import { usbDevicesFromPnp } from './pnp-usb';
import { ACCESS_DENIED, parsePsRecords, runPowerShell } from './ps-output';
import { parseRegQuery, type RegValue } from './reg-query';
import { windowsScreenLock } from './screen-saver';
import { defenderProduct, mergeDefender, securityCenterProducts } from './security-center';

const S = (prop: string) => `@{n='${prop}';e={[string]$_.${prop}}}`;

export const BITLOCKER_SCRIPT = `$ErrorActionPreference='Stop'; Get-BitLockerVolume -MountPoint $env:SystemDrive | Select-Object MountPoint,${S('VolumeType')},${S('VolumeStatus')},${S('ProtectionStatus')},EncryptionPercentage,${S('EncryptionMethod')} | ConvertTo-Json -Compress`;
export const BITLOCKER_SHELL_SCRIPT = `$ErrorActionPreference='Stop'; $d=$env:SystemDrive; [pscustomobject]@{MountPoint=$d; BitLockerProtection=(New-Object -ComObject Shell.Application).NameSpace($d + '\\').Self.ExtendedProperty('System.Volume.BitLockerProtection')} | ConvertTo-Json -Compress`;
export const WSC_SCRIPT = `$ErrorActionPreference='Stop'; Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | Select-Object displayName,productState,pathToSignedProductExe | ConvertTo-Json -Compress`;
export const DEFENDER_SCRIPT = `$ErrorActionPreference='Stop'; Get-MpComputerStatus | Select-Object AMServiceEnabled,AntivirusEnabled,RealTimeProtectionEnabled,AntivirusSignatureAge,AntivirusSignatureVersion,@{n='AntivirusSignatureLastUpdated';e={$_.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o')}},${S('AMRunningMode')},DefenderSignaturesOutOfDate,IsTamperProtected | ConvertTo-Json -Compress`;
export const USB_SCRIPT = `$ErrorActionPreference='Stop'; @(Get-CimInstance -ClassName Win32_PnPEntity -Filter "PNPDeviceID LIKE 'USB%'" | Select-Object Name,PNPDeviceID,Service,PNPClass) | ConvertTo-Json -Compress`;
export const FIREWALL_SCRIPT = `$ErrorActionPreference='Stop'; @(Get-NetFirewallProfile -PolicyStore ActiveStore | Select-Object Name,${S('Enabled')}) | ConvertTo-Json -Compress`;

/** BitLocker on the system drive: Get-BitLockerVolume (admin), else the shell property any user may read. */
export async function probeWindowsEncryption(ctx: CheckContext): Promise<Gathered<DiskEncryptionFacts>> {
  const drive = ctx.env.SystemDrive ?? 'C:';
  const full = await runPowerShell(ctx, BITLOCKER_SCRIPT);
  const records = full.ok && full.exitCode === 0 ? parsePsRecords(full.stdout) : null;
  const volume = records ? systemVolume(records, drive) : null;
  if (volume) return { ok: true, facts: { source: 'Get-BitLockerVolume', volumes: [volume] } };
  const why = !full.ok ? full.failure : ACCESS_DENIED.test(full.stderr) ? 'access-denied' : firstLine(full.stderr) || 'no system volume';
  const shell = await runPowerShell(ctx, BITLOCKER_SHELL_SCRIPT);
  const rec = shell.ok && shell.exitCode === 0 ? parsePsRecords(shell.stdout)?.[0] : undefined;
  if (rec) {
    return { ok: true, facts: { source: 'Shell System.Volume.BitLockerProtection', volumes: [shellProtectionVolume(String(rec.MountPoint ?? drive), rec.BitLockerProtection)], extra: { getBitLockerVolume: why } } };
  }
  return {
    ok: false,
    reason: 'Could not read the BitLocker state of the system drive.',
    evidence: { source: 'Get-BitLockerVolume', error: why, shellProperty: shell.ok ? firstLine(shell.stderr) || 'no value' : shell.failure },
    remediation: 'Ask IT to check BitLocker on this workstation (manage-bde -status).',
  };
}

/** Security Center products (client Windows), merged with Defender's own status; Windows Server has no Security Center. */
export async function probeWindowsAntivirus(ctx: CheckContext): Promise<Gathered<AntivirusFacts>> {
  const [wsc, mp] = await Promise.all([runPowerShell(ctx, WSC_SCRIPT), runPowerShell(ctx, DEFENDER_SCRIPT)]);
  const facts: AntivirusFacts = { products: [], unreadable: [], sources: [] };
  const wscRecords = wsc.ok && wsc.exitCode === 0 ? parsePsRecords(wsc.stdout) : null;
  if (wscRecords) {
    facts.sources.push('Windows Security Center');
    facts.products = securityCenterProducts(wscRecords);
  } else if (wsc.ok && /invalid namespace|0x8004100e/i.test(wsc.stderr)) {
    facts.sources.push('Windows Security Center: not available (Windows Server)');
  } else facts.unreadable.push('Windows Security Center');
  const mpRecord = mp.ok && mp.exitCode === 0 ? parsePsRecords(mp.stdout)?.[0] : undefined;
  if (mpRecord) {
    facts.sources.push('Get-MpComputerStatus');
    facts.products = mergeDefender(facts.products, defenderProduct(mpRecord));
  } else if (!wscRecords) facts.unreadable.push('Microsoft Defender status');
  return { ok: true, facts };
}

/** Present USB devices from Win32_PnPEntity (CIM objects: locale independent, no admin). */
export async function probeWindowsUsb(ctx: CheckContext): Promise<Gathered<UsbFacts>> {
  const out = await runPowerShell(ctx, USB_SCRIPT);
  const records = out.ok && out.exitCode === 0 ? parsePsRecords(out.stdout) : null;
  if (!records) return { ok: false, reason: 'Could not list the USB devices.', evidence: { source: 'Win32_PnPEntity', error: out.ok ? firstLine(out.stderr) : out.failure } };
  return { ok: true, facts: { source: 'Win32_PnPEntity', devices: usbDevicesFromPnp(records) } };
}

/** Domain, Private and Public firewall profiles (Get-NetFirewallProfile, active store). */
export async function probeWindowsFirewall(ctx: CheckContext): Promise<Gathered<FirewallFacts>> {
  const out = await runPowerShell(ctx, FIREWALL_SCRIPT);
  const records = out.ok && out.exitCode === 0 ? parsePsRecords(out.stdout) : null;
  if (!records) return { ok: false, reason: 'Could not read the Windows Firewall profiles.', evidence: { source: 'Get-NetFirewallProfile', error: out.ok ? firstLine(out.stderr) : out.failure } };
  return { ok: true, facts: { source: 'Get-NetFirewallProfile', rule: 'all', parts: firewallProfiles(records) } };
}

export const SCREEN_SAVER_KEYS = {
  user: 'HKCU\\Control Panel\\Desktop',
  policy: 'HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop',
  machine: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System',
} as const;

/** reg.exe's error for a key or value that does not exist (English Windows). */
const KEY_NOT_FOUND = /unable to find the specified registry key/i;

/** Screen saver lock and the machine inactivity limit, read with reg.exe (no PowerShell start-up). */
export async function probeWindowsScreenLock(ctx: CheckContext): Promise<Gathered<ScreenLockFacts>> {
  const reg = `${ctx.env.SystemRoot ?? 'C:\\Windows'}\\System32\\reg.exe`;
  const query = async (key: string): Promise<RegValue[] | null> => {
    const out = await probe(ctx, reg, ['query', key]);
    if (!out.ok) return null;
    if (out.exitCode === 0) return parseRegQuery(out.stdout);
    // reg.exe exits 1 on every failure: only its "unable to find" error is an absent key. Access
    // denied or registry tools disabled by policy (also exit 1) leave the key unreadable.
    return out.exitCode === 1 && KEY_NOT_FOUND.test(out.stderr) ? [] : null;
  };
  const [user, policy, machine] = await Promise.all([query(SCREEN_SAVER_KEYS.user), query(SCREEN_SAVER_KEYS.policy), query(SCREEN_SAVER_KEYS.machine)]);
  return { ok: true, facts: windowsScreenLock(user, policy, machine) };
}
