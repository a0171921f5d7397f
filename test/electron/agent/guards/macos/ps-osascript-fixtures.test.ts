import { describe, expect, it } from 'vitest';
import { permissionRefusal } from '../../../../../electron/agent/guards/macos/accessibility';
import { MacWindowMinimizer } from '../../../../../electron/agent/guards/macos/jxa-window-minimizer';
import { parsePsPidComm, PsProcessControl } from '../../../../../electron/agent/guards/macos/ps-processes';
import { exit, fakeRunner, ok } from '../../../../helpers/fake-os';
import { guardFixture } from '../guard-fixtures';

// Real public captures (test/fixtures/guards/macos/SOURCES.md has the URL and fidelity of each).
const mac = (file: string) => guardFixture('macos', file);
const PS_UNITY = mac('ps-axo-pid-comm.unity-hub.grep.txt');
const PS_HEADER = mac('ps-axo-pid-command.head-3.mazama.txt');
const PS_CHROME = mac('ps-A-c-o-pid-command.grep-chrome.specinfra.txt');

describe('ps pid/comm parser on real macOS captures', () => {
  it('keeps the spaces and parentheses of bundle executables, the name is the last path part', () => {
    expect(parsePsPidComm(PS_UNITY).map((p) => [p.pid, p.name])).toEqual([
      [18144, 'Unity Hub'],
      [18147, 'chrome_crashpad_handler'],
      [18148, 'Unity Hub Helper'],
      [18149, 'Unity Hub Helper'],
      [18150, 'Unity Hub Helper (Renderer)'],
      [18161, 'Unity.Licensing.Client'],
      [18308, 'Unity Hub Helper'],
    ]);
    expect(parsePsPidComm(PS_UNITY).every((p) => p.exeName === p.name)).toBe(true);
  });

  it('skips the header line that `ps -axo pid,…` (without "=") prints', () => {
    expect(parsePsPidComm(PS_HEADER)).toEqual([
      { pid: 1, name: 'launchd', exeName: 'launchd' },
      { pid: 40, name: 'syslogd', exeName: 'syslogd' },
    ]);
  });

  it('a bare executable name (ps -c) is its own name, spaces kept', () => {
    expect(parsePsPidComm(PS_CHROME)).toEqual([{ pid: 99159, name: 'Google Chrome', exeName: 'Google Chrome' }]);
  });

  it('PsProcessControl lists a capture without its own pid', async () => {
    const { run } = fakeRunner({ ps: [ok(PS_UNITY)] });
    const list = await new PsProcessControl(run, () => undefined, 18144).list();
    expect(list.map((p) => p.pid)).toEqual([18147, 18148, 18149, 18150, 18161, 18308]);
  });
});

describe('osascript refusals on real captures', () => {
  const cases: [file: string, kind: 'accessibility' | 'automation'][] = [
    ['osascript.automation-1743.active-window.txt', 'automation'],
    ['osascript.automation-1743.google-chat-electron.txt', 'automation'],
    // British spelling ("authorised") on an en-GB system.
    ['osascript.automation-1743.en-gb.raycast.txt', 'automation'],
    ['osascript.assistive-1719.aircontrol.txt', 'accessibility'],
    ['osascript.assistive-25211.thyme.txt', 'accessibility'],
    // Chinese system: no English words left, only the error number identifies it.
    ['osascript.assistive-1719.zh.wechatplugin.txt', 'accessibility'],
  ];

  it.each(cases)('%s is a refused %s permission', (file, kind) => {
    expect(permissionRefusal(mac(file))).toBe(kind);
  });

  it.each(cases)('the minimizer turns %s (exit 1 on stderr) into PermissionRefusedError(%s)', async (file, kind) => {
    const { run } = fakeRunner({ osascript: [exit(1, mac(file))] });
    await expect(new MacWindowMinimizer(run).minimizeProcessWindows(18144)).rejects.toMatchObject({ name: 'PermissionRefusedError', kind });
  });

  it('an unrelated osascript error is not mistaken for a refusal', () => {
    // The line the thyme capture printed on stdout before its refusal: ordinary script output.
    expect(permissionRefusal('PROCESS 45067:MAMP')).toBeNull();
  });
});
