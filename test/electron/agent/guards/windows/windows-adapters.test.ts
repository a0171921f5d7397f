import { describe, expect, it } from 'vitest';
import { parseWindowsForegroundLine, WindowsActiveWindowSource } from '../../../../../electron/agent/guards/windows/win-active-window';
import { parseCsvLine, parseTasklistCsv, TasklistProcessControl } from '../../../../../electron/agent/guards/windows/tasklist-processes';
import { parseMinimizeCount, WindowsWindowMinimizer } from '../../../../../electron/agent/guards/windows/win-window-minimizer';
import { CommandError } from '../../../../../electron/agent/os/command-runner';
import { exit, fakeRunner, fakeSpawn, ok } from '../../../../helpers/fake-os';

// Rows in the shape `tasklist /FO CSV /NH` prints (every field quoted, memory with a thousands
// separator inside the quotes). See test/fixtures/guards/windows/SOURCES.md on provenance.
const TASKLIST = '"System Idle Process","0","Services","0","8 K"\r\n"SnippingTool.exe","4120","Console","1","31,244 K"\r\n"notepad.exe","5144","Console","1","12,060 K"\r\n';
const NO_MATCH = 'INFO: No tasks are running which match the specified criteria.\r\n';

describe('tasklist CSV parser', () => {
  it('keeps commas and doubled quotes inside quoted fields', () => {
    expect(parseCsvLine('"a","1,234 K","say ""hi"""')).toEqual(['a', '1,234 K', 'say "hi"']);
  });
  it('reads image name and pid, skips the INFO notice and junk', () => {
    expect(parseTasklistCsv(TASKLIST)).toEqual([
      { pid: 0, name: 'System Idle Process', exeName: 'System Idle Process' },
      { pid: 4120, name: 'SnippingTool.exe', exeName: 'SnippingTool.exe' },
      { pid: 5144, name: 'notepad.exe', exeName: 'notepad.exe' },
    ]);
    expect(parseTasklistCsv(NO_MATCH)).toEqual([]);
    expect(parseTasklistCsv('"broken.exe","not-a-pid","Console","1","4 K"\r\n')).toEqual([]);
  });
});

