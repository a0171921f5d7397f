import { describe, expect, it } from 'vitest';
import { bitLockerVolume, shellProtectionVolume, systemVolume } from '../../../../electron/agent/posture/windows/bitlocker';
import { firewallProfiles } from '../../../../electron/agent/posture/windows/firewall-profiles';
import { windowsOsFacts, windowsPending } from '../../../../electron/agent/posture/windows/patches';
import { usbDevicesFromPnp } from '../../../../electron/agent/posture/windows/pnp-usb';
import { parsePsRecords, psDate } from '../../../../electron/agent/posture/windows/ps-output';
import { parseRegQuery } from '../../../../electron/agent/posture/windows/reg-query';
import { windowsScreenLock } from '../../../../electron/agent/posture/windows/screen-saver';
import { decodeProductState, defenderProduct, mergeDefender, securityCenterProducts } from '../../../../electron/agent/posture/windows/security-center';
import { fixture } from './helpers';

describe('PowerShell output', () => {
  it('reads Format-List, keeps the decimal comma as text, refuses table views', () => {
    const [rec] = parsePsRecords(fixture('windows', 'disk-encryption/get-bitlockervolume.format-list.msdocs.txt')) ?? [];
    expect(rec).toMatchObject({ MountPoint: 'C:', VolumeStatus: 'FullyEncrypted', ProtectionStatus: 'On', CapacityGB: '218,2344', AutoUnlockEnabled: '' });
    expect(parsePsRecords(fixture('windows', 'disk-encryption/get-bitlockervolume.table.msdocs.txt'))).toBeNull();
    expect(parsePsRecords(fixture('windows', 'os-patches/get-hotfix.table.msdocs.txt'))).toBeNull();
  });
  it('reads ConvertTo-Json objects and arrays', () => {
    expect(parsePsRecords('{"Name":"Domain","Enabled":"True"}')).toEqual([{ Name: 'Domain', Enabled: 'True' }]);
    expect(parsePsRecords('[{"a":1},{"a":2}]')).toHaveLength(2);
    expect(parsePsRecords('')).toEqual([]);
    expect(parsePsRecords('{broken')).toBeNull();
  });
  it('reads wmic /format:list with its blank-line padding as one object', () => {
    const recs = parsePsRecords(fixture('windows', 'antivirus/wmic-msft-mpcomputerstatus.server2022-azure.excerpt.txt'));
    expect(recs).toHaveLength(1);
    expect(recs?.[0]).toMatchObject({ AMRunningMode: 'Normal', AntivirusSignatureAge: '0', DefenderSignaturesOutOfDate: 'FALSE' });
  });
  it('dates: ISO, /Date(ms)/ and CIM datetimes; locale text refused', () => {
    expect(psDate('2024-06-04T15:06:27.0000000Z')).toEqual(new Date('2024-06-04T15:06:27Z'));
    expect(psDate('/Date(1717513587000)/')).toEqual(new Date(1717513587000));
    expect(psDate('20250311015218.000000+000')).toEqual(new Date('2025-03-11T01:52:18Z'));
    expect(psDate('20250311015218.000000+060')).toEqual(new Date('2025-03-11T00:52:18Z'));
    expect(psDate('6/4/2024 8:06:27 AM')).toBeNull();
  });
});

