import { describe, expect, it } from 'vitest';
import { antivirusCheck, screenLockCheck } from '../../../../electron/agent/posture/checks/posture-checks';
import { parseMdatpHealth } from '../../../../electron/agent/posture/common/mdatp-health';
import { probeMacAntivirus } from '../../../../electron/agent/posture/macos/probes';
import { parseRegQuery } from '../../../../electron/agent/posture/windows/reg-query';
import { windowsScreenLock } from '../../../../electron/agent/posture/windows/screen-saver';
import { fakeContext, fakeRunner, fixture } from './helpers';

/**
 * Fifth batch of public samples for issue 4 (sources in test/fixtures/posture/<os>/SOURCES.md).
 * Each test states what the parser or the probe concludes from the real text.
 */
const REG = 'C:\\Windows\\System32\\reg.exe';
const USER_KEY = `${REG} query HKCU\\Control Panel\\Desktop`;
const POLICY_KEY = `${REG} query HKCU\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop`;
const MACHINE_KEY = `${REG} query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System`;
const KEY_ABSENT = fixture('windows', 'screen-lock/reg-query.key-absent.stderr.txt');
const ACCESS_DENIED = fixture('windows', 'screen-lock/reg-export.access-denied.hklm-security.stderr.txt');
const EDITING_DISABLED = fixture('windows', 'screen-lock/reg.registry-editing-disabled.node-winreg.stderr.txt');

describe('Windows screen lock: reg.exe failures that share the exit code of an absent key', () => {
  it('neither error text holds a value, so neither can be read as a setting', () => {
    expect(parseRegQuery(ACCESS_DENIED)).toEqual([]);
    expect(parseRegQuery(EDITING_DISABLED)).toEqual([]);
  });

  it.each([
    ['access denied', ACCESS_DENIED],
    ['registry editing disabled by policy', EDITING_DISABLED],
  ])('through the probe: every key refused (%s, exit 1) is unknown, never "no screen lock"', async (_label, stderr) => {
    const run = fakeRunner({ [USER_KEY]: { exitCode: 1, stderr }, [POLICY_KEY]: { exitCode: 1, stderr }, [MACHINE_KEY]: { exitCode: 1, stderr } });
    const out = await screenLockCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('unknown');
    expect(out.evidence).toMatchObject({ userKeyReadable: false });
  });

  it('through the probe: the user key refused while the policy key is absent is still unknown (the user settings decide)', async () => {
    const run = fakeRunner({ [USER_KEY]: { exitCode: 1, stderr: ACCESS_DENIED }, [POLICY_KEY]: { exitCode: 1, stderr: KEY_ABSENT }, [MACHINE_KEY]: { exitCode: 1, stderr: KEY_ABSENT } });
    const out = await screenLockCheck.run(fakeContext('win32', run));
    expect(out.status).toBe('unknown');
  });

  it('an unreadable user key does not hide what the policy key or the machine limit decide', () => {
    const machine = parseRegQuery('    InactivityTimeoutSecs    REG_DWORD    0x258\r\n');
    expect(windowsScreenLock(null, [], machine)).toMatchObject({ lockEnabled: true, lockAfterMinutes: 10 });
    const policyOff = parseRegQuery('    ScreenSaveActive    REG_SZ    0\r\n');
    expect(windowsScreenLock(null, policyOff, [])).toMatchObject({ lockEnabled: false });
    const policyAll = parseRegQuery('    ScreenSaveActive    REG_SZ    1\r\n    ScreenSaverIsSecure    REG_SZ    1\r\n    ScreenSaveTimeOut    REG_SZ    900\r\n    SCRNSAVE.EXE    REG_SZ    scrnsave.scr\r\n');
    expect(windowsScreenLock(null, policyAll, [])).toMatchObject({ lockEnabled: true, lockAfterMinutes: 15 });
  });
});

describe('macOS antivirus: public mdatp health output (Microsoft docs)', () => {
  const text = fixture('macos', 'antivirus/mdatp-health.text.101.70.19.msdocs-tamper-protection.txt');
  const MDATP = '/usr/local/bin/mdatp health --output json';

  it('the human-readable listing (what `mdatp health` prints without --output json) is refused, not guessed', () => {
    expect(parseMdatpHealth(text)).toBeNull();
  });

  it('through the probe: Defender is listed as unreadable, never as a product, and the check does not pass on it', async () => {
    const ctx = fakeContext('darwin', fakeRunner({ [MDATP]: { stdout: text } }));
    const gathered = await probeMacAntivirus(ctx);
    expect(gathered).toMatchObject({ ok: true, facts: { products: [], unreadable: ['XProtect', 'mdatp health', 'process list'] } });
    const out = await antivirusCheck.run(fakeContext('darwin', fakeRunner({ [MDATP]: { stdout: text } })));
    expect(out.status).not.toBe('pass');
  });
});
