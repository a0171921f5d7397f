import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMdatpHealth } from '../../../../electron/agent/posture/common/mdatp-health';
import { parseAptUpgradable } from '../../../../electron/agent/posture/linux/apt-upgradable';
import { parseSigtoolInfo } from '../../../../electron/agent/posture/linux/clamav';
import { parseLsblkEncryption } from '../../../../electron/agent/posture/linux/lsblk-encryption';
import { massStorageKeys, parseLsusb } from '../../../../electron/agent/posture/linux/lsusb';
import { parseSocketFilterState, parseSoftwareUpdateList, parseSpUsb } from '../../../../electron/agent/posture/macos/parsers';
import { systemVolume } from '../../../../electron/agent/posture/windows/bitlocker';
import { parsePsRecords } from '../../../../electron/agent/posture/windows/ps-output';
import { defenderProduct } from '../../../../electron/agent/posture/windows/security-center';
import { sharedSamplesDir } from './helpers';

/**
 * The team's verbatim samples (../shared/posture-samples) with their expected readings. Read in
 * place, never copied into the repository; skipped with a printed reason where the folder is absent.
 */
const dir = sharedSamplesDir();
if (!dir) console.log('skipped: ../shared/posture-samples not found (set SHIFTGUARD_POSTURE_SAMPLES to its path to run these)');

const expected = dir ? (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, Record<string, unknown>>) : {};
const sample = (name: string) => readFileSync(path.join(dir as string, name), 'utf8');
const exp = (name: string) => expected[name] as Record<string, unknown>;

describe.skipIf(!dir)('shared posture samples against expected.json', () => {
  it('lsblk: LUKS present but root unencrypted; LVM root under a crypt mapping', () => {
    const plain = parseLsblkEncryption(sample('linux/luks/lsblk_fJp.luks_present_root_unencrypted.json'), ['/']);
    expect(plain.ok && plain.mounts[0]?.encrypted).toBe(exp('linux/luks/lsblk_fJp.luks_present_root_unencrypted.json').root_encrypted);
    const luks = parseLsblkEncryption(sample('linux/luks/lsblk_pJ.luks_lvm_root.btoll.json'), ['/']);
    const e = exp('linux/luks/lsblk_pJ.luks_lvm_root.btoll.json');
    expect(luks.ok && luks.mounts[0]?.encrypted).toBe(e.root_encrypted);
    expect(luks.ok && luks.mounts[0]?.chain).toEqual(e.root_ancestor_chain);
  });
  it('apt list --upgradable counts and security packages', () => {
    const parsed = parseAptUpgradable(sample('linux/patches/apt_list_upgradable.jammy.txt')) ?? [];
    const e = exp('linux/patches/apt_list_upgradable.jammy.txt');
    expect(parsed.length).toBe(e.pending_updates);
    expect(parsed.filter((p) => p.security).map((p) => p.name)).toEqual(e.security_packages);
  });
  it('ClamAV sigtool and mdatp health', () => {
    const info = parseSigtoolInfo(sample('linux/antivirus/clamav_sigtool_info_main_cvd.clamav_docs.txt'));
    expect(info?.version).toBe(exp('linux/antivirus/clamav_sigtool_info_main_cvd.clamav_docs.txt').version);
    expect(info?.verified).toBe(true);
    for (const name of ['linux/antivirus/mdatp_health_output_json.101.23062.0010.passive.json', 'macos/antivirus/mdatp_health_output_json.101.98.30.json']) {
      const p = parseMdatpHealth(sample(name));
      expect(p?.realTime).toBe(exp(name).real_time_protection_enabled === true && exp(name).passive_mode !== true);
    }
  });
  it('lsusb and lsusb -t', () => {
    const list = parseLsusb(sample('linux/usb/lsusb.thinkpad_internal_devices.btoll.txt'), sample('linux/usb/lsusb_t.mass_storage_card_reader.btoll.txt'));
    expect(list.length).toBe(exp('linux/usb/lsusb.thinkpad_internal_devices.btoll.txt').device_count);
    expect(massStorageKeys(sample('linux/usb/lsusb_t.mass_storage_card_reader.btoll.txt')).size).toBe((exp('linux/usb/lsusb_t.mass_storage_card_reader.btoll.txt').mass_storage_interfaces as unknown[]).length);
  });
  it('macOS: socketfilterfw, softwareupdate, system_profiler USB', () => {
    for (const name of ['macos/firewall/socketfilterfw.state1_stealth_off.txt', 'macos/firewall/socketfilterfw.state2_stealth_on.txt']) {
      expect(parseSocketFilterState(sample(name))?.enabled).toBe(exp(name).firewall_enabled);
    }
    for (const name of Object.keys(expected).filter((k) => k.startsWith('macos/patches/softwareupdate_list'))) {
      const parsed = parseSoftwareUpdateList(sample(name));
      expect(parsed?.total ?? null).toBe(exp(name).updates_available);
    }
    const usbName = 'macos/usb/system_profiler_SPUSBDataType_json.t2_mac_sandisk_extreme_ssd.json';
    const storage = (parseSpUsb(sample(usbName)) ?? []).filter((d) => d.massStorage).map((d) => d.name);
    expect(storage).toEqual((exp(usbName).usb_mass_storage_devices as { name: string }[]).map((d) => d.name));
  });
  it('Windows: BitLocker Format-List, table refused; Defender status text', () => {
    const fl = systemVolume(parsePsRecords(sample('windows/bitlocker/get-bitlockervolume.formatlist.msdocs.txt')) ?? [], 'C:');
    expect(fl?.encrypted).toBe(exp('windows/bitlocker/get-bitlockervolume.formatlist.msdocs.txt').encrypted);
    expect(parsePsRecords(sample('windows/bitlocker/get-bitlockervolume.table.msdocs.txt'))).toBeNull();
    for (const name of ['windows/antivirus/get-mpcomputerstatus.msdocs_2013.txt', 'windows/antivirus/get-mpcomputerstatus.msdocs_2024.txt']) {
      const [rec] = parsePsRecords(sample(name)) ?? [];
      const p = defenderProduct(rec ?? {});
      expect(p.enabled && p.realTime).toBe(exp(name).av_healthy);
      expect(p.signatureAgeDays).toBe(exp(name).antivirus_signature_age_days);
    }
  });
});
