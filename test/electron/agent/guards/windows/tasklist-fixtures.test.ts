import { describe, expect, it } from 'vitest';
import { parseTasklistCsv, TasklistProcessControl } from '../../../../../electron/agent/guards/windows/tasklist-processes';
import { exit, fakeRunner, ok } from '../../../../helpers/fake-os';
import { guardFixture } from '../guard-fixtures';

// Real public captures (test/fixtures/guards/windows/SOURCES.md has the URL and fidelity of each).
// The CRLF line ends of the originals were not preserved by their sources; the parser reads both.
const win = (file: string) => guardFixture('windows', file);
const HEADER_PYTHON = win('tasklist-csv.header.python-filter.clawd.txt');
const ROW_BASH = win('tasklist-csv-nh.pid-filter.win10.batch-cluster.txt');
const NO_MATCH_EN = win('tasklist-csv-nh.no-match.win10.batch-cluster.txt');
const ROW_SYSTEM_DE = win('tasklist-csv-nh.pid-filter.de.llama-launcher.txt');
const NO_MATCH_DE = win('tasklist-csv-nh.no-match.de.llama-launcher.txt');
const KILL_SENT_SIGNAL = win('taskkill-im.sent-signal.taskkill-6.txt');
const KILL_NEEDS_FORCE = win('taskkill-pid.needs-force.kill-port-44.txt');
const KILL_ACCESS_DENIED = win('taskkill-pid.access-denied.powershell-18738.txt');
const KILL_NOT_FOUND = win('taskkill-t-f-pid.not-found.tcpkiller-3.txt');

describe('tasklist CSV parser on real captures', () => {
  it('skips the header row of a capture taken without /NH and reads every row under it', () => {
    const list = parseTasklistCsv(HEADER_PYTHON);
    expect(list.map((p) => p.pid)).toEqual([7048, 7160, 17272, 17368, 22484, 16640]);
    expect(new Set(list.map((p) => p.name))).toEqual(new Set(['python.exe']));
    expect(list.every((p) => p.exeName === 'python.exe')).toBe(true);
  });

  it('reads a /NH /FI row (Windows 10)', () => {
    expect(parseTasklistCsv(ROW_BASH)).toEqual([{ pid: 11968, name: 'bash.exe', exeName: 'bash.exe' }]);
  });

  it('reads a German row whose memory column uses "." as thousands separator', () => {
    expect(parseTasklistCsv(ROW_SYSTEM_DE)).toEqual([{ pid: 4, name: 'System', exeName: 'System' }]);
  });

  it('the "no tasks" notice is no process, in English and in German', () => {
    expect(parseTasklistCsv(NO_MATCH_EN)).toEqual([]);
    expect(parseTasklistCsv(NO_MATCH_DE)).toEqual([]);
  });

  it('with CRLF line ends restored the answers are the same', () => {
    const crlf = (text: string) => text.replace(/\n/g, '\r\n');
    expect(parseTasklistCsv(crlf(HEADER_PYTHON))).toEqual(parseTasklistCsv(HEADER_PYTHON));
    expect(parseTasklistCsv(crlf(ROW_SYSTEM_DE))).toEqual(parseTasklistCsv(ROW_SYSTEM_DE));
  });
});

describe('TasklistProcessControl on real captures (fake runner)', () => {
  it('lists every captured process except its own pid', async () => {
    const { run } = fakeRunner({ tasklist: [ok(HEADER_PYTHON)] });
    const list = await new TasklistProcessControl(run, 17368).list();
    expect(list.map((p) => p.pid)).toEqual([7048, 7160, 17272, 22484, 16640]);
  });

  // taskkill's wording is never parsed (it is localised): only its exit code and a fresh tasklist
  // decide. The captured texts stand in for what taskkill really prints beside those codes.
  it('graceful "sent termination signal" but the process stays: forced kill, exit 128 (gone) is success', async () => {
    const { run, calls } = fakeRunner({
      taskkill: [ok(KILL_SENT_SIGNAL), exit(128, KILL_NOT_FOUND)],
      tasklist: [ok(ROW_BASH), ok(ROW_BASH), ok(ROW_BASH)],
    });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(11968)).toBe(true);
    expect(calls.filter((c) => c.file === 'taskkill').map((c) => c.args)).toEqual([['/PID', '11968'], ['/PID', '11968', '/F']]);
  });

  it('gone after the graceful close: the English notice ends it without forcing', async () => {
    const { run, calls } = fakeRunner({ taskkill: [ok(KILL_SENT_SIGNAL)], tasklist: [ok(NO_MATCH_EN)] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(11968)).toBe(true);
    expect(calls.filter((c) => c.file === 'taskkill')).toHaveLength(1);
  });

  it('gone on a German machine: the localised notice (exit 0) counts as gone', async () => {
    const { run } = fakeRunner({ taskkill: [exit(1, KILL_NEEDS_FORCE)], tasklist: [ok(NO_MATCH_DE)] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(4)).toBe(true);
  });

  it('"only forcefully", then "Access is denied" while still listed (German): false', async () => {
    const { run, calls } = fakeRunner({
      taskkill: [exit(1, KILL_NEEDS_FORCE), exit(1, KILL_ACCESS_DENIED)],
      tasklist: [ok(ROW_SYSTEM_DE)],
    });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(4)).toBe(false);
    expect(calls.filter((c) => c.file === 'taskkill').map((c) => c.args.at(-1))).toEqual(['4', '/F']);
  });

  // The no-match notice exits 0 (stated with the German capture); a failing tasklist prints no row
  // either, so only the exit code tells "gone" from "could not look". Not looking is not "gone".
  it('a tasklist that fails (non-zero exit, no rows) never counts as "the process is gone"', async () => {
    const { run, calls } = fakeRunner({ taskkill: [ok(KILL_SENT_SIGNAL), ok('')], tasklist: [exit(1, '')] });
    expect(await new TasklistProcessControl(run, 1, 0).terminate(11968)).toBe(false);
    expect(calls.filter((c) => c.file === 'taskkill')).toHaveLength(2);
  });
});
