import type { VolumeEncryption } from '../../../../shared/posture/facts';
import { psInt, type PsRecord } from './ps-output';

/** BitLockerVolumeStatus and ProtectionStatus enums, for JSON that carries the numbers. */
const VOLUME_STATUS = ['FullyDecrypted', 'FullyEncrypted', 'EncryptionInProgress', 'DecryptionInProgress', 'EncryptionPaused', 'DecryptionPaused'];
const PROTECTION_STATUS = ['Off', 'On', 'Unknown'];
const VOLUME_TYPE = ['OperatingSystem', 'Data'];

const enumText = (v: unknown, names: string[]) => (typeof v === 'number' ? (names[v] ?? String(v)) : typeof v === 'string' ? v.trim() : null);

/**
 * One volume from Get-BitLockerVolume (JSON or Format-List). A volume counts as encrypted only
 * when fully encrypted; a key protector alone (e.g. "Tpm" on a FullyDecrypted C:) is not
 * encryption. Protection "Off" on an encrypted volume means BitLocker is suspended.
 */
export function bitLockerVolume(r: PsRecord): VolumeEncryption & { volumeType: string | null } {
  const status = enumText(r.VolumeStatus, VOLUME_STATUS);
  const protection = enumText(r.ProtectionStatus, PROTECTION_STATUS);
  const encrypted = status === 'FullyEncrypted' ? true : status === null ? null : false;
  return {
    mount: String(r.MountPoint ?? '?'),
    encrypted,
    protectionOn: protection === 'On' ? true : protection === 'Off' ? false : null,
    state: status,
    percent: psInt(r.EncryptionPercentage),
    volumeType: enumText(r.VolumeType, VOLUME_TYPE),
  };
}

/** The operating-system volume among Get-BitLockerVolume records (VolumeType, else the system drive). */
export function systemVolume(records: readonly PsRecord[], systemDrive: string): ReturnType<typeof bitLockerVolume> | null {
  const volumes = records.map(bitLockerVolume);
  return (
    volumes.find((v) => v.volumeType === 'OperatingSystem') ?? volumes.find((v) => v.mount.toUpperCase() === systemDrive.toUpperCase()) ?? null
  );
}

/**
 * Shell property System.Volume.BitLockerProtection, readable without admin rights:
 * 1 on, 2 off, 3 encrypting, 4 decrypting, 5 suspended, 6 on (locked), 0 not encryptable,
 * 8 waiting for activation (encrypted with a clear key: not protected).
 */
export function shellProtectionVolume(mount: string, value: unknown): VolumeEncryption {
  const n = psInt(value);
  const table: Record<number, [boolean | null, boolean | null, string]> = {
    0: [false, false, 'not encryptable'],
    1: [true, true, 'BitLocker on'],
    2: [false, false, 'BitLocker off'],
    3: [false, false, 'encryption in progress'],
    4: [false, false, 'decryption in progress'],
    5: [true, false, 'BitLocker suspended'],
    6: [true, true, 'BitLocker on (locked)'],
    8: [true, false, 'waiting for activation'],
  };
  const row = n === null ? undefined : table[n];
  if (!row) return { mount, encrypted: null, protectionOn: null, state: n === null ? 'no value' : `unknown value ${n}` };
  return { mount, encrypted: row[0], protectionOn: row[1], state: row[2] };
}
