import { execFile } from 'node:child_process';

/** The outcome of one command: its exit code and captured text. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  /** Milliseconds before the process is killed; default 5000. */
  timeoutMs?: number;
  /** Bytes of stdout/stderr kept before the process is killed; default 4 MiB. */
  maxOutputBytes?: number;
  /** Extra environment variables (e.g. DISPLAY for X tools), on top of the agent's own. */
  env?: Record<string, string>;
}

/** Why a command could not produce output. Stable codes for evidence and tests. */
export type CommandErrorCode = 'not-found' | 'timeout' | 'output-too-large' | 'spawn-failed';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly code: CommandErrorCode,
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs an OS command. Injected everywhere a probe needs the OS so tests can hand in a fake
 * runner with recorded outputs. Resolves with non-zero exit codes too: the parser decides.
 */
export type CommandRunner = (file: string, args: readonly string[], options?: RunOptions) => Promise<CommandOutput>;

/** The real runner: execFile with an argument array, never a shell, with a timeout and an output cap. */
export const runCommand: CommandRunner = (file, args, options = {}) => {
  const timeout = options.timeoutMs ?? 5000;
  const maxBuffer = options.maxOutputBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      // LC_ALL=C asks tools for untranslated output where they honour it.
      { timeout, maxBuffer, shell: false, windowsHide: true, encoding: 'utf8', env: { ...process.env, ...options.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, exitCode: 0 });
        const err = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string; code?: unknown };
        if (err.code === 'ENOENT') return reject(new CommandError('not-found', file, `${file} is not installed`));
        if (err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return reject(new CommandError('output-too-large', file, `${file} printed more than ${maxBuffer} bytes`));
        }
        if (err.killed && err.signal) return reject(new CommandError('timeout', file, `${file} did not finish within ${timeout} ms`));
        if (typeof err.code === 'number') return resolve({ stdout, stderr, exitCode: err.code });
        reject(new CommandError('spawn-failed', file, `${file} could not be started: ${err.message}`));
      },
    );
  });
};
