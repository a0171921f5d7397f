import { describe, expect, it } from 'vitest';
import { antivirusCheck, osPatchesCheck, screenLockCheck, usbCheck } from '../../../../electron/agent/posture/checks/posture-checks';
import { parseMdatpHealth } from '../../../../electron/agent/posture/common/mdatp-health';
import { OS_SCRIPT, PENDING_SCRIPT } from '../../../../electron/agent/posture/windows/patches';
import { usbDevicesFromPnp } from '../../../../electron/agent/posture/windows/pnp-usb';
import { USB_SCRIPT } from '../../../../electron/agent/posture/windows/probes';
import { parsePsRecords } from '../../../../electron/agent/posture/windows/ps-output';
import { parseRegQuery } from '../../../../electron/agent/posture/windows/reg-query';
import { windowsScreenLock } from '../../../../electron/agent/posture/windows/screen-saver';
import { fakeContext, fakeFiles, fakeRunner, fixture, PS, type FakeAnswer } from './helpers';

/**
 * Third batch of public samples for issue 4 (sources in test/fixtures/posture/<os>/SOURCES.md).
 * Each test states what the parser or the probe concludes from the real text, so a parser
 * regression fails here.
 */
const ps = (byScript: Record<string, FakeAnswer>) => (args: readonly string[]) => byScript[args.at(-1) ?? ''] ?? { exitCode: 1, stderr: 'unexpected script' };
const REG = 'C:\\Windows\\System32\\reg.exe';
const USER_KEY = `${REG} query HKCU\\Control Panel\\Desktop`;
const POLICY_KEY = `${REG} query HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop`;
const MACHINE_KEY = `${REG} query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System`;
const KEY_ABSENT = fixture('windows', 'screen-lock/reg-query.key-absent.stderr.txt');

describe('Windows screen lock: public reg query outputs', () => {
  const desktop = fixture('windows', 'screen-lock/reg-query-hkcu-desktop.screensaveactive-no-program.processing4.txt');

  it('a full HKCU\\Control Panel\\Desktop listing: every value line read, including one with no data', () => {
    const values = parseRegQuery(desktop);
    expect(values).toHaveLength(46);
    expect(values.find((v) => v.name === 'ScreenSaveActive')).toEqual({ name: 'ScreenSaveActive', type: 'REG_SZ', data: '1' });
    expect(values.find((v) => v.name === 'WallPaper')).toEqual({ name: 'WallPaper', type: 'REG_SZ', data: '' });
    // Subkey lines are not values.
    expect(values.some((v) => v.name.startsWith('HKEY_'))).toBe(false);
  });

  it('ScreenSaveActive=1 without a program, a secure flag or a timeout never locks', () => {
    const facts = windowsScreenLock(parseRegQuery(desktop), [], []);
    expect(facts).toMatchObject({ lockEnabled: false, lockAfterMinutes: null, detail: { screenSaverActive: 1, screenSaverSecure: null, screenSaverTimeoutSeconds: null, screenSaverProgram: null } });
  });

  it('through the probe: that listing with absent policy and machine keys (real reg.exe error, exit 1) fails', async () => {
    const run = fakeRunner({
      [USER_KEY]: { stdout: desktop },
      [POLICY_KEY]: { exitCode: 1, stderr: KEY_ABSENT },
      [MACHINE_KEY]: { exitCode: 1, stderr: KEY_ABSENT },
    });
    const out = await screenLockCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('fail');
    expect(out.evidence).toMatchObject({ userKeyReadable: true, inactivityTimeoutSeconds: null });
  });

  it('the "key absent" error text holds no value, so it can never be read as a setting', () => {
    expect(parseRegQuery(KEY_ABSENT)).toEqual([]);
  });
});

