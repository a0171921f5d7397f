import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from './cli';
import { waitFor } from './poll';

export const TEST_ADMIN = { email: 'it-admin@example.test', password: 'correct horse battery staple' };

/**
 * The central endpoint as a real process (`shiftguard server`), on a free port, with its output
 * kept for searching. `stop` sends SIGTERM; `kill` sends SIGKILL (a crash).
 */
export class ServerProcess {
  output = '';
  url = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly dataDir: string,
  ) {
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(dataDir: string, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ServerProcess> {
    const child = spawn(process.execPath, [CLI, 'server', '--port', String(options.port ?? 0), '--data', dataDir], {
      cwd: ROOT,
      env: { ...process.env, SHIFTGUARD_ADMIN_EMAIL: TEST_ADMIN.email, SHIFTGUARD_ADMIN_PASSWORD: TEST_ADMIN.password, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, dataDir);
    const match = await waitFor('the server to listen', () => /listening on (http:\/\/[^\s,]+)/.exec(server.output) ?? (child.exitCode !== null ? Promise.reject(new Error(`server exited: ${server.output}`)) : null), 60_000);
    server.url = match[1]!.replace(/\/$/, '');
    return server;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /**
   * SIGTERM; if the server has not exited within 15 s, SIGKILL and say so (the test then goes on:
   * a slow shutdown is reported, not hidden, and does not wedge the suite).
   */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 15_000)));
    const first = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    console.log(`server in ${this.dataDir} did not exit within 15 s of SIGTERM; killed`);
    this.child.kill('SIGKILL');
    await this.exited;
    return null;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** A signed-in person over real HTTP (fetch): cookie and CSRF token carried. */
export class HttpUser {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async login(base: string, email = TEST_ADMIN.email, password = TEST_ADMIN.password): Promise<HttpUser> {
    const res = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
    const info = (await res.json()) as { csrfToken: string };
    return new HttpUser(base, (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', info.csrfToken);
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }

  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json } = await this.call(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
    return json as T;
  }
}
