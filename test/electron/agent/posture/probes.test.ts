import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../../shared/policy/schema';
import { antivirusCheck, diskEncryptionCheck, firewallCheck, osPatchesCheck, screenLockCheck, usbCheck } from '../../../../electron/agent/posture/checks/posture-checks';
import { probeLinuxUsb } from '../../../../electron/agent/posture/linux/probe-usb';
import { BITLOCKER_SCRIPT, BITLOCKER_SHELL_SCRIPT, DEFENDER_SCRIPT, FIREWALL_SCRIPT, USB_SCRIPT, WSC_SCRIPT } from '../../../../electron/agent/posture/windows/probes';
import { OS_SCRIPT, PENDING_SCRIPT } from '../../../../electron/agent/posture/windows/patches';
import { fakeContext, fakeFiles, fakeRunner, fixture, PS, type FakeAnswer } from './helpers';

/** A PowerShell fake that answers by script. */
const ps = (byScript: Record<string, FakeAnswer>) => (args: readonly string[]) => byScript[args.at(-1) ?? ''] ?? { exitCode: 1, stderr: 'unexpected script' };

describe('Windows probes through a fake runner', () => {
  it('BitLocker: access denied for Get-BitLockerVolume falls back to the shell property any user can read', async () => {
    const run = fakeRunner({
      [PS]: ps({
        [BITLOCKER_SCRIPT]: { exitCode: 1, stderr: 'Get-CimInstance : Access denied \r\n+ FullyQualifiedErrorId : HRESULT 0x80041003' },
        [BITLOCKER_SHELL_SCRIPT]: { stdout: '{"MountPoint":"C:","BitLockerProtection":1}' },
      }),
    });
    const out = await diskEncryptionCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('pass');
    expect(out.evidence).toMatchObject({ source: 'Shell System.Volume.BitLockerProtection', getBitLockerVolume: 'access-denied' });
    for (const call of run.calls) {
      expect(call[0]).toBe(PS);
      expect(call.slice(1, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass']);
    }
  });
  it('BitLocker: Format-List-like JSON with suspended protection fails; no answer at all is unknown', async () => {
    const suspended = fakeRunner({ [PS]: ps({ [BITLOCKER_SCRIPT]: { stdout: '{"MountPoint":"C:","VolumeType":"OperatingSystem","VolumeStatus":"FullyEncrypted","ProtectionStatus":"Off","EncryptionPercentage":100}' } }) });
    const failed = await diskEncryptionCheck.run(fakeContext('win32', suspended));
    expect(failed.status).toBe('fail');
    expect(failed.summary).toMatch(/protection is off/);
    const nothing = fakeRunner({ [PS]: { error: 'not-found' } });
    expect((await diskEncryptionCheck.run(fakeContext('win32', nothing))).status).toBe('unknown');
  });
  it('BitLocker: the "no corresponding volume" error (real output) with no shell value is unknown', async () => {
    const run = fakeRunner({
      [PS]: ps({
        [BITLOCKER_SCRIPT]: { exitCode: 1, stderr: fixture('windows', 'disk-encryption/get-bitlockervolume.no-corresponding-volume.stderr.txt') },
        [BITLOCKER_SHELL_SCRIPT]: { stdout: '{"MountPoint":"C:","BitLockerProtection":null}' },
      }),
    });
    const out = await diskEncryptionCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('unknown');
  });
  it('Antivirus on Windows Server: no Security Center (real error) → Defender status decides', async () => {
    const run = fakeRunner({
      [PS]: ps({
        [WSC_SCRIPT]: { exitCode: 1, stderr: fixture('windows', 'antivirus/get-ciminstance-securitycenter2.invalid-namespace.server2019.stderr.txt') },
        [DEFENDER_SCRIPT]: { stdout: '{"AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true,"AntivirusSignatureAge":1,"AMRunningMode":"Normal","DefenderSignaturesOutOfDate":false}' },
      }),
    });
    const out = await antivirusCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('pass');
    expect(out.evidence.sources).toEqual(['Windows Security Center: not available (Windows Server)', 'Get-MpComputerStatus']);
  });
  it('Antivirus: a third-party product that is on and current passes; signatures too old fail', async () => {
    const thirdParty = fakeRunner({ [PS]: ps({ [WSC_SCRIPT]: { stdout: '[{"displayName":"Windows Defender","productState":393472},{"displayName":"Sophos Anti-Virus","productState":331776}]' }, [DEFENDER_SCRIPT]: { exitCode: 1, stderr: 'Get-MpComputerStatus : 0x800106ba' } }) });
    expect((await antivirusCheck.run(fakeContext('win32', thirdParty))).summary).toMatch(/Sophos/);
    const old = fakeRunner({ [PS]: ps({ [WSC_SCRIPT]: { stdout: '{"displayName":"Windows Defender","productState":397568}' }, [DEFENDER_SCRIPT]: { stdout: '{"AMServiceEnabled":true,"AntivirusEnabled":true,"RealTimeProtectionEnabled":true,"AntivirusSignatureAge":12}' } }) });
    const out = await antivirusCheck.run(fakeContext('win32', old));
    expect(out.status).toBe('fail');
    expect(out.summary).toMatch(/12 days old/);
  });
  it('Antivirus: French "invalid namespace" and no Defender status: unknown, never pass', async () => {
    const run = fakeRunner({ [PS]: ps({ [WSC_SCRIPT]: { exitCode: 1, stderr: fixture('windows', 'antivirus/wmic-securitycenter2.invalid-namespace-fr.server2022.txt') }, [DEFENDER_SCRIPT]: { exitCode: 1, stderr: 'not recognized' } }) });
    expect((await antivirusCheck.run(fakeContext('win32', run))).status).toBe('unknown');
  });
  it('USB: mass storage fails under a "fail" policy unless allow-listed', async () => {
    const run = fakeRunner({ [PS]: ps({ [USB_SCRIPT]: { stdout: '[{"Name":"USB Mass Storage Device","PNPDeviceID":"USB\\\\VID_0781&PID_5581\\\\4C53","Service":"USBSTOR"}]' } }) });
    const policy = PolicySchema.parse({ posture: { usb: { massStorage: 'fail' } } });
    expect((await usbCheck.run(fakeContext('win32', run, undefined, { policy }))).status).toBe('fail');
    const allowed = PolicySchema.parse({ posture: { usb: { massStorage: 'fail', allowList: ['0781:5581'] } } });
    expect((await usbCheck.run(fakeContext('win32', run, undefined, { policy: allowed }))).status).toBe('pass');
  });
  it('Firewall: one profile off fails and is named', async () => {
    const run = fakeRunner({ [PS]: ps({ [FIREWALL_SCRIPT]: { stdout: '[{"Name":"Domain","Enabled":"True"},{"Name":"Private","Enabled":"True"},{"Name":"Public","Enabled":"False"}]' } }) });
    const out = await firewallCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('fail');
    expect(out.summary).toContain('Public');
  });
  it('Screen lock from reg.exe; absent keys (exit 1) are empty, not errors', async () => {
    const reg = 'C:\\Windows\\System32\\reg.exe';
    const run = fakeRunner({
      [`${reg} query HKCU\\Control Panel\\Desktop`]: { stdout: '    ScreenSaveActive    REG_SZ    1\r\n    ScreenSaverIsSecure    REG_SZ    1\r\n    ScreenSaveTimeOut    REG_SZ    1800\r\n    SCRNSAVE.EXE    REG_SZ    scrnsave.scr\r\n' },
      [`${reg} query HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop`]: { exitCode: 1, stderr: 'ERROR: The system was unable to find the specified registry key or value.' },
      [`${reg} query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System`]: { stdout: '    InactivityTimeoutSecs    REG_DWORD    0x258\r\n' },
    });
    const out = await screenLockCheck.run(fakeContext('win32', run));
    expect(out).toMatchObject({ status: 'pass', evidence: { lockAfterMinutes: 10 } });
  });
  it('OS patches: version below the minimum fails; the pending search timing out leaves pending unknown', async () => {
    const run = fakeRunner({
      [PS]: ps({
        [OS_SCRIPT]: { stdout: '{"Caption":"Microsoft Windows 10 Pro","Version":"10.0.19045","UBR":3803,"HotFixes":[{"HotFixID":"KB5034441","InstalledOn":"2026-05-20T00:00:00.0000000Z"}]}' },
        [PENDING_SCRIPT]: { error: 'timeout' },
      }),
    });
    const policy = PolicySchema.parse({ posture: { osPatches: { minimumVersion: { win32: '10.0.22631' } } } });
    const out = await osPatchesCheck.run(fakeContext('win32', run, undefined, { policy }));
    expect(out.status).toBe('fail');
    expect(out.evidence).toMatchObject({ version: '10.0.19045.3803', daysSinceUpdate: 12, pendingSecurityUpdates: null });
  });
});

describe('macOS probes through a fake runner', () => {
  it('FileVault, firewall, USB, patches and screen lock', async () => {
    const run = fakeRunner({
      '/usr/bin/fdesetup status': { stdout: 'FileVault is On.\n' },
      '/usr/libexec/ApplicationFirewall/socketfilterfw --getglobalstate': { stdout: 'Firewall is disabled. (State = 0)\n' },
      '/usr/sbin/system_profiler SPUSBDataType -json': { stdout: '{"SPUSBDataType":[{"_name":"USB31Bus","_items":[{"_name":"Extreme SSD","vendor_id":"0x0781  (SanDisk Corporation)","product_id":"0x558c","Media":[{}]}]}]}' },
      '/usr/sbin/system_profiler SPInstallHistoryDataType -json': { stdout: '{"SPInstallHistoryDataType":[{"_name":"macOS 14.5","install_date":"2026-05-25T08:00:00Z","package_source":"package_source_apple"}]}' },
      '/usr/bin/sw_vers -productVersion': { stdout: '14.5\n' },
      '/usr/sbin/softwareupdate --list --no-scan': { stderr: 'No new software available.\n', stdout: 'Software Update Tool\n\n' },
      '/usr/sbin/sysadminctl -screenLock status': { stderr: '2026-06-01 sysadminctl[1:2] screenLock delay is 5 seconds\n' },
      '/usr/bin/defaults -currentHost read com.apple.screensaver idleTime': { stdout: '300\n' },
      '/usr/bin/pmset -g': { stdout: ' displaysleep         10\n' },
    });
    const ctx = fakeContext('darwin', run);
    expect((await diskEncryptionCheck.run(ctx)).status).toBe('pass');
    expect((await firewallCheck.run(ctx)).status).toBe('fail');
    expect((await usbCheck.run(ctx)).summary).toMatch(/USB storage connected \(reported\): Extreme SSD \(0781:558c\)/);
    expect((await osPatchesCheck.run(ctx))).toMatchObject({ status: 'pass', evidence: { version: '14.5', pendingSecurityUpdates: 0, daysSinceUpdate: 7 } });
    expect((await screenLockCheck.run(ctx)).evidence).toMatchObject({ lockAfterMinutes: 5 + 5 / 60 });
  });
  it('XProtect plus an EDR by process; mdatp missing is not an error', async () => {
    const run = fakeRunner({
      '/usr/bin/defaults read /Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist CFBundleShortVersionString': { stdout: '5287\n' },
      '/bin/ps -axo comm=': { stdout: '/sbin/launchd\n/Library/SystemExtensions/X/com.crowdstrike.falcon.Agent.systemextension/Contents/MacOS/com.crowdstrike.falcon.Agent\n' },
    });
    const files = fakeFiles({ '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist': '' }, { '/Library/Apple/System/Library/CoreServices/XProtect.bundle/Contents/Info.plist': new Date('2026-05-30T00:00:00Z') });
    const out = await antivirusCheck.run(fakeContext('darwin', run, files));
    expect(out.status).toBe('pass');
    expect((out.evidence.products as { name: string }[]).map((p) => p.name)).toEqual(['XProtect', 'CrowdStrike Falcon']);
  });
  it('a missing or broken tool gives unknown with the reason, never pass', async () => {
    const ctx = fakeContext('darwin', fakeRunner({}));
    for (const check of [diskEncryptionCheck, firewallCheck, usbCheck, screenLockCheck]) {
      const out = await check.run(ctx);
      expect(out.status).toBe('unknown');
      expect(out.evidence.error).toBe('not-found');
    }
  });
});

describe('Linux probes through a fake runner and file tree', () => {
  it('USB from a sysfs tree; lsusb fallback; no USB bus at all', async () => {
    const tree = fakeFiles({
      '/t/usb/devices': ['1-1', '1-1:1.0'],
      '/t/usb/devices/1-1/idVendor': '0781\n',
      '/t/usb/devices/1-1/idProduct': '5581\n',
      '/t/usb/devices/1-1:1.0/bInterfaceClass': '08\n',
    });
    const sys = await probeLinuxUsb(fakeContext('linux', fakeRunner({}), tree), '/t/usb/devices');
    expect(sys.ok && sys.facts.devices).toEqual([{ vendorId: '0781', productId: '5581', name: '1-1', massStorage: true, hub: false }]);
    const lsusb = fakeRunner({ '/usr/bin/lsusb': { stdout: fixture('linux', 'usb/lsusb-v.mass-storage-camera.excerpt.txt') }, '/usr/bin/lsusb -t': { exitCode: 1 } });
    const viaLsusb = await probeLinuxUsb(fakeContext('linux', lsusb, fakeFiles({ '/usr/bin/lsusb': '' })), '/none/usb/devices');
    expect(viaLsusb.ok && viaLsusb.facts.source).toBe('lsusb');
    const noBus = await probeLinuxUsb(fakeContext('linux', fakeRunner({}), fakeFiles({ '/t': [] })), '/t/usb/devices');
    expect(noBus.ok && noBus.facts).toEqual({ source: 'sysfs (no USB bus)', devices: [] });
    const nothing = await probeLinuxUsb(fakeContext('linux', fakeRunner({}), fakeFiles({})), '/x/usb/devices');
    expect(nothing.ok).toBe(false);
  });
  it('old lsblk without MOUNTPOINTS (real error text) is retried with MOUNTPOINT', async () => {
    const run = fakeRunner({
      '/usr/bin/lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINTS': { exitCode: 1, stderr: fixture('linux', 'disk-encryption/lsblk.unknown-column-mountpoints.stderr.txt') },
      '/usr/bin/lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT': { stdout: '{"blockdevices":[{"name":"/dev/sda","type":"disk","mountpoint":null,"children":[{"name":"/dev/mapper/root","type":"crypt","mountpoint":"/"}]}]}' },
    });
    const out = await diskEncryptionCheck.run(fakeContext('linux', run, fakeFiles({ '/usr/bin/lsblk': '' })));
    expect(out.status).toBe('pass');
  });
  it('firewall: nft needs root (real error) and nothing else installed → unknown; ufw enabled → pass', async () => {
    const run = fakeRunner({ '/usr/sbin/nft -j list ruleset': { exitCode: 1, stderr: fixture('linux', 'firewall/nft.not-root.stderr.txt') } });
    const files = fakeFiles({ '/usr/sbin/nft': '' });
    const out = await firewallCheck.run(fakeContext('linux', run, files));
    expect(out.status).toBe('unknown');
    const ufw = fakeFiles({ '/usr/sbin/nft': '', '/etc/ufw/ufw.conf': 'ENABLED=yes\n' });
    expect((await firewallCheck.run(fakeContext('linux', run, ufw))).status).toBe('pass');
    const accept = fakeRunner({ '/usr/sbin/nft -j list ruleset': { stdout: fixture('linux', 'firewall/nft-j-list-ruleset.iptables-nft-accept-lo.json') } });
    expect((await firewallCheck.run(fakeContext('linux', accept, files))).status).toBe('fail');
  });
  it('screen lock: no schema (real error) is unknown; disabled idle fails', async () => {
    const files = fakeFiles({ '/usr/bin/gsettings': '' });
    const noSchema = fakeRunner({ '/usr/bin/gsettings': { exitCode: 1, stderr: fixture('linux', 'screen-lock/gsettings-get.no-such-schema.stderr.txt') } });
    expect((await screenLockCheck.run(fakeContext('linux', noSchema, files))).status).toBe('unknown');
    const idleOff = fakeRunner({
      '/usr/bin/gsettings get org.gnome.desktop.session idle-delay': { stdout: fixture('linux', 'screen-lock/gsettings-get.idle-delay.disabled.txt') },
      '/usr/bin/gsettings get org.gnome.desktop.screensaver lock-enabled': { stdout: 'true\n' },
      '/usr/bin/gsettings get org.gnome.desktop.screensaver lock-delay': { stdout: 'uint32 0\n' },
    });
    expect((await screenLockCheck.run(fakeContext('linux', idleOff, files))).status).toBe('fail');
  });
  it('antivirus: ClamAV running with a fresh database passes; the passive Defender (real JSON) does not', async () => {
    const files = fakeFiles({ '/usr/bin/ps': '', '/usr/sbin/clamd': '', '/usr/bin/sigtool': '', '/var/lib/clamav': ['daily.cld', 'main.cvd'], '/usr/bin/mdatp': '' });
    const run = fakeRunner({
      '/usr/bin/ps -eo comm=': { stdout: 'systemd\nclamd\nwdavdaemon\n' },
      '/usr/bin/sigtool --info /var/lib/clamav/daily.cld': { stdout: 'File: daily.cld\nBuild time: 31 May 2026 08:00 +0000\nVersion: 27000\n' },
      '/usr/bin/mdatp health --output json': { stdout: fixture('linux', 'antivirus/mdatp-health.101.23062.0010.passive.json') },
    });
    const out = await antivirusCheck.run(fakeContext('linux', run, files));
    expect(out.status).toBe('pass');
    const products = out.evidence.products as { name: string; meetsPolicy: boolean | null }[];
    expect(products.map((p) => [p.name, p.meetsPolicy])).toEqual([
      ['ClamAV', true],
      ['Microsoft Defender for Endpoint', false],
    ]);
  });
});
