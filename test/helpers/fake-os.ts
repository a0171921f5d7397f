import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildLike, SpawnFn } from '../../electron/agent/guards/common/line-process';
import { CommandError, type CommandOutput, type CommandRunner, type RunOptions } from '../../electron/agent/os/command-runner';

/** A child process whose output the test writes and whose end the test decides. */
export class FakeChild extends EventEmitter implements ChildLike {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly stdin = new PassThrough();
  killed = false;
  constructor(
    readonly file: string,
    readonly args: readonly string[],
  ) {
    super();
  }
  kill(): boolean {
    this.killed = true;
    queueMicrotask(() => this.emit('exit', null, 'SIGTERM'));
    return true;
  }
  exit(code: number): void {
    this.emit('exit', code, null);
  }
  /** Spawn failure as Node reports it (ENOENT when the program is missing). */
  fail(code: string): void {
    this.emit('error', Object.assign(new Error(`spawn ${this.file} ${code}`), { code }));
  }
}

/** A SpawnFn that records every child it "starts". */
export function fakeSpawn(): { spawn: SpawnFn; children: FakeChild[]; envs: (Record<string, string> | undefined)[] } {
  const children: FakeChild[] = [];
  const envs: (Record<string, string> | undefined)[] = [];
  return {
    children,
    envs,
    spawn: (file, args, options) => {
      const child = new FakeChild(file, args);
      children.push(child);
      envs.push(options.env);
      return child;
    },
  };
}

type Reply = CommandOutput | CommandError | ((args: readonly string[], options?: RunOptions) => CommandOutput | CommandError);

/** A CommandRunner that replays recorded outputs per program (in order; the last one repeats). */
export function fakeRunner(replies: Record<string, Reply[]>) {
  const calls: { file: string; args: readonly string[]; options?: RunOptions | undefined }[] = [];
  const run: CommandRunner = async (file, args, options) => {
    calls.push({ file, args, options });
    const list = replies[file];
    if (!list || list.length === 0) throw new CommandError('not-found', file, `${file} is not installed`);
    const reply = list.length > 1 ? list.shift()! : list[0]!;
    const value = typeof reply === 'function' ? reply(args, options) : reply;
    if (value instanceof CommandError) throw value;
    return value;
  };
  return { run, calls };
}

export const ok = (stdout: string, stderr = ''): CommandOutput => ({ stdout, stderr, exitCode: 0 });
export const exit = (exitCode: number, stderr: string, stdout = ''): CommandOutput => ({ stdout, stderr, exitCode });
