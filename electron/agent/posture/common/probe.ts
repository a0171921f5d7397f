import { CommandError, type CommandOutput, type RunOptions } from '../../os/command-runner';
import type { CheckContext } from '../check-context';

/*
 * Why the probes do not use systeminformation (a dependency of the project, used elsewhere):
 * checked on systeminformation 5.33 for every fact the posture checks read, none is given
 * without a shell. On Linux si.osInfo() runs `cat /etc/*-release; …`, `hostname -f`,
 * `dmesg | grep` and a `cat machine-id || …` chain through /bin/sh; si.blockDevices() runs
 * `lsblk … 2>/dev/null` through the shell and has no crypt ancestry for "/"; si.usb() runs
 * `export LC_ALL=C; lsusb -v …` (and has no mass-storage class). macOS osInfo runs
 * `sw_vers; sysctl …` through the shell, and on Windows every fact comes from a PowerShell found
 * on PATH and printed with `| fl` (translated values). DESIGN.md requires execFile with an argument
 * array, a resolved path, a timeout and an output cap, so the probes read the same sources
 * (os-release, lsblk JSON, sysfs, CIM objects as JSON) themselves.
 */

/** Why a probe produced no usable output; stable strings for evidence and tests. */
export type ProbeFailure = 'not-found' | 'timeout' | 'output-too-large' | 'spawn-failed';

/** A command's output, or why there is none. Non-zero exit codes are output: the parser decides. */
export type ProbeResult = ({ ok: true } & CommandOutput) | { ok: false; failure: ProbeFailure; command: string };

/** Default per-probe limits: short, because checks run at shift start while the agent waits. */
export const PROBE_TIMEOUT_MS = 4000;
export const PROBE_MAX_OUTPUT = 2 * 1024 * 1024;

/** Runs one command through the injected runner and turns runner errors into data. */
export async function probe(ctx: CheckContext, file: string, args: readonly string[], options: RunOptions = {}): Promise<ProbeResult> {
  try {
    const out = await ctx.run(file, args, { timeoutMs: PROBE_TIMEOUT_MS, maxOutputBytes: PROBE_MAX_OUTPUT, ...options });
    return { ok: true, ...out };
  } catch (error) {
    if (error instanceof CommandError) return { ok: false, failure: error.code, command: file };
    return { ok: false, failure: 'spawn-failed', command: file };
  }
}

/** Standard directories searched for Linux tools, in order; PATH is not trusted. */
export const LINUX_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'] as const;

/**
 * The absolute path of a Linux tool in the standard directories, or null when it is not
 * installed. Resolving ourselves keeps a writable PATH entry from substituting a fake tool.
 */
export async function resolveLinuxCommand(ctx: CheckContext, name: string, dirs: readonly string[] = LINUX_BIN_DIRS): Promise<string | null> {
  for (const dir of dirs) {
    const path = `${dir}/${name}`;
    try {
      if ((await ctx.files.mtime(path)) !== null) return path;
    } catch {
      // unreadable directory: try the next one
    }
  }
  return null;
}

/** First line of stderr (or stdout), trimmed and capped, for evidence. */
export function firstLine(text: string, max = 300): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, max);
}
