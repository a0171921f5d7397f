import { describe, expect, it } from 'vitest';
import { parseMdatpHealth } from '../../../../electron/agent/posture/common/mdatp-health';
import { parseProcessNames, runningAgents } from '../../../../electron/agent/posture/common/processes';
import { parseAptUpgradable } from '../../../../electron/agent/posture/linux/apt-upgradable';
import { parseCvdTime, parseSigtoolInfo } from '../../../../electron/agent/posture/linux/clamav';
import { parseDnfSecurityList } from '../../../../electron/agent/posture/linux/dnf-updateinfo';
import { parseGsettingsValue } from '../../../../electron/agent/posture/linux/gsettings';
import { parseLsblkEncryption } from '../../../../electron/agent/posture/linux/lsblk-encryption';
import { massStorageKeys, parseLsusb } from '../../../../electron/agent/posture/linux/lsusb';
import { parseFirewalldState, parseNftRuleset, parseUfwConf } from '../../../../electron/agent/posture/linux/nft-ruleset';
import { parseOsRelease } from '../../../../electron/agent/posture/linux/os-release';
import { parseUsbSysfs } from '../../../../electron/agent/posture/linux/usb-sysfs';
import { fixture } from './helpers';

describe('lsblk encryption (fixtures)', () => {
  it('root on plain xfs is not encrypted although LUKS containers exist elsewhere', () => {
    const r = parseLsblkEncryption(fixture('linux', 'disk-encryption/lsblk-fJp.root-xfs-plain.luks-on-other-disks.json'), ['/', '/home']);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.mounts).toEqual([{ mountPoint: '/', device: '/dev/sda3', encrypted: false, chain: ['/dev/sda3 (xfs)', '/dev/sda (?)'] }]);
    expect(r.missing).toEqual(['/home']);
  });
  it('an lsblk error message is not JSON: reported, not guessed', () => {
    expect(parseLsblkEncryption(fixture('linux', 'disk-encryption/lsblk.unknown-column-mountpoints.stderr.txt'), ['/'])).toEqual({ ok: false, reason: 'lsblk did not print JSON' });
  });
  it('walks from the mounted LVM volume up to a crypt ancestor (singular mountpoint, util-linux < 2.37)', () => {
    const text = JSON.stringify({
      blockdevices: [{ name: '/dev/nvme0n1', type: 'disk', mountpoint: null, children: [{ name: '/dev/nvme0n1p3', type: 'part', mountpoint: null, children: [{ name: '/dev/mapper/c', type: 'crypt', mountpoint: null, children: [{ name: '/dev/mapper/vg-root', type: 'lvm', mountpoint: '/' }] }] }] }],
    });
    const r = parseLsblkEncryption(text, ['/']);
    expect(r.ok && r.mounts[0]?.encrypted).toBe(true);
  });
});

describe('lsusb', () => {
  it('lsusb -v: a HID scanner is not mass storage', () => {
    expect(parseLsusb(fixture('linux', 'usb/lsusb-v.bar-code-scanner.txt'), null)).toEqual([
      { vendorId: '05e0', productId: '1200', name: 'Symbol Technologies Bar Code Scanner', massStorage: false, hub: false },
    ]);
  });
  it('lsusb -v: two UPS devices with HID interfaces', () => {
    const devices = parseLsusb(fixture('linux', 'usb/lsusb-v.apc-ups.txt'), null);
    expect(devices.map((d) => `${d.vendorId}:${d.productId}`)).toEqual(['051d:0002', '051d:0003']);
    expect(devices.every((d) => !d.massStorage)).toBe(true);
  });
  it('lsusb -v: "bInterfaceClass 8 Mass Storage" marks the device', () => {
    expect(parseLsusb(fixture('linux', 'usb/lsusb-v.mass-storage-camera.excerpt.txt'), null)).toEqual([
      { vendorId: '0ad2', productId: '917a', name: 'Service & Quality Technology Co., Ltd USB Mass Storage', massStorage: true, hub: false },
    ]);
  });
  it('lsusb -t storage interfaces join lsusb lines on bus and device number', () => {
    const tree = '/:  Bus 02.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/6p, 5000M\n    |__ Port 3: Dev 2, If 0, Class=Mass Storage, Driver=usb-storage, 5000M\n';
    expect([...massStorageKeys(tree)]).toEqual(['2-2']);
    const list = 'Bus 002 Device 002: ID 0bda:0316 Realtek Semiconductor Corp. Card Reader\nBus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub\n';
    expect(parseLsusb(list, tree).map((d) => [d.vendorId, d.massStorage, d.hub])).toEqual([
      ['0bda', true, false],
      ['1d6b', false, true],
    ]);
  });
});

