import { spawn as nodeSpawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** The part of a child process the guards use (Node's ChildProcess fits; tests hand in fakes). */
export interface ChildLike {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly stdin: Writable | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: 'error', listener: (error: Error) => void): this;
}

/** Starts a long-running process from an argument array (never a shell). */
export type SpawnFn = (file: string, args: readonly string[], options: SpawnOptions) => ChildLike;

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Discard stdout/stderr (for programs that fork a daemon which would otherwise hold our pipes). */
  quiet?: boolean;
}

/** The real spawn: argument array, no shell, no console window on Windows, stdin kept open. */
export const spawnProcess: SpawnFn = (file, args, options) =>
  nodeSpawn(file, [...args], {
    shell: false,
    windowsHide: true,
    stdio: options.quiet ? ['pipe', 'ignore', 'ignore'] : ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });

/** Longest line kept; a helper that prints more than this without a newline is misbehaving. */
const MAX_LINE = 64 * 1024;

export interface LineProcessOptions {
  file: string;
  args: readonly string[];
  /** Which stream carries the lines (JXA's console.log writes to stderr). */
  stream: 'stdout' | 'stderr';
  spawn?: SpawnFn;
  env?: Record<string, string>;
  onLine(line: string): void;
  /** The process could not start or ended; `reason` says why, in words for the audit log. */
  onExit(reason: string): void;
}

/**
 * One long-running helper process whose output is read line by line (a watcher that prints one
 * line per change), instead of a new process on every look. The helper's stdin stays open: the
 * helpers exit when it closes, so they never outlive the agent.
 */
export class LineProcess {
  private child: ChildLike | null = null;
  private buffer = '';
  private stderrTail = '';
  private ended = false;

  constructor(private readonly options: LineProcessOptions) {}

  get running(): boolean {
    return this.child !== null;
  }

  start(): void {
    if (this.child) return;
    this.ended = false;
    this.buffer = '';
    this.stderrTail = '';
    const { file, args, env } = this.options;
    let child: ChildLike;
    try {
      child = (this.options.spawn ?? spawnProcess)(file, args, env ? { env } : {});
    } catch (error) {
      this.finish(`${file} could not be started: ${(error as Error).message}`);
      return;
    }
    this.child = child;
    const lines = this.options.stream === 'stdout' ? child.stdout : child.stderr;
    lines?.setEncoding('utf8');
    lines?.on('data', (chunk: string) => this.take(chunk));
    if (this.options.stream === 'stdout') {
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-500)));
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      this.finish(error.code === 'ENOENT' ? `${file} is not installed` : `${file} could not be started: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      const tail = this.stderrTail.trim().split(/\r?\n/).pop();
      this.finish(`${file} exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ''}`);
    });
  }

  /** Writes a line to the helper's stdin (a request to the helper). */
  send(line: string): void {
    this.child?.stdin?.write(`${line}\n`);
  }

  stop(): void {
    const child = this.child;
    this.ended = true;
    this.child = null;
    if (!child) return;
    child.stdin?.end();
    child.kill();
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim()) this.options.onLine(line);
    }
    if (this.buffer.length > MAX_LINE) this.buffer = '';
  }

  private finish(reason: string): void {
    const wasStopped = this.ended;
    this.child = null;
    this.ended = true;
    if (!wasStopped) this.options.onExit(reason);
  }
}
