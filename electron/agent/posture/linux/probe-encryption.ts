import type { DiskEncryptionFacts, Gathered } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { firstLine, probe, resolveLinuxCommand } from '../common/probe';
import { parseLsblkEncryption } from './lsblk-encryption';

const LINUX_MOUNTS = ['/', '/home'] as const;

/** LUKS/dm-crypt under / and /home (when /home is its own filesystem), from lsblk's JSON. */
export async function probeLinuxEncryption(ctx: CheckContext): Promise<Gathered<DiskEncryptionFacts>> {
  const lsblk = await resolveLinuxCommand(ctx, 'lsblk');
  if (!lsblk) {
    return { ok: false, reason: 'Could not list the disks: lsblk is not installed.', evidence: { source: 'lsblk', error: 'not-found' }, remediation: 'Ask IT to install util-linux (lsblk).' };
  }
  const out = await probe(ctx, lsblk, ['-J', '-p', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINTS']);
  if (!out.ok) return { ok: false, reason: 'Could not list the disks to check encryption.', evidence: { source: 'lsblk', error: out.failure } };
  let text = out.stdout;
  if (out.exitCode !== 0 && /unknown column/i.test(out.stderr)) {
    // util-linux < 2.37 has no MOUNTPOINTS column: ask for the singular one.
    const old = await probe(ctx, lsblk, ['-J', '-p', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINT']);
    if (!old.ok || old.exitCode !== 0) return { ok: false, reason: 'Could not list the disks (lsblk failed).', evidence: { source: 'lsblk' } };
    text = old.stdout;
  } else if (out.exitCode !== 0) {
    return { ok: false, reason: 'Could not list the disks (lsblk failed).', evidence: { source: 'lsblk', exitCode: out.exitCode, stderr: firstLine(out.stderr) } };
  }
  const parsed = parseLsblkEncryption(text, LINUX_MOUNTS);
  if (!parsed.ok) return { ok: false, reason: 'Could not read the disk list.', evidence: { source: 'lsblk', reason: parsed.reason } };
  if (!parsed.mounts.some((m) => m.mountPoint === '/')) {
    // Overlay, network or RAM root filesystems have no block device to inspect: cannot decide.
    return {
      ok: false,
      reason: 'The system disk is not a local block device, so its encryption cannot be checked.',
      evidence: { source: 'lsblk', mounts: parsed.mounts.map((m) => m.mountPoint) },
      remediation: 'Ask IT whether this workstation is a container or network-booted machine.',
    };
  }
  return {
    ok: true,
    facts: {
      source: 'lsblk',
      volumes: parsed.mounts.map((m) => ({ mount: m.mountPoint, device: m.device, encrypted: m.encrypted, protectionOn: null, state: m.chain.join(' < ') })),
    },
  };
}
