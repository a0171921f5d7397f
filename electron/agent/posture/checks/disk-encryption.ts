import { CommandError } from '../../os/command-runner';
import type { CheckContext, CheckOutcome, PostureCheck } from '../check-context';
import { parseLsblkEncryption } from '../linux/lsblk-encryption';

const LINUX_MOUNTS = ['/', '/home'] as const;

async function checkLinux(ctx: CheckContext): Promise<CheckOutcome> {
  let stdout: string;
  try {
    const out = await ctx.run('lsblk', ['-J', '-p', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINTS']);
    if (out.exitCode !== 0) {
      return {
        status: 'unknown',
        summary: 'Could not list the disks (lsblk failed).',
        evidence: { source: 'lsblk', exitCode: out.exitCode, stderr: out.stderr.slice(0, 300) },
        remediation: 'Ask IT to check that util-linux is installed and working.',
      };
    }
    stdout = out.stdout;
  } catch (error) {
    const code = error instanceof CommandError ? error.code : 'spawn-failed';
    return {
      status: 'unknown',
      summary: 'Could not list the disks to check encryption.',
      evidence: { source: 'lsblk', error: code },
      remediation: 'Ask IT to install util-linux (lsblk) on this workstation.',
    };
  }

  const parsed = parseLsblkEncryption(stdout, LINUX_MOUNTS);
  if (!parsed.ok) {
    return { status: 'unknown', summary: 'Could not read the disk list.', evidence: { source: 'lsblk', reason: parsed.reason } };
  }
  const root = parsed.mounts.find((m) => m.mountPoint === '/');
  const evidence = {
    source: 'lsblk',
    mounts: parsed.mounts.map((m) => ({ mountPoint: m.mountPoint, device: m.device, encrypted: m.encrypted, chain: m.chain })),
  };
  if (!root) {
    // Overlay, network or RAM root filesystems have no block device to inspect: cannot decide.
    return {
      status: 'unknown',
      summary: 'The system disk is not a local block device, so its encryption cannot be checked.',
      evidence,
      remediation: 'Ask IT whether this workstation is a container or network-booted machine.',
    };
  }
  const clear = parsed.mounts.filter((m) => !m.encrypted);
  if (clear.length === 0) {
    return { status: 'pass', summary: 'The system disk is encrypted (LUKS/dm-crypt).', evidence };
  }
  return {
    status: 'fail',
    summary: `Not encrypted: ${clear.map((m) => m.mountPoint).join(', ')}.`,
    evidence,
    remediation: 'This workstation must use full-disk encryption (LUKS). Ask IT to re-install it with encryption enabled.',
  };
}

/** Disk encryption: BitLocker (Windows), FileVault (macOS), LUKS/dm-crypt (Linux). */
export const diskEncryptionCheck: PostureCheck = {
  id: 'disk-encryption',
  async run(ctx) {
    switch (ctx.platform) {
      case 'linux':
        return checkLinux(ctx);
      case 'win32':
      case 'darwin':
        return {
          status: 'unknown',
          summary: `Disk encryption is not checked on ${ctx.platform} by this agent version yet.`,
          evidence: { platform: ctx.platform },
          remediation: 'Update the ShiftGuard agent.',
        };
    }
  },
};