describe('BitLocker', () => {
  it('Format-List OS volume: encrypted, protection on', () => {
    const recs = parsePsRecords(fixture('windows', 'disk-encryption/get-bitlockervolume.format-list.msdocs.txt')) ?? [];
    expect(systemVolume(recs, 'C:')).toEqual({ mount: 'C:', encrypted: true, protectionOn: true, state: 'FullyEncrypted', percent: 100, volumeType: 'OperatingSystem' });
  });
  it('a volume without a MountPoint line is read, but is not picked as the system drive', () => {
    const recs = parsePsRecords(fixture('windows', 'disk-encryption/get-bitlockervolume.data-volume-fragment.txt')) ?? [];
    expect(bitLockerVolume(recs[0] ?? {})).toMatchObject({ encrypted: true, protectionOn: true, percent: 100 });
    expect(systemVolume(recs, 'C:')).toBeNull();
  });
  it('numeric enums from raw ConvertTo-Json; a Tpm protector on a decrypted volume is not encryption', () => {
    expect(bitLockerVolume({ MountPoint: 'C:', VolumeStatus: 0, ProtectionStatus: 0, VolumeType: 0, EncryptionPercentage: 0 })).toMatchObject({ encrypted: false, protectionOn: false, state: 'FullyDecrypted', volumeType: 'OperatingSystem' });
    expect(bitLockerVolume({ MountPoint: 'C:', VolumeStatus: 'FullyEncrypted', ProtectionStatus: 'Off' })).toMatchObject({ encrypted: true, protectionOn: false });
    expect(bitLockerVolume({ MountPoint: 'C:', VolumeStatus: 'EncryptionInProgress', ProtectionStatus: 'Off', EncryptionPercentage: '1' })).toMatchObject({ encrypted: false, percent: 1 });
  });
  it('shell property values', () => {
    expect(shellProtectionVolume('C:', 1)).toMatchObject({ encrypted: true, protectionOn: true });
    expect(shellProtectionVolume('C:', 5)).toMatchObject({ encrypted: true, protectionOn: false });
    expect(shellProtectionVolume('C:', 2)).toMatchObject({ encrypted: false });
    expect(shellProtectionVolume('C:', null)).toMatchObject({ encrypted: null, state: 'no value' });
    expect(shellProtectionVolume('C:', 7)).toMatchObject({ encrypted: null });
  });
});

describe('Security Center productState', () => {
  it.each([
    [397568, 'on', true, '0x061100'],
    [393472, 'off', true, '0x060100'],
    [397584, 'on', false, '0x061110'],
    [266240, 'on', true, '0x041000'],
    [262144, 'off', true, '0x040000'],
    [270336, 'snoozed', true, '0x042000'],
  ])('%i → %s, signatures up to date %s', (state, scanner, upToDate, hex) => {
    expect(decodeProductState(state)).toEqual({ scanner, signaturesUpToDate: upToDate, hex });
  });
  it('products from records; Defender merged with its own status', () => {
    const wsc = securityCenterProducts([
      { displayName: 'Windows Defender', productState: 393472 },
      { displayName: 'Sophos Anti-Virus', productState: 331776 },
      { displayName: '', productState: 1 },
    ]);
    expect(wsc.map((p) => [p.name, p.enabled])).toEqual([
      ['Windows Defender', false],
      ['Sophos Anti-Virus', true],
    ]);
    const defender = defenderProduct({ AMServiceEnabled: true, AntivirusEnabled: true, RealTimeProtectionEnabled: true, AntivirusSignatureAge: 1, AMRunningMode: 'Passive Mode' });
    expect(defender.realTime).toBe(false);
    const merged = mergeDefender(wsc, defender);
    expect(merged[0]).toMatchObject({ name: 'Windows Defender', signatureAgeDays: 1, realTime: false });
  });
  it('Defender status from wmic on Windows Server 2022 (the fallback source)', () => {
    const [rec] = parsePsRecords(fixture('windows', 'antivirus/wmic-msft-mpcomputerstatus.server2022.excerpt.txt')) ?? [];
    expect(defenderProduct(rec ?? {})).toMatchObject({ enabled: true, realTime: null, signatureAgeDays: 2 });
    const [azure] = parsePsRecords(fixture('windows', 'antivirus/wmic-msft-mpcomputerstatus.server2022-azure.excerpt.txt')) ?? [];
    expect(defenderProduct(azure ?? {})).toMatchObject({ enabled: true, signaturesUpToDate: true, signatureAgeDays: 0, detail: { runningMode: 'Normal', tamperProtected: true, signatureLastUpdated: '2025-03-11T01:52:18.000Z' } });
  });
  it('65535 days (never updated) stays an old age, not a fresh one', () => {
    expect(defenderProduct({ AMServiceEnabled: 'True', AntivirusEnabled: 'True', RealTimeProtectionEnabled: 'True', AntivirusSignatureAge: 65535 }).signatureAgeDays).toBe(9999);
  });
});

