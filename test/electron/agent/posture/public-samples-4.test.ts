import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/policy/default-policy';
import { diskEncryptionCheck, osPatchesCheck, usbCheck } from '../../../../electron/agent/posture/checks/posture-checks';
import { parseFdesetupStatus, parseSpUsb } from '../../../../electron/agent/posture/macos/parsers';
import { parseLsblkEncryption } from '../../../../electron/agent/posture/linux/lsblk-encryption';
import { OS_SCRIPT } from '../../../../electron/agent/posture/windows/patches';
import { fakeContext, fakeFiles, fakeRunner, fixture, PS } from './helpers';

/**
 * Fourth batch of public samples for issue 4 (sources in test/fixtures/posture/<os>/SOURCES.md).
 * Each test states what the parser or the probe concludes from the real text.
 */
const SP_USB = '/usr/sbin/system_profiler SPUSBDataType -json';
const SP_USB_HOST = '/usr/sbin/system_profiler SPUSBHostDataType -json';
/** What `system_profiler -json SPUSBDataType` printed on macOS 26 with devices attached (see SOURCES.md). */
const EMPTY_LEGACY_TREE = '{ "SPUSBDataType" : [ ] }\n';

describe('macOS USB: public system_profiler captures (lsusb-macos test data)', () => {
  const sequoia = fixture('macos', 'usb/system_profiler-SPUSBDataType-json.sequoia-intel-pny-flash-drive.lsusb-macos.json');
  const tahoeDrive = fixture('macos', 'usb/system_profiler-SPUSBHostDataType-json.tahoe-pny-flash-drive.lsusb-macos.json');
  const tahoeDock = fixture('macos', 'usb/system_profiler-SPUSBHostDataType-json.tahoe-dock-hubs.lsusb-macos.json');

  it('Sequoia (SPUSBDataType): the PNY flash drive is storage (Media), the SuperDrive and Bluetooth controller are not', () => {
    expect(parseSpUsb(sequoia)).toEqual([
      { vendorId: '154b', productId: '1006', name: 'USB 3.2.1 FD', massStorage: true, hub: false },
      { vendorId: '05ac', productId: '8290', name: 'Bluetooth USB Host Controller', massStorage: false, hub: false },
      { vendorId: '05ac', productId: '1500', name: 'MacBook Air SuperDrive', massStorage: false, hub: false },
    ]);
  });

  it('through the probe: that drive is reported by the default policy', async () => {
    const out = await usbCheck.run(fakeContext('darwin', fakeRunner({ [SP_USB]: { stdout: sequoia } })));
    expect(out.status).toBe('pass');
    expect(out.summary).toMatch(/USB storage connected \(reported\): USB 3\.2\.1 FD \(154b:1006\)/);
    expect(out.evidence).toMatchObject({ source: 'system_profiler SPUSBDataType' });
  });

  it('Tahoe (SPUSBHostDataType): devices and ids are read, but nothing in it says which one is storage', () => {
    expect(parseSpUsb(tahoeDrive)).toEqual([
      { vendorId: '154b', productId: '1006', name: 'USB 3.2.1 FD', massStorage: false, hub: false },
      { vendorId: '303a', productId: '1001', name: 'USB JTAG/serial debug unit', massStorage: false, hub: false },
    ]);
    const dock = parseSpUsb(tahoeDock) ?? [];
    expect(dock).toHaveLength(16);
    expect(dock.filter((d) => d.hub).map((d) => d.name)).toEqual(['USB2.0 Hub', 'USB2.0 Hub', 'USB2.1 Hub', 'USB2.1 Hub', 'USB3.0 Hub', 'USB3.1 Hub', 'USB3.2 Hub']);
    expect(dock.find((d) => d.name === 'Magic Trackpad')).toEqual({ vendorId: '05ac', productId: '0324', name: 'Magic Trackpad', massStorage: false, hub: false });
  });

  it('an empty legacy tree (a Mac always has a bus) is unreadable, never "no devices"', () => {
    expect(parseSpUsb(EMPTY_LEGACY_TREE)).toBeNull();
    expect(parseSpUsb('{}')).toBeNull();
  });

  const failOnStorage = { ...DEFAULT_POLICY, posture: { ...DEFAULT_POLICY.posture, usb: { ...DEFAULT_POLICY.posture.usb, massStorage: 'fail' as const } } };

  it('through the probe on macOS 26: the empty legacy tree leads to SPUSBHostDataType; the flash drive there is of unknown kind: unknown where policy fails on storage, never "no storage"', async () => {
    const run = fakeRunner({ [SP_USB]: { stdout: EMPTY_LEGACY_TREE }, [SP_USB_HOST]: { stdout: tahoeDrive } });
    const strict = await usbCheck.run(fakeContext('darwin', run, undefined, { policy: failOnStorage }));
    expect(run.calls.map((c) => c.join(' '))).toEqual([SP_USB, SP_USB_HOST]);
    expect(strict.status).toBe('unknown');
    expect(strict.evidence).toMatchObject({ kindUnknown: ['154b:1006 USB 3.2.1 FD', '303a:1001 USB JTAG/serial debug unit'] });
    // The default policy only reports storage: a pass that says what it could not tell.
    const reported = await usbCheck.run(fakeContext('darwin', fakeRunner({ [SP_USB]: { stdout: EMPTY_LEGACY_TREE }, [SP_USB_HOST]: { stdout: tahoeDrive } })));
    expect(reported.status).toBe('pass');
    expect(reported.summary).toContain('does not say whether USB 3.2.1 FD (154b:1006), USB JTAG/serial debug unit (303a:1001) are storage');
    // Allow-listed devices need no answer.
    const listed = { ...failOnStorage, posture: { ...failOnStorage.posture, usb: { ...failOnStorage.posture.usb, allowList: ['154b:1006', '303a:1001'] } } };
    const allowed = await usbCheck.run(fakeContext('darwin', fakeRunner({ [SP_USB]: { stdout: EMPTY_LEGACY_TREE }, [SP_USB_HOST]: { stdout: tahoeDrive } }), undefined, { policy: listed }));
    expect(allowed.status).toBe('pass');
  });

  it('through the probe on macOS 26: the dock listing (hubs plus devices) is unknown too under a failing policy; buses alone mean nothing attached', async () => {
    const dock = await usbCheck.run(fakeContext('darwin', fakeRunner({ [SP_USB]: { stdout: EMPTY_LEGACY_TREE }, [SP_USB_HOST]: { stdout: tahoeDock } }), undefined, { policy: failOnStorage }));
    expect(dock.status).toBe('unknown');
    const busesOnly = JSON.stringify({ SPUSBHostDataType: (JSON.parse(tahoeDock) as { SPUSBHostDataType: unknown[] }).SPUSBHostDataType.map((bus) => ({ ...(bus as object), _items: undefined })) });
    const none = await usbCheck.run(fakeContext('darwin', fakeRunner({ [SP_USB]: { stdout: EMPTY_LEGACY_TREE }, [SP_USB_HOST]: { stdout: busesOnly } }), undefined, { policy: failOnStorage }));
    expect(none).toMatchObject({ status: 'pass', evidence: { source: 'system_profiler SPUSBHostDataType', devices: [] } });
  });
});