describe('USB sysfs', () => {
  it('marks a device with an interface of class 08 as mass storage, root hubs as hubs', () => {
    const text = [
      '/sys/bus/usb/devices/usb1/idVendor:1d6b',
      '/sys/bus/usb/devices/usb1/idProduct:0002',
      '/sys/bus/usb/devices/usb1/bDeviceClass:09',
      '/sys/bus/usb/devices/1-1/idVendor:0781',
      '/sys/bus/usb/devices/1-1/idProduct:5581',
      '/sys/bus/usb/devices/1-1/manufacturer:SanDisk',
      '/sys/bus/usb/devices/1-1/product:Ultra',
      '/sys/bus/usb/devices/1-1/bDeviceClass:00',
      '/sys/bus/usb/devices/1-1:1.0/bInterfaceClass:08',
    ].join('\n');
    expect(parseUsbSysfs(text)).toEqual([
      { vendorId: '0781', productId: '5581', name: 'SanDisk Ultra', massStorage: true, hub: false },
      { vendorId: '1d6b', productId: '0002', name: 'usb1', massStorage: false, hub: true },
    ]);
  });
});

describe('apt / dnf / os-release', () => {
  it('apt list --upgradable: CRLF line without a security pocket', () => {
    expect(parseAptUpgradable(fixture('linux', 'os-patches/apt-list-upgradable.crlf-line.txt'))).toEqual([
      { name: 'base-files', suites: ['jammy-updates'], newVersion: '12ubuntu4.3', arch: 'amd64', currentVersion: '12ubuntu4.2', security: false },
    ]);
  });
  it('apt: a "-security" suite (deduplicated) makes a security update; an error text is not a listing', () => {
    const text = 'Listing...\nperl-modules-5.34/jammy-updates,jammy-updates,jammy-security,jammy-security 5.34.0-3ubuntu1.2 all [upgradable from: 5.34.0-3ubuntu1.1]\n';
    expect(parseAptUpgradable(text)?.[0]).toMatchObject({ suites: ['jammy-updates', 'jammy-security'], security: true });
    expect(parseAptUpgradable('Listing...\n')).toEqual([]);
    expect(parseAptUpgradable('E: Could not open lock file /var/lib/dpkg/lock-frontend\n')).toBeNull();
  });
  it('dnf updateinfo list --security lines; unreadable text is null', () => {
    const text = 'FEDORA-2023-1a2b3c4d5e Important/Sec. openssl-libs-1:3.0.9-2.fc38.x86_64\nRHSA-2023:3722 Important/Sec. openssl-1:1.1.1k-9.el8_7.x86_64\n';
    expect(parseDnfSecurityList(text)).toEqual({ advisories: ['FEDORA-2023-1a2b3c4d5e', 'RHSA-2023:3722'], packages: ['openssl-libs-1:3.0.9-2.fc38.x86_64', 'openssl-1:1.1.1k-9.el8_7.x86_64'] });
    expect(parseDnfSecurityList('')).toEqual({ advisories: [], packages: [] });
    expect(parseDnfSecurityList("Error: Cache-only enabled but no cache for 'fedora'")).toBeNull();
  });
  it('os-release with quoted values', () => {
    expect(parseOsRelease('NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n')).toEqual({ NAME: 'Debian GNU/Linux', VERSION_ID: '12', ID: 'debian' });
  });
});

