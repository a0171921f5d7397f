import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, ROOT } from './cli';

/**
 * A headless agent as a real process (`shiftguard run`), with its own data folder and its own
 * HOME (so every file it writes, posture state included, lands under `root`), output kept.
 */
export class AgentProcess {
  output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly root: string,
    readonly dataDir: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(root: string, args: string[], env: NodeJS.ProcessEnv): AgentProcess {
    const home = path.join(root, 'home');
    const dataDir = path.join(root, 'data');
    mkdirSync(home, { recursive: true });
    // Several agents on one machine share its machine id: each gets its own identity (an asset tag).
    const managed = path.join(root, 'managed.json');
    writeFileSync(managed, JSON.stringify({ identitySource: 'asset-tag', assetTag: `asset-${path.basename(root)}` }));
    const child = spawn(process.execPath, [CLI, 'run', '--data', dataDir, ...args], {
      cwd: ROOT,
      env: { ...env, SHIFTGUARD_MANAGED_CONFIG: managed, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), XDG_STATE_HOME: path.join(home, '.local', 'state') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AgentProcess(child, root, dataDir);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<number | null> {
    if (this.running) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if the agent has not exited within `ms`; 'killed' in that case. */
  async stopWithin(ms: number): Promise<number | null | 'killed'> {
    if (!this.running) return this.exited;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
    const first = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    this.child.kill('SIGKILL');
    await this.exited;
    return 'killed';
  }
}
