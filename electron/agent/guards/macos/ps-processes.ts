import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessControl, ProcessInfo } from '../adapters';
import { CommandError, runCommand, type CommandRunner } from '../../os/command-runner';

/**
 * `ps -axo pid=,comm=` to processes. On macOS `comm` is the executable's path, which may hold
 * spaces ("/Applications/Sticky Notes.app/…"); the name is its last component. Pure.
 */
export function parsePsPidComm(text: string): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const name = path.posix.basename(m[2]!);
    if (!name) continue;
    out.push({ pid: Number(m[1]), name, exeName: name });
  }
  return out;
}

type Kill = (pid: number, signal: NodeJS.Signals | 0) => void;

/** Processes on macOS: one `ps` per look, signals to end them (SIGTERM, then SIGKILL). */
export class PsProcessControl implements ProcessControl {
  constructor(
    private readonly run: CommandRunner = runCommand,
    private readonly kill: Kill = (pid, signal) => void process.kill(pid, signal),
    private readonly ownPid = process.pid,
    private readonly pauseMs = 50,
  ) {}

  async list(): Promise<ProcessInfo[]> {
    const out = await this.run('ps', ['-axo', 'pid=,comm='], { timeoutMs: 5000 });
    if (out.exitCode !== 0) throw new CommandError('spawn-failed', 'ps', `ps exited with ${out.exitCode}: ${out.stderr.trim()}`);
    return parsePsPidComm(out.stdout).filter((p) => p.pid !== this.ownPid);
  }

  async terminate(pid: number): Promise<boolean> {
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === this.ownPid) return false;
    if (!this.signal(pid, 'SIGTERM')) return !this.alive(pid);
    for (let i = 0; i < 6; i++) {
      await sleep(this.pauseMs);
      if (!this.alive(pid)) return true;
    }
    this.signal(pid, 'SIGKILL');
    for (let i = 0; i < 10; i++) {
      if (!this.alive(pid)) return true;
      await sleep(this.pauseMs);
    }
    return !this.alive(pid);
  }

  private signal(pid: number, signal: NodeJS.Signals): boolean {
    try {
      this.kill(pid, signal);
      return true;
    } catch {
      // ESRCH (gone) or EPERM (another user's process: not ours to end).
      return false;
    }
  }

  private alive(pid: number): boolean {
    try {
      this.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but is not ours.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
}
