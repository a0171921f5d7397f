import type { AntivirusFacts, DiskEncryptionFacts, FirewallFacts, Gathered, PatchFacts, ScreenLockFacts, UsbFacts } from '../../../../shared/posture/facts';
import { dottedVersion } from '../../../../shared/posture/version';
import type { CheckContext } from '../check-context';
import { parseMdatpHealth } from '../common/mdatp-health';
import { parseProcessNames, runningAgents } from '../common/processes';
import { firstLine, probe } from '../common/probe';
import {
  parseFdesetupStatus,
  parseInstallHistory,
  parsePmsetDisplaySleep,
  parseScreenLockStatus,
  parseSocketFilterState,
  parseSoftwareUpdateList,
  parseSpUsb,
} from './parsers';

export const XPROTECT_PLIST = '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist';
const DAY_MS = 86_400_000;

/** FileVault from `fdesetup status` (no admin rights needed). */
export async function probeMacEncryption(ctx: CheckContext): Promise<Gathered<DiskEncryptionFacts>> {
  const out = await probe(ctx, '/usr/bin/fdesetup', ['status']);
  const volume = out.ok ? parseFdesetupStatus(out.stdout) : null;
  if (!volume) return { ok: false, reason: 'Could not read the FileVault state.', evidence: { source: 'fdesetup status', error: out.ok ? firstLine(out.stderr || out.stdout) : out.failure } };
  return { ok: true, facts: { source: 'fdesetup status', volumes: [volume] } };
}

/** The application firewall's global state. */
export async function probeMacFirewall(ctx: CheckContext): Promise<Gathered<FirewallFacts>> {
  const out = await probe(ctx, '/usr/libexec/ApplicationFirewall/socketfilterfw', ['--getglobalstate']);
  const part = out.ok ? parseSocketFilterState(out.stdout) : null;
  if (!part) return { ok: false, reason: 'Could not read the firewall state.', evidence: { source: 'socketfilterfw', error: out.ok ? firstLine(out.stderr || out.stdout) : out.failure } };
  return { ok: true, facts: { source: 'socketfilterfw --getglobalstate', rule: 'all', parts: [part] } };
}

/**
 * USB devices from system_profiler's JSON. macOS 26 leaves SPUSBDataType empty and lists USB
 * under SPUSBHostDataType, which does not say which device is storage: there, every device but
 * hubs is of unknown kind (massStorage null), which decides the check only when policy fails on
 * storage (see decideUsb).
 */
export async function probeMacUsb(ctx: CheckContext): Promise<Gathered<UsbFacts>> {
  const out = await probe(ctx, '/usr/sbin/system_profiler', ['SPUSBDataType', '-json'], { timeoutMs: 8000 });
  const devices = out.ok && out.exitCode === 0 ? parseSpUsb(out.stdout) : null;
  if (devices) return { ok: true, facts: { source: 'system_profiler SPUSBDataType', devices } };
  const failed = { ok: false as const, reason: 'Could not list the USB devices.', evidence: { source: 'system_profiler SPUSBDataType', error: out.ok ? firstLine(out.stderr) : out.failure } };
  if (!out.ok || out.exitCode !== 0) return failed;
  const host = await probe(ctx, '/usr/sbin/system_profiler', ['SPUSBHostDataType', '-json'], { timeoutMs: 8000 });
  const hostDevices = host.ok && host.exitCode === 0 ? parseSpUsb(host.stdout) : null;
  if (!hostDevices) return failed;
  return { ok: true, facts: { source: 'system_profiler SPUSBHostDataType', devices: hostDevices.map((d) => (d.hub ? d : { ...d, massStorage: null })) } };
}

/** macOS version, last Apple update installed, pending updates from the cached catalogue. */
export async function probeMacPatches(ctx: CheckContext): Promise<Gathered<PatchFacts>> {
  const [vers, history, list] = await Promise.all([
    probe(ctx, '/usr/bin/sw_vers', ['-productVersion']),
    probe(ctx, '/usr/sbin/system_profiler', ['SPInstallHistoryDataType', '-json'], { timeoutMs: 10_000 }),
    probe(ctx, '/usr/sbin/softwareupdate', ['--list', '--no-scan'], { timeoutMs: 10_000 }),
  ]);
  const version = vers.ok && vers.exitCode === 0 ? dottedVersion(vers.stdout) : null;
  const last = history.ok && history.exitCode === 0 ? parseInstallHistory(history.stdout) : null;
  // softwareupdate prints "No new software available." on stderr.
  const pending = list.ok ? parseSoftwareUpdateList(`${list.stdout}\n${list.stderr}`) : null;
  return {
    ok: true,
    facts: {
      osName: 'macOS',
      version,
      lastInstalledAt: last?.at ?? null,
      lastInstalledSource: last ? `install history (${last.name})` : 'install history',
      pending: pending ?? { total: null, security: null, source: 'softwareupdate --list --no-scan', note: list.ok ? firstLine(`${list.stderr}\n${list.stdout}`) : list.failure },
    },
  };
}

