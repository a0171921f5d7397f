import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessControl, ProcessInfo } from '../adapters';
import { CommandError, runCommand, type CommandRunner } from '../../os/command-runner';
import { isValidPid } from './powershell';

/** The fields of one CSV line: quoted fields may hold commas ("1,234 K") and doubled quotes. Pure. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

/**
 * `tasklist /FO CSV /NH` to processes: image name and PID are the first two columns; the
 * "INFO: No tasks..." notice (localised) and anything not a quoted row is skipped. Pure.
 */
export function parseTasklistCsv(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.startsWith('"')) continue;
    const [name, pidText] = parseCsvLine(line);
    if (!name || !pidText || !/^\d+$/.test(pidText)) continue;
    out.push({ pid: Number(pidText), name, exeName: name });
  }
  return out;
}

/** Processes on Windows through tasklist and taskkill (argument arrays, validated pids). */
export class TasklistProcessControl implements ProcessControl {
  constructor(
    private readonly run: CommandRunner = runCommand,
    private readonly ownPid = process.pid,
    private readonly pauseMs = 100,
  ) {}

  async list(): Promise<ProcessInfo[]> {
    const out = await this.run('tasklist', ['/FO', 'CSV', '/NH'], { timeoutMs: 5000 });
    if (out.exitCode !== 0) throw new CommandError('spawn-failed', 'tasklist', `tasklist exited with ${out.exitCode}: ${out.stderr.trim()}`);
    // PID 0 is the System Idle Process, not something to act on.
    return parseTasklistCsv(out.stdout).filter((p) => p.pid !== 0 && p.pid !== this.ownPid);
  }

  async terminate(pid: number): Promise<boolean> {
    if (!isValidPid(pid) || pid === this.ownPid) return false;
    // Graceful first (WM_CLOSE to its windows), then forced: capture tools get ~300 ms to close.
    await this.run('taskkill', ['/PID', String(pid)], { timeoutMs: 2000 }).catch(() => undefined);
    for (let i = 0; i < 3; i++) {
      if (!(await this.isRunning(pid))) return true;
      await sleep(this.pauseMs);
    }
    const forced = await this.run('taskkill', ['/PID', String(pid), '/F'], { timeoutMs: 2000 });
    // 128: no such process (it ended meanwhile).
    if (forced.exitCode === 128) return true;
    for (let i = 0; i < 5; i++) {
      if (!(await this.isRunning(pid))) return true;
      await sleep(this.pauseMs);
    }
    return false;
  }

  private async isRunning(pid: number): Promise<boolean> {
    const out = await this.run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], { timeoutMs: 3000 });
    // The localised "no tasks" notice exits 0; a failed tasklist prints no row either. Counting a
    // failure as "gone" would report a capture tool ended when nobody could check: assume running.
    if (out.exitCode !== 0) return true;
    return parseTasklistCsv(out.stdout).some((p) => p.pid === pid);
  }
}