describe('Windows USB: public Win32_PnPEntity outputs', () => {
  it('a root hub object (French Format-List): read, but a hub without VID/PID is never a device', () => {
    const text = fixture('windows', 'usb/get-wmiobject-win32_pnpentity.fr-root-hub.excerpt.txt');
    const recs = parsePsRecords(text) ?? [];
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ Caption: 'Hub USB racine (USB 3.0)', __CLASS: 'Win32_PnPEntity' });
    expect(usbDevicesFromPnp(recs)).toEqual([]);
    // The excerpt ends before its DeviceID line; the same id, from its __RELPATH, is skipped too.
    const id = /DeviceID="(.+)"/.exec(String(recs[0]?.__RELPATH))?.[1]?.replace(/\\\\/g, '\\') ?? '';
    expect(id).toBe('USB\\ROOT_HUB30\\4&5CDA812&0&0');
    expect(usbDevicesFromPnp([{ PNPDeviceID: id, Name: 'Hub USB racine (USB 3.0)', Service: 'USBHUB3' }])).toEqual([]);
  });

  it('"Name = value" dumps (not PowerShell, not wmic) are refused, so the probe says unknown', async () => {
    const text = fixture('windows', 'usb/win32_pnpentity.name-equals-value.de-usbstor.usb-events.excerpt.txt');
    expect(parsePsRecords(text)).toBeNull();
    const out = await usbCheck.run(fakeContext('win32', fakeRunner({ [PS]: ps({ [USB_SCRIPT]: { stdout: text } }) })));
    expect(out.status).toBe('unknown');
  });

  it('what that German USBSTOR object says, as the probe receives it (JSON): a SanDisk mass storage device', () => {
    // Same property values as the sample, in the ConvertTo-Json shape the probe asks for.
    const text = fixture('windows', 'usb/win32_pnpentity.name-equals-value.de-usbstor.usb-events.excerpt.txt');
    const value = (key: string) => new RegExp(`^${key} = (.*)$`, 'm').exec(text)?.[1] ?? '';
    const rec = { Name: value('Name'), PNPDeviceID: value('PNPDeviceID'), Service: value('Service'), PNPClass: value('PNPClass') };
    expect(usbDevicesFromPnp([rec])).toEqual([{ vendorId: '0781', productId: '5591', name: 'USB-Massenspeichergerät', massStorage: true, hub: false }]);
  });
});

describe('Windows pending updates: the update search failing (public error record)', () => {
  it('the COMException leaves pending unknown with the HRESULT as the note; the OS facts still count', async () => {
    const run = fakeRunner({
      [PS]: ps({
        [OS_SCRIPT]: { stdout: '{"Caption":"Microsoft Windows 11 Pro","Version":"10.0.22631","UBR":3880,"HotFixes":[{"HotFixID":"KB5037771","InstalledOn":"2026-05-20T00:00:00.0000000Z"}]}' },
        [PENDING_SCRIPT]: { exitCode: 1, stderr: fixture('windows', 'os-patches/updatesearcher-search.0x8024401c.stderr.txt') },
      }),
    });
    const out = await osPatchesCheck.run(fakeContext('win32', run));
    expect(out.evidence).toMatchObject({ version: '10.0.22631.3880', pendingSecurityUpdates: null });
    expect(JSON.stringify(out.evidence)).toContain('Exception from HRESULT: 0x8024401C');
  });
});

describe('Linux antivirus: mdatp health as text, unlicensed (public sample)', () => {
  const text = fixture('linux', 'antivirus/mdatp-health.text.no-license.101.02.55.excerpt.txt');

  it('the text table is not the JSON the probe asks for: refused, never read as healthy', () => {
    expect(parseMdatpHealth(text)).toBeNull();
  });

  it('through the probe: Defender is listed as unreadable, not as a protecting product', async () => {
    const files = fakeFiles({ '/usr/bin/ps': '', '/usr/bin/mdatp': '' });
    const run = fakeRunner({
      '/usr/bin/ps -eo comm=': { stdout: 'systemd\nwdavdaemon\n' },
      '/usr/bin/mdatp health --output json': { stdout: text },
    });
    const out = await antivirusCheck.run(fakeContext('linux', run, files));
    expect(out.status).not.toBe('pass');
    expect(JSON.stringify(out.evidence)).toContain('mdatp health');
    expect((out.evidence.products as { name: string }[]).map((p) => p.name)).not.toContain('Microsoft Defender for Endpoint');
  });
});
