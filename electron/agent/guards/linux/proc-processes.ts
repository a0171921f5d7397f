import { readFileSync } from 'node:fs';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessControl, ProcessInfo } from '../adapters';

/** Parses /proc/PID/cmdline (NUL-separated argv) to the basename of argv[0]. Pure. */
export function argv0Basename(cmdline: string): string | undefined {
  const argv0 = cmdline.split('\0')[0];
  if (!argv0) return undefined;
  return path.basename(argv0.split(' ')[0] ?? argv0);
}

/** Name and state letter from /proc/PID/stat; the name is in parentheses and may hold spaces. Pure. */
export function parseProcStat(text: string): { name: string; state: string } | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  return { name: text.slice(open + 1, close), state: text.slice(close + 2, close + 3) };
}

/** Process listing and termination through /proc and signals, no child process per look. */
export class ProcProcessControl implements ProcessControl {
  constructor(
    private readonly proc = '/proc',
    private readonly ownPid = process.pid,
  ) {}

  async list(): Promise<ProcessInfo[]> {
    const entries = await readdir(this.proc);
    const out: ProcessInfo[] = [];
    await Promise.all(
      entries.map(async (entry) => {
        if (!/^\d+$/.test(entry)) return;
        const pid = Number(entry);
        if (pid === this.ownPid) return;
        try {
          const stat = parseProcStat(await readFile(path.join(this.proc, entry, 'stat'), 'utf8'));
          // Zombies are already dead; they only wait for their parent.
          if (!stat || stat.state === 'Z' || stat.state === 'X') return;
          const name = stat.name;
          let exeName: string | undefined;
          // exe is unreadable for other users' processes; cmdline is not.
          exeName = await readlink(path.join(this.proc, entry, 'exe')).then(
            (p) => path.basename(p.replace(/ \(deleted\)$/, '')),
            () => undefined,
          );
          if (!exeName) exeName = argv0Basename(await readFile(path.join(this.proc, entry, 'cmdline'), 'utf8').catch(() => ''));
          out.push({ pid, name, ...(exeName ? { exeName } : {}) });
        } catch {
          // The process ended between readdir and read.
        }
      }),
    );
    return out;
  }

  async terminate(pid: number): Promise<boolean> {
    if (!signal(pid, 'SIGTERM')) return !alive(pid);
    // Capture tools get a short moment to exit cleanly; the 1 s budget leaves ~400 ms for SIGKILL.
    for (let i = 0; i < 6; i++) {
      await sleep(50);
      if (!alive(pid)) return true;
    }
    signal(pid, 'SIGKILL');
    for (let i = 0; i < 20; i++) {
      if (!alive(pid)) return true;
      await sleep(25);
    }
    return !alive(pid);
  }
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (a killed child of ours stays a zombie until reaped by its parent). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const state = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state;
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
