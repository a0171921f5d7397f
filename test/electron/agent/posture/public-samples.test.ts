import { describe, expect, it } from 'vitest';
import { firewallCheck, screenLockCheck, antivirusCheck } from '../../../../electron/agent/posture/checks/posture-checks';
import { parseProcessNames, runningAgents } from '../../../../electron/agent/posture/common/processes';
import { parseDnfSecurityList } from '../../../../electron/agent/posture/linux/dnf-updateinfo';
import { parsePmsetDisplaySleep } from '../../../../electron/agent/posture/macos/parsers';
import { firewallProfiles } from '../../../../electron/agent/posture/windows/firewall-profiles';
import { FIREWALL_SCRIPT } from '../../../../electron/agent/posture/windows/probes';
import { parsePsRecords } from '../../../../electron/agent/posture/windows/ps-output';
import { fakeContext, fakeFiles, fakeRunner, fixture, PS, type FakeAnswer } from './helpers';

/** Public samples added for issue 4 (sources in test/fixtures/posture/<os>/SOURCES.md). */
const ps = (byScript: Record<string, FakeAnswer>) => (args: readonly string[]) => byScript[args.at(-1) ?? ''] ?? { exitCode: 1, stderr: 'unexpected script' };

describe('Windows firewall: public Get-NetFirewallProfile outputs', () => {
  it('cmdlet missing (Windows Server 2008 R2): unknown with the error, never pass', async () => {
    const text = fixture('windows', 'firewall/get-netfirewallprofile.not-recognized.server2008r2.stderr.txt');
    const out = await firewallCheck.run(fakeContext('win32', fakeRunner({ [PS]: ps({ [FIREWALL_SCRIPT]: { exitCode: 1, stderr: text } }) })));
    expect(out.status).toBe('unknown');
    expect(out.evidence).toMatchObject({ source: 'Get-NetFirewallProfile', error: expect.stringMatching(/is not recognized as the name of a cmdlet/) });
    // Even if that text reached stdout, its "Name : value"-like first line yields no profile.
    expect(firewallProfiles(parsePsRecords(text) ?? [])).toEqual([]);
  });
  it('table views (default store: NotConfigured; active store: True) are refused, so the probe says unknown', async () => {
    for (const file of ['firewall/get-netfirewallprofile.table.default-store-notconfigured.server2025.txt', 'firewall/get-netfirewallprofile.table.activestore-true.server2025.txt']) {
      const text = fixture('windows', file);
      expect(parsePsRecords(text)).toBeNull();
      const out = await firewallCheck.run(fakeContext('win32', fakeRunner({ [PS]: ps({ [FIREWALL_SCRIPT]: { stdout: text } }) })));
      expect(out.status).toBe('unknown');
    }
  });
  it('what those tables say, as the probe receives it (JSON): NotConfigured is unknown, the active store decides', () => {
    // The sample shows why the probe asks for -PolicyStore ActiveStore: the default store says NotConfigured.
    expect(firewallProfiles([{ Name: 'Domain', Enabled: 'NotConfigured' }]).map((p) => p.enabled)).toEqual([null]);
    expect(firewallProfiles([{ Name: 'Domain', Enabled: 'True' }]).map((p) => p.enabled)).toEqual([true]);
  });
});

describe('macOS screen lock: public pmset -g outputs', () => {
  it.each([
    ['screen-lock/pmset-g.displaysleep-10.x1c6.txt', 10],
    ['screen-lock/pmset-g.ventura-sleep-prevented.txt', 10],
    ['screen-lock/pmset-g.displaysleep-20.imac20-1.txt', 20],
  ])('%s → display sleep %i minutes', (file, minutes) => {
    expect(parsePmsetDisplaySleep(fixture('macos', file))).toBe(minutes);
  });
  it('a 20-minute display sleep with a 5-second password delay and the default screen saver locks after 20 minutes', async () => {
    const run = fakeRunner({
      '/usr/sbin/sysadminctl -screenLock status': { stderr: 'sysadminctl[1:2] screenLock delay is 5 seconds\n' },
      '/usr/bin/defaults -currentHost read com.apple.screensaver idleTime': { exitCode: 1, stderr: 'does not exist' },
      '/usr/bin/pmset -g': { stdout: fixture('macos', 'screen-lock/pmset-g.displaysleep-20.imac20-1.txt') },
    });
    const out = await screenLockCheck.run(fakeContext('darwin', run));
    expect(out.evidence).toMatchObject({ lockAfterMinutes: 20 + 5 / 60 });
  });
});

