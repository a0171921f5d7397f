import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLsblkEncryption } from '../../../../../electron/agent/posture/linux/lsblk-encryption';
import { runCommand } from '../../../../../electron/agent/os/command-runner';
import { ROOT } from '../../../../helpers/cli';

// Real outputs collected by the team beside the repo (../shared/posture-samples), read in place.
const SAMPLES = process.env.SHIFTGUARD_POSTURE_SAMPLES ?? path.resolve(ROOT, '..', 'shared', 'posture-samples');
const haveSamples = existsSync(SAMPLES);
if (!haveSamples) console.log('skipped: ../shared/posture-samples not present');

function sample(rel: string) {
  const text = readFileSync(path.join(SAMPLES, rel), 'utf8');
  const meta = JSON.parse(readFileSync(path.join(SAMPLES, '_meta', `${rel.replaceAll('/', '__')}.json`), 'utf8')) as {
    expected: { root_encrypted?: boolean; unencrypted_mounts?: string[] };
  };
  return { text, expected: meta.expected };
}

describe.skipIf(!haveSamples)('parseLsblkEncryption on real lsblk outputs', () => {
  it('finds LUKS under an LVM root (lsblk -pJ, util-linux 2.36 "mountpoint")', () => {
    const { text, expected } = sample('linux/luks/lsblk_pJ.luks_lvm_root.btoll.json');
    const result = parseLsblkEncryption(text, ['/', '/boot', '/boot/efi']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const root = result.mounts.find((m) => m.mountPoint === '/');
    expect(root?.encrypted).toBe(expected.root_encrypted);
    expect(root?.chain.some((c) => c.endsWith('(crypt)'))).toBe(true);
    const clear = result.mounts.filter((m) => !m.encrypted).map((m) => m.mountPoint).sort();
    expect(clear).toEqual([...(expected.unencrypted_mounts ?? [])].sort());
  });

  it('sees an unencrypted root next to an unopened LUKS partition (lsblk -fJp, "mountpoints")', () => {
    const { text, expected } = sample('linux/luks/lsblk_fJp.luks_present_root_unencrypted.json');
    const result = parseLsblkEncryption(text, ['/']);
    expect(result.ok && result.mounts[0]?.encrypted).toBe(expected.root_encrypted ?? false);
  });
});

describe('parseLsblkEncryption on broken input', () => {
  it('reports non-JSON and JSON without blockdevices instead of throwing', () => {
    expect(parseLsblkEncryption('lsblk: unknown column', ['/'])).toMatchObject({ ok: false });
    expect(parseLsblkEncryption('{"foo": 1}', ['/'])).toMatchObject({ ok: false });
  });
  it('lists a mount point that no block device carries as missing', () => {
    const result = parseLsblkEncryption('{"blockdevices": []}', ['/']);
    expect(result).toEqual({ ok: true, mounts: [], missing: ['/'] });
  });
});

describe('parseLsblkEncryption on this machine', () => {
  it('parses the real lsblk output of this machine', async () => {
    const out = await runCommand('lsblk', ['-J', '-p', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINTS']);
    expect(out.exitCode).toBe(0);
    const result = parseLsblkEncryption(out.stdout, ['/']);
    expect(result.ok).toBe(true);
  });
});