describe('macOS FileVault: public fdesetup status captures', () => {
  it('"FileVault is Off." (macOS 26.2 Mac mini audit) fails the check', async () => {
    const text = fixture('macos', 'disk-encryption/fdesetup-status.off.macos-26.2-audit.txt');
    expect(parseFdesetupStatus(text)).toMatchObject({ encrypted: false, state: 'FileVault is Off' });
    const out = await diskEncryptionCheck.run(fakeContext('darwin', fakeRunner({ '/usr/bin/fdesetup status': { stdout: text } })));
    expect(out.status).toBe('fail');
  });

  it('the deferred-enablement line alone (macOS 13.2.1, before the first login) is not a FileVault state: unknown, never a pass', async () => {
    const text = fixture('macos', 'disk-encryption/fdesetup-status.deferred-enablement-line.macos-13.2.1.txt');
    expect(parseFdesetupStatus(text)).toBeNull();
    const out = await diskEncryptionCheck.run(fakeContext('darwin', fakeRunner({ '/usr/bin/fdesetup status': { stdout: text } })));
    expect(out.status).toBe('unknown');
    expect(JSON.stringify(out.evidence)).toContain('Deferred enablement appears to be active.');
  });

  it('an "in progress" line without a number is still a conversion, never "encrypted"', () => {
    expect(parseFdesetupStatus('FileVault is On.\nEncryption in progress: Pending\n')).toMatchObject({ encrypted: false, state: 'Encryption in progress', percent: null });
  });
});

describe('Linux disk encryption: a public lsblk JSON with / and /home on LUKS2', () => {
  const text = fixture('linux', 'disk-encryption/lsblk-fJ.fedora-btrfs-root-home-on-luks2.fedoramagazine.excerpt.json');

  it('both mount points of the btrfs volume inside crypto_LUKS read as encrypted; /boot is not asked for', () => {
    const r = parseLsblkEncryption(text, ['/', '/home']);
    expect(r).toMatchObject({ ok: true, missing: [] });
    if (!r.ok) return;
    expect(r.mounts.map((m) => [m.mountPoint, m.encrypted])).toEqual([
      ['/', true],
      ['/home', true],
    ]);
    expect(r.mounts[0]?.chain).toEqual(['luks-[...] (btrfs)', 'nvme0n1p3 (crypto_LUKS)', 'nvme0n1 (?)']);
  });

  it('through the probe (lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINTS answered with that tree): pass', async () => {
    const run = fakeRunner({ '/usr/bin/lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINTS': { stdout: text } });
    const out = await diskEncryptionCheck.run(fakeContext('linux', run, fakeFiles({ '/usr/bin/lsblk': '' })));
    expect(out.status).toBe('pass');
  });
});

describe('Windows patches: Get-HotFix denied (public error record)', () => {
  it('the OS script failing on Get-HotFix leaves the check unknown with the error as evidence, never "up to date"', async () => {
    const stderr = fixture('windows', 'os-patches/get-hotfix.access-denied.server2012r2-ssh.stderr.txt');
    const script = (args: readonly string[]) => (args.at(-1) === OS_SCRIPT ? { exitCode: 1, stderr } : { stdout: '[]' });
    const out = await osPatchesCheck.run(fakeContext('win32', fakeRunner({ [PS]: script })));
    expect(out.status).toBe('unknown');
    expect(out.evidence).toMatchObject({ source: 'Win32_OperatingSystem', error: 'get-hotfix : Access denied' });
  });
});