/** XProtect (version and age), Defender for Endpoint, and EDR agents by process. */
export async function probeMacAntivirus(ctx: CheckContext): Promise<Gathered<AntivirusFacts>> {
  const facts: AntivirusFacts = { products: [], unreadable: [], sources: [] };
  const [xpVersion, xpTime, ps, mdatp] = await Promise.all([
    probe(ctx, '/usr/bin/defaults', ['read', XPROTECT_PLIST, 'CFBundleShortVersionString']),
    ctx.files.mtime(XPROTECT_PLIST).catch(() => null),
    probe(ctx, '/bin/ps', ['-axo', 'comm=']),
    probe(ctx, '/usr/local/bin/mdatp', ['health', '--output', 'json']),
  ]);
  if (xpVersion.ok && xpVersion.exitCode === 0 && xpTime) {
    facts.sources.push('XProtect');
    facts.products.push({
      name: 'XProtect',
      source: 'XProtect.bundle',
      enabled: true,
      realTime: true, // XProtect scans on launch and download; it cannot be turned off by the user.
      signatureBased: true,
      signaturesUpToDate: null,
      signatureAgeDays: Math.max(0, Math.floor((ctx.now().getTime() - xpTime.getTime()) / DAY_MS)),
      detail: { version: xpVersion.stdout.trim(), updated: xpTime.toISOString() },
    });
  } else facts.unreadable.push('XProtect');
  const defender = mdatp.ok ? parseMdatpHealth(mdatp.stdout) : null;
  if (defender) {
    facts.sources.push('mdatp health');
    facts.products.push(defender);
  } else if (mdatp.ok) facts.unreadable.push('mdatp health');
  const names = ps.ok && ps.exitCode === 0 ? parseProcessNames(ps.stdout) : null;
  if (names) {
    facts.sources.push('process list');
    for (const agent of runningAgents(names, 'darwin')) {
      facts.products.push({ name: agent.name, source: 'process list', enabled: true, realTime: true, signatureBased: false, signaturesUpToDate: null, signatureAgeDays: null });
    }
  } else facts.unreadable.push('process list');
  return { ok: true, facts };
}

/**
 * The screen locks when the screen saver starts or the display sleeps (whichever first), plus
 * the password delay from sysadminctl; "screenLock is off" means it never asks for a password.
 */
export async function probeMacScreenLock(ctx: CheckContext): Promise<Gathered<ScreenLockFacts>> {
  const [lock, idle, pmset] = await Promise.all([
    probe(ctx, '/usr/sbin/sysadminctl', ['-screenLock', 'status']),
    probe(ctx, '/usr/bin/defaults', ['-currentHost', 'read', 'com.apple.screensaver', 'idleTime']),
    probe(ctx, '/usr/bin/pmset', ['-g']),
  ]);
  const delay = lock.ok ? parseScreenLockStatus(`${lock.stderr}\n${lock.stdout}`) : undefined;
  if (delay === undefined) {
    return { ok: false, reason: 'Could not read the screen lock setting.', evidence: { source: 'sysadminctl -screenLock', error: lock.ok ? firstLine(lock.stderr || lock.stdout) : lock.failure } };
  }
  // No idleTime key: the default screen saver start of 20 minutes applies.
  const idleSeconds = idle.ok && idle.exitCode === 0 && /^\d+$/.test(idle.stdout.trim()) ? Number(idle.stdout.trim()) : idle.ok ? 1200 : null;
  const displaySleep = pmset.ok ? parsePmsetDisplaySleep(pmset.stdout) : null;
  const starts = [idleSeconds && idleSeconds > 0 ? idleSeconds / 60 : null, displaySleep && displaySleep > 0 ? displaySleep : null].filter((x): x is number => x !== null);
  const detail = { passwordDelaySeconds: delay, screenSaverIdleSeconds: idleSeconds, displaySleepMinutes: displaySleep };
  if (delay === null) return { ok: true, facts: { source: 'sysadminctl, defaults, pmset', lockEnabled: false, lockAfterMinutes: null, detail } };
  if (idleSeconds === null && displaySleep === null) return { ok: true, facts: { source: 'sysadminctl, defaults, pmset', lockEnabled: null, lockAfterMinutes: null, detail } };
  return { ok: true, facts: { source: 'sysadminctl, defaults, pmset', lockEnabled: true, lockAfterMinutes: starts.length ? Math.min(...starts) + delay / 60 : null, detail } };
}