describe('antivirus', () => {
  it('sigtool --info: build time in UTC, wrapped signature, verification', () => {
    const info = parseSigtoolInfo(fixture('linux', 'antivirus/sigtool-info.main-cvd.clamav-docs.txt'));
    expect(info).toEqual({ file: 'main.cvd', buildTime: new Date('2007-12-09T15:50:00Z'), version: 45, signatures: 169676, verified: true });
    expect(parseCvdTime('01 Jan 2024 10:00 +0200')).toEqual(new Date('2024-01-01T08:00:00Z'));
    expect(parseSigtoolInfo('ERROR: Can\'t open file /var/lib/clamav/daily.cld\n')).toBeNull();
  });
  it('mdatp health (Linux): healthy but passive is not real-time protection', () => {
    expect(parseMdatpHealth(fixture('linux', 'antivirus/mdatp-health.101.23062.0010.passive.json'))).toMatchObject({
      enabled: true,
      realTime: false,
      signaturesUpToDate: true,
      signatureAgeDays: 0,
      detail: { passiveMode: true, definitionsVersion: '1.395.30.0' },
    });
    expect(parseMdatpHealth('mdatp: command not found')).toBeNull();
  });
  it('process names and known agents', () => {
    const names = parseProcessNames('systemd\nfalcon-sensor\n/usr/sbin/clamd\n');
    expect(names.has('clamd')).toBe(true);
    expect(runningAgents(names, 'linux').map((a) => a.name)).toEqual(['CrowdStrike Falcon']);
  });
});

describe('firewall', () => {
  it('nft ruleset with an accept-only INPUT chain does not filter', () => {
    const s = parseNftRuleset(fixture('linux', 'firewall/nft-j-list-ruleset.iptables-nft-accept-lo.json'));
    expect(s).toMatchObject({ tables: 1, filtersInput: false });
    expect(s?.inputChains).toEqual([{ family: 'ip', table: 'filter', name: 'INPUT', policy: 'accept', rules: 1, dropRules: 0 }]);
  });
  it('a drop policy or a drop rule filters', () => {
    const chain = { chain: { family: 'inet', table: 'filter', name: 'input', hook: 'input', policy: 'accept' } };
    const drop = { rule: { family: 'inet', table: 'filter', chain: 'input', expr: [{ match: {} }, { drop: null }] } };
    expect(parseNftRuleset(JSON.stringify({ nftables: [chain, drop] }))?.filtersInput).toBe(true);
    expect(parseNftRuleset(JSON.stringify({ nftables: [{ chain: { ...chain.chain, policy: 'drop' } }] }))?.filtersInput).toBe(true);
  });
  it('the non-root error is not a ruleset', () => {
    expect(parseNftRuleset(fixture('linux', 'firewall/nft.not-root.stderr.txt'))).toBeNull();
  });
  it('ufw.conf and firewall-cmd --state', () => {
    expect(parseUfwConf('# comment\nENABLED=yes\nLOGLEVEL=low\n')).toBe(true);
    expect(parseUfwConf('ENABLED=no\n')).toBe(false);
    expect(parseUfwConf('LOGLEVEL=low\n')).toBeNull();
    expect(parseFirewalldState('running\n')).toBe(true);
    expect(parseFirewalldState('not running\n')).toBe(false);
    expect(parseFirewalldState('')).toBeNull();
  });
});

describe('gsettings', () => {
  it('reads typed numbers and booleans, refuses error text', () => {
    expect(parseGsettingsValue(fixture('linux', 'screen-lock/gsettings-get.idle-delay.disabled.txt'))).toEqual({ kind: 'number', value: 0 });
    expect(parseGsettingsValue(fixture('linux', 'screen-lock/gsettings-get.idle-delay.300.txt'))).toEqual({ kind: 'number', value: 300 });
    expect(parseGsettingsValue(fixture('linux', 'screen-lock/gsettings-get.lock-enabled.false.txt'))).toEqual({ kind: 'boolean', value: false });
    expect(parseGsettingsValue(fixture('linux', 'screen-lock/gsettings-get.no-such-schema.stderr.txt'))).toBeNull();
  });
});
