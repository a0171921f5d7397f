import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_POLICY } from '../../../../shared/policy/default-policy';
import type { Policy } from '../../../../shared/policy/schema';
import { CommandError, type CommandOutput, type CommandRunner } from '../../../../electron/agent/os/command-runner';
import type { FileReader } from '../../../../electron/agent/os/file-reader';
import type { AgentPlatform, CheckContext } from '../../../../electron/agent/posture/check-context';

export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');

/** A fixture's text from test/fixtures/posture/<os>/<file>. */
export function fixture(os: 'linux' | 'macos' | 'windows', file: string): string {
  return readFileSync(path.join(ROOT, 'test', 'fixtures', 'posture', os, file), 'utf8');
}

/**
 * ../shared/posture-samples beside the repository (or $SHIFTGUARD_POSTURE_SAMPLES, for git
 * worktrees that live elsewhere), or null when absent.
 */
export function sharedSamplesDir(): string | null {
  const candidates = [process.env.SHIFTGUARD_POSTURE_SAMPLES, path.resolve(ROOT, '..', 'shared', 'posture-samples')].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(path.join(p, 'expected.json'))) ?? null;
}

/** What a fake command answers: output, or a runner error code. */
export type FakeAnswer = Partial<CommandOutput> | { error: 'not-found' | 'timeout' | 'output-too-large' | 'spawn-failed' } | { hang: true };

/**
 * A fake runner answering by "file arg1 arg2…" prefix match (longest key first). Unknown commands
 * are "not installed". Records every call so tests can check argument arrays.
 */
export function fakeRunner(answers: Record<string, FakeAnswer | ((args: readonly string[]) => FakeAnswer)>): CommandRunner & { calls: string[][] } {
  const keys = Object.keys(answers).sort((a, b) => b.length - a.length);
  const calls: string[][] = [];
  const run = (async (file, args, options) => {
    calls.push([file, ...args]);
    const line = [file, ...args].join(' ');
    const key = keys.find((k) => line === k || line.startsWith(`${k} `));
    const raw = key === undefined ? { error: 'not-found' as const } : answers[key];
    const answer = typeof raw === 'function' ? raw(args) : raw;
    if (answer && 'hang' in answer) {
      await new Promise((r) => setTimeout(r, options?.timeoutMs ?? 5000));
      throw new CommandError('timeout', file, `${file} timed out`);
    }
    if (answer && 'error' in answer) throw new CommandError(answer.error, file, `${file}: ${answer.error}`);
    return { stdout: answer?.stdout ?? '', stderr: answer?.stderr ?? '', exitCode: answer?.exitCode ?? 0 };
  }) as CommandRunner & { calls: string[][] };
  run.calls = calls;
  return run;
}

/** A fake file tree: path → text (files) or string[] (directory entries); mtimes optional. */
export function fakeFiles(tree: Record<string, string | string[]>, mtimes: Record<string, Date> = {}): FileReader {
  return {
    async readText(p) {
      const v = tree[p];
      return typeof v === 'string' ? v : null;
    },
    async list(p) {
      const v = tree[p];
      return Array.isArray(v) ? v : null;
    },
    async mtime(p) {
      return mtimes[p] ?? (p in tree ? new Date(0) : null);
    },
  };
}

export function fakeContext(platform: AgentPlatform, run: CommandRunner, files: FileReader = fakeFiles({}), overrides: Partial<CheckContext> = {}): CheckContext {
  const policy: Policy = overrides.policy ?? DEFAULT_POLICY;
  return { platform, run, files, env: { SystemRoot: 'C:\\Windows', SystemDrive: 'C:' }, policy, now: () => new Date('2026-06-01T12:00:00Z'), ...overrides };
}

/** The absolute path of the Windows PowerShell the probes use with the fake env above. */
export const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
