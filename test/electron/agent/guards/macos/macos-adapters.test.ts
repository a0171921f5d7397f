import { describe, expect, it } from 'vitest';
import { permissionRefusal } from '../../../../../electron/agent/guards/macos/accessibility';
import { MacActiveWindowSource, parseMacForegroundLine } from '../../../../../electron/agent/guards/macos/jxa-active-window';
import { MacWindowMinimizer } from '../../../../../electron/agent/guards/macos/jxa-window-minimizer';
import { parsePsPidComm, PsProcessControl } from '../../../../../electron/agent/guards/macos/ps-processes';
import { exit, fakeRunner, fakeSpawn, ok } from '../../../../helpers/fake-os';

// In the shape `ps -axo pid=,comm=` prints on macOS (right-aligned pid, executable path).
// See test/fixtures/guards/macos/SOURCES.md on provenance.
const PS = [
  '    1 /sbin/launchd',
  '  412 /System/Applications/TextEdit.app/Contents/MacOS/TextEdit',
  '  977 /System/Applications/Stickies.app/Contents/MacOS/Stickies',
  ' 1203 /Applications/Some App.app/Contents/MacOS/Some App',
  '',
].join('\n');
const REFUSED_TITLE = 'System Events got an error: osascript is not allowed assistive access. (-1719)';

describe('ps -axo pid=,comm= parser', () => {
  it('reads pid and the executable name, paths with spaces included', () => {
    expect(parsePsPidComm(PS)).toEqual([
      { pid: 1, name: 'launchd', exeName: 'launchd' },
      { pid: 412, name: 'TextEdit', exeName: 'TextEdit' },
      { pid: 977, name: 'Stickies', exeName: 'Stickies' },
      { pid: 1203, name: 'Some App', exeName: 'Some App' },
    ]);
  });
});

describe('PsProcessControl (fake runner and signals)', () => {
  it('lists through ps with an argument array, without itself', async () => {
    const { run, calls } = fakeRunner({ ps: [ok(PS)] });
    const list = await new PsProcessControl(run, () => undefined, 412).list();
    expect(list.map((p) => p.pid)).toEqual([1, 977, 1203]);
    expect(calls[0]).toMatchObject({ file: 'ps', args: ['-axo', 'pid=,comm='] });
  });
  it('fails loudly when ps is missing', async () => {
    await expect(new PsProcessControl(fakeRunner({}).run).list()).rejects.toMatchObject({ code: 'not-found' });
  });
  it('SIGTERM, then SIGKILL when ignored; false for EPERM (not ours)', async () => {
    const sent: string[] = [];
    let alive = true;
    const kill = (_pid: number, signal: NodeJS.Signals | 0) => {
      if (signal !== 0) sent.push(signal);
      if (signal === 'SIGKILL') alive = false;
      if (signal === 0 && !alive) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
    };
    expect(await new PsProcessControl(fakeRunner({}).run, kill, 1, 0).terminate(977)).toBe(true);
    expect(sent).toEqual(['SIGTERM', 'SIGKILL']);
    const eperm = () => {
      throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
    };
    expect(await new PsProcessControl(fakeRunner({}).run, eperm, 1, 0).terminate(977)).toBe(false);
    expect(await new PsProcessControl(fakeRunner({}).run, kill, 5, 0).terminate(1)).toBe(false);
  });
});

describe('macOS foreground window (fake osascript)', () => {
  it('parses lines, Accessibility refusal as "title unavailable", Automation refusal as an error', () => {
    expect(parseMacForegroundLine('{"pid":412,"name":"TextEdit","title":"Untitled","titleError":null}')).toEqual({
      kind: 'window',
      window: { pid: 412, processName: 'TextEdit', title: 'Untitled' },
    });
    const refused = parseMacForegroundLine(JSON.stringify({ pid: 412, name: 'TextEdit', title: null, titleError: REFUSED_TITLE }));
    expect(refused).toMatchObject({ kind: 'window', window: { pid: 412, title: '', titleUnavailable: expect.stringContaining('Accessibility') } });
    expect(parseMacForegroundLine('{"error":"Error: Not authorized to send Apple events to System Events. (-1743)"}')).toEqual({
      kind: 'error',
      message: expect.stringContaining('Automation permission'),
    });
    expect(parseMacForegroundLine('2024-01-01 osascript[1] noise')).toEqual({ kind: 'ignore' });
    expect(permissionRefusal('some other error')).toBeNull();
  });

  it('one long-running osascript read from stderr; a refusal fails current() with the reason', async () => {
    const fake = fakeSpawn();
    const source = new MacActiveWindowSource({ spawn: fake.spawn });
    expect(await source.current()).toBeNull();
    const child = fake.children[0]!;
    expect(child.file).toBe('osascript');
    expect(child.args.slice(0, 3)).toEqual(['-l', 'JavaScript', '-e']);
    child.stderr.write('{"pid":412,"name":"TextEdit","title":"card.txt","titleError":null}\n');
    await new Promise((r) => setImmediate(r));
    expect(await source.current()).toMatchObject({ processName: 'TextEdit', title: 'card.txt' });
    child.stderr.write('{"error":"Not authorized to send Apple events to System Events. (-1743)"}\n');
    await new Promise((r) => setImmediate(r));
    await expect(source.current()).rejects.toThrow('Automation permission');
    expect(fake.children).toHaveLength(1);
    source.close();
  });
});

describe('MacWindowMinimizer (fake runner)', () => {
  it('passes the pid as an argument and returns the count', async () => {
    const { run, calls } = fakeRunner({ osascript: [ok('2\n')] });
    expect(await new MacWindowMinimizer(run).minimizeProcessWindows(412)).toBe(2);
    expect(calls[0]!.args.at(-1)).toBe('412');
  });
  it('Accessibility refused: a PermissionRefusedError naming the permission', async () => {
    const { run } = fakeRunner({ osascript: [exit(1, `execution error: Error: ${REFUSED_TITLE}\n`)] });
    await expect(new MacWindowMinimizer(run).minimizeProcessWindows(412)).rejects.toMatchObject({ name: 'PermissionRefusedError', kind: 'accessibility' });
    await expect(new MacWindowMinimizer(fakeRunner({}).run).minimizeProcessWindows(412)).rejects.toMatchObject({ code: 'not-found' });
    await expect(new MacWindowMinimizer(run).minimizeProcessWindows(0)).rejects.toThrow(RangeError);
  });
});