describe('macOS antivirus: ESET Endpoint Security processes (GLPI sample)', () => {
  it('the real-time scanner helper is recognised as ESET', () => {
    const names = parseProcessNames(fixture('macos', 'antivirus/ps.eset-endpoint-security.glpi.txt'));
    expect(names.has('ESET Real-time File System Protection')).toBe(true);
    expect(runningAgents(names, 'darwin').map((a) => a.name)).toEqual(['ESET']);
  });
  it('through the probe: ESET is reported as a running product', async () => {
    const run = fakeRunner({ '/bin/ps -axo comm=': { stdout: fixture('macos', 'antivirus/ps.eset-endpoint-security.glpi.txt') } });
    const out = await antivirusCheck.run(fakeContext('darwin', run, fakeFiles({})));
    expect((out.evidence.products as { name: string }[]).map((p) => p.name)).toContain('ESET');
  });
});

describe('Linux pending security updates: public yum / dnf5 updateinfo outputs', () => {
  it('yum updateinfo with a wrapped "Loaded plugins" header: advisories and packages still read', () => {
    const r = parseDnfSecurityList(fixture('linux', 'os-patches/yum-updateinfo-list-security-all.rhel7.loaded-plugins.txt'));
    expect(r?.advisories).toHaveLength(12);
    expect(r?.packages).toHaveLength(13);
    expect(r?.packages).toContain('389-ds-base-libs-1.3.1.6-26.el7_0.x86_64');
  });
  it('yum updateinfo list (RHEL 7 lab): Low/Moderate/Important, epochs kept in the NEVRA', () => {
    const r = parseDnfSecurityList(fixture('linux', 'os-patches/yum-updateinfo-list-security.rhel7.katacoda.excerpt.txt'));
    expect(r?.advisories).toHaveLength(17);
    expect(r?.packages).toHaveLength(21);
    expect(r?.packages).toContain('dbus-1:1.10.24-14.el7_8.x86_64');
  });
  it('dnf5 table with only enhancement advisories: understood, zero security (was unknown before)', () => {
    expect(parseDnfSecurityList(fixture('linux', 'os-patches/dnf5-updateinfo-list.enhancements-only.txt'))).toEqual({ advisories: [], packages: [] });
    expect(parseDnfSecurityList('Name Type Severity Package Issued\nFEDORA-2024-abc security Important openssl-1:3.2.2-3.fc41.x86_64 2024-06-01 00:00:00\n')).toEqual({
      advisories: ['FEDORA-2024-abc'],
      packages: ['openssl-1:3.2.2-3.fc41.x86_64'],
    });
    expect(parseDnfSecurityList('Error: something went wrong\n')).toBeNull();
  });
});

describe('Linux firewall: firewall-cmd --state refused by polkit (public sample)', () => {
  it('an unprivileged "Authorization failed" is unknown, never "firewall off"', async () => {
    const files = fakeFiles({ '/usr/bin/firewall-cmd': '' });
    const run = fakeRunner({ '/usr/bin/firewall-cmd --state': { exitCode: 1, stderr: fixture('linux', 'firewall/firewall-cmd-state.polkit-denied.stderr.txt') } });
    const out = await firewallCheck.run(fakeContext('linux', run, files));
    expect(out.status).toBe('unknown');
    expect(out.evidence.parts).toEqual([{ name: 'firewalld', enabled: null, detail: 'Authorization failed.' }]);
  });
});