describe('USB from PnP entities', () => {
  it('French Get-WmiObject Format-List: a HID interface alone still inventories its device', () => {
    const recs = parsePsRecords(fixture('windows', 'usb/get-wmiobject-win32_pnpentity.fr-hid-interface.excerpt.txt')) ?? [];
    expect(recs).toHaveLength(1);
    expect(usbDevicesFromPnp(recs)).toEqual([{ vendorId: '04f3', productId: '9999', name: 'Périphérique d’entrée USB', massStorage: false, hub: false }]);
  });
  it('folds interfaces into devices and finds USBSTOR', () => {
    const devices = usbDevicesFromPnp([
      { Name: 'USB Root Hub (USB 3.0)', PNPDeviceID: 'USB\\ROOT_HUB30\\4&152DA58&0&0', Service: 'USBHUB3' },
      { Name: 'USB Mass Storage Device', PNPDeviceID: 'USB\\VID_0781&PID_5581\\4C530001', Service: 'USBSTOR' },
      { Name: 'USB Composite Device', PNPDeviceID: 'USB\\VID_046D&PID_0A44\\5&1', Service: 'usbccgp' },
      { Name: 'USB Input Device', PNPDeviceID: 'USB\\VID_046D&PID_0A44&MI_03\\6&2', Service: 'HidUsb' },
      { Name: 'Generic USB Hub', PNPDeviceID: 'USB\\VID_0424&PID_2514\\7&1', Service: 'USBHUB' },
    ]);
    expect(devices.map((d) => [`${d.vendorId}:${d.productId}`, d.massStorage, d.hub])).toEqual([
      ['0781:5581', true, false],
      ['046d:0a44', false, false],
      ['0424:2514', false, true],
    ]);
  });
  it('reads Get-PnpDevice field names and HTML-escaped ampersands', () => {
    expect(usbDevicesFromPnp([{ FriendlyName: 'UAS Storage', InstanceId: 'USB\\VID_174C&amp;PID_55AA\\1', Service: 'UASPStor' }])).toEqual([
      { vendorId: '174c', productId: '55aa', name: 'UAS Storage', massStorage: true, hub: false },
    ]);
  });
});

describe('firewall, registry, patches', () => {
  it('firewall profiles: GpoBoolean text and numbers; NotConfigured stays unknown', () => {
    expect(firewallProfiles([{ Name: 'Domain', Enabled: 'True' }, { Name: 'Private', Enabled: 0 }, { Name: 'Public', Enabled: 'NotConfigured' }]).map((p) => p.enabled)).toEqual([true, false, null]);
  });
  it('reg query values and screen-saver lock', () => {
    const user = parseRegQuery(
      '\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\r\n    ScreenSaveActive    REG_SZ    1\r\n    ScreenSaverIsSecure    REG_SZ    1\r\n    ScreenSaveTimeOut    REG_SZ    900\r\n    SCRNSAVE.EXE    REG_SZ    C:\\Windows\\system32\\scrnsave.scr\r\n',
    );
    expect(user).toHaveLength(4);
    expect(windowsScreenLock(user, [], [])).toMatchObject({ lockEnabled: true, lockAfterMinutes: 15 });
    const machine = parseRegQuery('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\n    InactivityTimeoutSecs    REG_DWORD    0x258\n');
    expect(windowsScreenLock(user, [], machine)).toMatchObject({ lockAfterMinutes: 10 });
    const policy = parseRegQuery('    ScreenSaveTimeOut    REG_SZ    300\n');
    expect(windowsScreenLock(user, policy, []).lockAfterMinutes).toBe(5);
    expect(windowsScreenLock(parseRegQuery('    ScreenSaveActive    REG_SZ    1\n    ScreenSaveTimeOut    REG_SZ    600\n'), [], [])).toMatchObject({ lockEnabled: false });
    expect(windowsScreenLock(null, null, null).lockEnabled).toBeNull();
  });
  it('OS facts with update build revision and the newest hotfix', () => {
    expect(
      windowsOsFacts({
        Caption: 'Microsoft Windows 11 Pro',
        Version: '10.0.22631',
        UBR: 4317,
        HotFixes: [
          { HotFixID: 'KB5041585', InstalledOn: '2024-08-14T00:00:00.0000000Z' },
          { HotFixID: 'KB5042099', InstalledOn: '2024-09-11T00:00:00.0000000Z' },
        ],
      }),
    ).toEqual({ osName: 'Microsoft Windows 11 Pro', version: '10.0.22631.4317', lastInstalledAt: '2024-09-11T00:00:00.000Z', lastHotFix: 'KB5042099' });
    expect(windowsOsFacts({ Caption: 'X', Version: '10.0.17763', HotFixes: { HotFixID: 'KB1', InstalledOn: '5/16/2019 00:00:00' } })).toMatchObject({ version: '10.0.17763', lastInstalledAt: null });
    expect(windowsPending([{ Title: 'Cumulative Update', Security: true }, { Title: 'Driver', Security: false, MsrcSeverity: '' }])).toMatchObject({ total: 2, security: 1 });
  });
});