describe('TasklistProcessControl (fake runner)', () => {
  it('lists without pid 0 and without itself, with an argument array', async () => {
    const { run, calls } = fakeRunner({ tasklist: [ok(TASKLIST)] });
    const list = await new TasklistProcessControl(run, 5144).list();
    expect(list.map((p) => p.pid)).toEqual([4120]);
    expect(calls[0]).toMatchObject({ file: 'tasklist', args: ['/FO', 'CSV', '/NH'] });
  });
  it('fails loudly when tasklist is missing', async () => {
    const { run } = fakeRunner({});
    await expect(new TasklistProcessControl(run).list()).rejects.toMatchObject({ name: 'CommandError', code: 'not-found' });
  });
  it('terminates gracefully when the app closes', async () => {
    const { run, calls } = fakeRunner({ taskkill: [ok('SUCCESS: Sent termination signal to the process with PID 4120.\r\n')], tasklist: [ok(NO_MATCH)] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(4120)).toBe(true);
    expect(calls.map((c) => [c.file, ...c.args])).toEqual([
      ['taskkill', '/PID', '4120'],
      ['tasklist', '/FI', 'PID eq 4120', '/FO', 'CSV', '/NH'],
    ]);
  });
  it('forces when the graceful close is ignored', async () => {
    const still = ok('"SnippingTool.exe","4120","Console","1","31,244 K"\r\n');
    const { run, calls } = fakeRunner({ taskkill: [ok(''), ok('')], tasklist: [still, still, still, ok(NO_MATCH)] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(4120)).toBe(true);
    expect(calls.filter((c) => c.file === 'taskkill').map((c) => c.args)).toEqual([['/PID', '4120'], ['/PID', '4120', '/F']]);
  });
  it('says false when access is denied (an elevated process)', async () => {
    const still = ok('"SnippingTool.exe","4120","Console","1","31,244 K"\r\n');
    const denied = exit(1, 'ERROR: The process with PID 4120 could not be terminated.\r\nReason: Access is denied.\r\n');
    const { run } = fakeRunner({ taskkill: [denied], tasklist: [still] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(4120)).toBe(false);
  });
  it('treats "not found" on the forced kill as gone', async () => {
    const still = ok('"x.exe","4120","Console","1","1 K"\r\n');
    const { run } = fakeRunner({ taskkill: [ok(''), exit(128, 'ERROR: The process "4120" not found.\r\n')], tasklist: [still] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(4120)).toBe(true);
  });
  it('never runs a command for an invalid pid or itself', async () => {
    const { run, calls } = fakeRunner({});
    const control = new TasklistProcessControl(run, 77, 0);
    for (const pid of [0, -1, 1.5, Number.NaN, 2 ** 40, 77]) expect(await control.terminate(pid)).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe('Windows foreground window (fake PowerShell process)', () => {
  it('parses the script’s lines', () => {
    expect(parseWindowsForegroundLine('{"pid":0}')).toEqual({ kind: 'window', window: null });
    expect(parseWindowsForegroundLine('{"process":"chrome","title":"Pay — Checkout","pid":812}')).toEqual({
      kind: 'window',
      window: { pid: 812, title: 'Pay — Checkout', processName: 'chrome' },
    });
    expect(parseWindowsForegroundLine('{"process":null,"title":"","pid":4}')).toEqual({ kind: 'window', window: { pid: 4, title: '' } });
    expect(parseWindowsForegroundLine('WARNING: something')).toEqual({ kind: 'ignore' });
    expect(parseWindowsForegroundLine('{"pid":"x"}')).toEqual({ kind: 'ignore' });
  });

  it('starts one long-running powershell.exe and answers from its latest line', async () => {
    const fake = fakeSpawn();
    const source = new WindowsActiveWindowSource({ spawn: fake.spawn });
    expect(await source.current()).toBeNull();
    expect(fake.children).toHaveLength(1);
    const child = fake.children[0]!;
    expect(child.file).toBe('powershell.exe');
    expect(child.args.slice(0, 2)).toEqual(['-NoProfile', '-NonInteractive']);
    expect(child.args).toContain('-Command');
    child.stdout.write('{"process":"notepad","title":"Untitled - Notepad","pid":5144}\r\n{"pi');
    await new Promise((r) => setImmediate(r));
    expect(await source.current()).toEqual({ pid: 5144, title: 'Untitled - Notepad', processName: 'notepad' });
    child.stdout.write('d":0}\r\n');
    await new Promise((r) => setImmediate(r));
    expect(await source.current()).toBeNull();
    for (let i = 0; i < 10; i++) await source.current();
    expect(fake.children).toHaveLength(1);
    source.close();
    expect(child.killed).toBe(true);
  });

  it('reports a missing PowerShell, and retries only after a pause', async () => {
    let now = 0;
    const fake = fakeSpawn();
    const source = new WindowsActiveWindowSource({ spawn: fake.spawn, now: () => now, restartDelayMs: 5000 });
    await source.current();
    fake.children[0]!.fail('ENOENT');
    await expect(source.current()).rejects.toThrow('powershell.exe is not installed');
    now = 1000;
    await expect(source.current()).rejects.toThrow('not installed');
    expect(fake.children).toHaveLength(1);
    now = 6000;
    await expect(source.current()).rejects.toThrow('not installed');
    expect(fake.children).toHaveLength(2);
    source.close();
  });

  it('says why the script ended (its last stderr line)', async () => {
    const fake = fakeSpawn();
    const source = new WindowsActiveWindowSource({ spawn: fake.spawn });
    await source.current();
    fake.children[0]!.stderr.write('Add-Type : Cannot add type. Compilation errors occurred.\r\n');
    await new Promise((r) => setImmediate(r));
    fake.children[0]!.exit(1);
    await expect(source.current()).rejects.toThrow('powershell.exe exited (code 1): Add-Type : Cannot add type. Compilation errors occurred.');
    source.close();
  });
});

describe('WindowsWindowMinimizer (fake runner)', () => {
  it('hands the pid through the environment, never in the script', async () => {
    const { run, calls } = fakeRunner({ 'powershell.exe': [ok('2\r\n')] });
    expect(await new WindowsWindowMinimizer(run).minimizeProcessWindows(5144)).toBe(2);
    expect(calls[0]!.options?.env).toEqual({ SHIFTGUARD_TARGET_PID: '5144' });
    expect(calls[0]!.args.join(' ')).not.toContain('5144');
  });
  it('parses the count and refuses invalid pids and failures', async () => {
    expect(parseMinimizeCount('0\r\n')).toBe(0);
    expect(parseMinimizeCount('')).toBeNull();
    await expect(new WindowsWindowMinimizer(fakeRunner({}).run).minimizeProcessWindows(-3)).rejects.toThrow(RangeError);
    const failing = fakeRunner({ 'powershell.exe': [exit(1, 'Exception calling "MinimizeAll": Access is denied.\r\n')] });
    await expect(new WindowsWindowMinimizer(failing.run).minimizeProcessWindows(5144)).rejects.toThrow('Access is denied');
    const missing = fakeRunner({ 'powershell.exe': [new CommandError('not-found', 'powershell.exe', 'powershell.exe is not installed')] });
    await expect(new WindowsWindowMinimizer(missing.run).minimizeProcessWindows(5144)).rejects.toMatchObject({ code: 'not-found' });
  });
});
