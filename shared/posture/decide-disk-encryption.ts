import type { PosturePolicy } from '../policy/schema';
import { undecided, type CheckOutcome, type DiskEncryptionFacts, type Gathered, type VolumeEncryption } from './facts';
import type { AgentPlatform } from './platform';

const PRODUCT: Record<AgentPlatform, string> = { win32: 'BitLocker', darwin: 'FileVault', linux: 'LUKS/dm-crypt' };

const FIX: Record<AgentPlatform, string> = {
  win32: 'Turn on BitLocker for the system drive (Settings > Privacy & security > Device encryption), or ask IT.',
  darwin: 'Turn on FileVault (System Settings > Privacy & Security > FileVault), or ask IT.',
  linux: 'This workstation must use full-disk encryption (LUKS). Ask IT to re-install it with encryption enabled.',
};

function volumeEvidence(v: VolumeEncryption) {
  return { mount: v.mount, device: v.device ?? null, encrypted: v.encrypted, protectionOn: v.protectionOn, state: v.state, percent: v.percent ?? null };
}

/**
 * Disk encryption verdict. Every required volume must be encrypted with protection on; an
 * encrypted BitLocker volume with protection suspended is a fail (the key sits in the clear).
 */
export function decideDiskEncryption(
  platform: AgentPlatform,
  gathered: Gathered<DiskEncryptionFacts>,
  _policy: PosturePolicy['diskEncryption'],
): CheckOutcome {
  if (!gathered.ok) return undecided(gathered, 'Ask IT to check the disk encryption of this workstation.');
  const { facts } = gathered;
  const evidence = { source: facts.source, product: PRODUCT[platform], volumes: facts.volumes.map(volumeEvidence), ...(facts.extra ?? {}) };
  if (facts.volumes.length === 0) {
    return { status: 'unknown', summary: 'The system disk could not be found, so its encryption cannot be checked.', evidence, remediation: 'Ask IT to check this workstation.' };
  }
  const clear = facts.volumes.filter((v) => v.encrypted === false);
  const suspended = facts.volumes.filter((v) => v.encrypted === true && v.protectionOn === false);
  if (clear.length > 0 || suspended.length > 0) {
    const parts = [
      ...clear.map((v) => `${v.mount} is not encrypted${v.state && v.percent != null ? ` (${v.state}, ${v.percent}%)` : ''}`),
      ...suspended.map((v) => `${v.mount} is encrypted but ${PRODUCT[platform]} protection is off`),
    ];
    const fix = suspended.length > 0 && clear.length === 0 ? 'Resume BitLocker protection (manage-bde -protectors -enable C:), or ask IT.' : FIX[platform];
    return { status: 'fail', summary: `${parts.join('; ')}.`, evidence, remediation: fix };
  }
  const undecidable = facts.volumes.filter((v) => v.encrypted === null || (platform === 'win32' && v.protectionOn === null));
  if (undecidable.length > 0) {
    return {
      status: 'unknown',
      summary: `Could not tell whether ${undecidable.map((v) => v.mount).join(', ')} is encrypted.`,
      evidence,
      remediation: 'Ask IT to check the disk encryption of this workstation.',
    };
  }
  return { status: 'pass', summary: `The system disk is encrypted (${PRODUCT[platform]}).`, evidence };
}
