// Load benchmark of the central endpoint (not part of npm test). Usage:
//   node --import tsx test/bench/server-load.ts [--engine sqlite|postgres] [--devices N] [--seconds S]
//        [--concurrency C] [--fleet 100000] [--workers W]
// Starts the real server as a separate process (`shiftguard server`), enrolls N simulated devices
// through the API, pre-signs reports with each device's own Ed25519 key, then drives POST
// /api/v1/reports over keep-alive loopback connections from this process and prints throughput and
// latency. Then seeds a fleet of --fleet workstations and times GET /api/v1/fleet/summary.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { TestDevice } from '../helpers/test-device';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres';
import { makeTempDir } from '../helpers/temp-dir';
import { CLI, ROOT } from '../helpers/cli';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'sqlite' },
    devices: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '64' },
    fleet: { type: 'string', default: '100000' },
    workers: { type: 'string', default: '1' },
  },
});
const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';
const DEVICES = Number(values.devices);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const FLEET = Number(values.fleet);
const WORKERS = Number(values.workers);
const ADMIN = { email: 'bench@example.test', password: 'benchmark password 123' };

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(port: number, method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers: { ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function startServerProcess(env: NodeJS.ProcessEnv, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'server', '--port', '0', '--data', dataDir, '--workers', String(WORKERS)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, port };
}

/**
 * One keep-alive loopback connection that sends pre-built HTTP/1.1 requests and reads just enough
 * of each response (status line and Content-Length) to time it: a load generator this light leaves
 * the CPU to the server, which is what is being measured.
 */
class RawConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: ((status: number) => void) | null = null;
  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    // A closed connection or a response that never comes counts as an error (status 0), not a hang.
    socket.on('close', () => this.fail());
    socket.on('error', () => this.fail());
  }

  private fail(): void {
    const done = this.pending;
    this.pending = null;
    done?.(0);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  private drain(): void {
    const head = this.buffer.indexOf('\r\n\r\n');
    if (head < 0 || !this.pending) return;
    const header = this.buffer.subarray(0, head).toString('latin1');
    const length = Number(/content-length: *(\d+)/i.exec(header)?.[1] ?? 0);
    if (this.buffer.length < head + 4 + length) return;
    this.buffer = Buffer.from(this.buffer.subarray(head + 4 + length));
    const done = this.pending;
    this.pending = null;
    done(Number(header.slice(9, 12)));
  }

  send(request: Buffer): Promise<number> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        console.error('bench: no response within 10 s; closing the connection');
        this.socket.destroy();
      }, 10_000);
      this.pending = (status) => {
        clearTimeout(timer);
        resolve(status);
      };
      if (this.socket.destroyed) return this.fail();
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

function rawPost(path: string, body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n\r\n`), bytes]);
}

/** CPU seconds (user + system) used so far by a process, all its threads (Linux /proc). */
function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / 100 : NaN;
}

/** Fields of /proc/<pid>/stat after the command name (0-based: 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime). */
function statFields(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by a PostgreSQL cluster: the postmaster, its live children (backends, WAL
 * writer, checkpointer, …) and the children that already exited (the postmaster's cutime/cstime).
 */
function clusterCpuSeconds(postmaster: number): number {
  const own = statFields(postmaster);
  if (!own) return NaN;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of childPids(postmaster)) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100;
}

/** Direct children of a process. */
function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    if (Number(statFields(Number(entry))?.[1]) === parent) pids.push(Number(entry));
  }
  return pids;
}

/** The server process and its cluster workers (direct children). */
function serverPids(root: number): number[] {
  return [root, ...childPids(root)];
}

/** Busy and total jiffies of the whole machine (all CPUs), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  if (engine === 'postgres' && postgresSkipReason()) throw new Error(postgresSkipReason() ?? '');
  const tmp = makeTempDir('shiftguard-bench-');
  let cluster: PostgresCluster | undefined;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    cluster = await startPostgres({ durable: true });
    databaseUrl = await cluster.createDatabase('bench');
  }
  const env: NodeJS.ProcessEnv = {
    SHIFTGUARD_ADMIN_EMAIL: ADMIN.email,
    SHIFTGUARD_ADMIN_PASSWORD: ADMIN.password,
    // Each simulated device sends far more than a real agent would; the per-device limit is lifted.
    SHIFTGUARD_REPORTS_PER_MINUTE: '100000',
    SHIFTGUARD_REPORT_BURST: '100000',
    SHIFTGUARD_RETENTION_INTERVAL_MINUTES: '0',
    LOG_LEVEL: 'error',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
  };
  const { child, port } = await startServerProcess(env, path.join(tmp.dir, 'server'));
  try {
    const login = await request(port, 'POST', '/api/v1/auth/login', JSON.stringify(ADMIN));
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = (JSON.parse(login.body) as { csrfToken: string }).csrfToken;
    const session = { cookie, 'x-csrf-token': csrf };
    const token = JSON.parse((await request(port, 'POST', '/api/v1/enrollment-tokens', JSON.stringify({ site: 'bench', maxUses: DEVICES, expiresInHours: 2 }), session)).body) as { token: string };

    console.log(`engine ${engine}, ${os.cpus().length} CPUs; enrolling ${DEVICES} devices…`);
    const devices: TestDevice[] = [];
    for (let i = 0; i < DEVICES; i += 50) {
      const batch = Array.from({ length: Math.min(50, DEVICES - i) }, () => new TestDevice());
      await Promise.all(
        batch.map(async (d) => {
          const res = await request(port, 'POST', '/api/v1/enroll', JSON.stringify(d.enrollmentRequest(token.token)));
          if (res.status !== 201) throw new Error(`enroll: ${res.status} ${res.body}`);
          d.deviceId = (JSON.parse(res.body) as { deviceId: string }).deviceId;
        }),
      );
      devices.push(...batch);
    }

    // Enough distinct, really signed posture reports for the run at up to 5,000/s.
    const total = Math.max(10_000, SECONDS * 5000);
    console.log(`signing ${total} reports…`);
    const bodies: Buffer[] = [];
    for (let i = 0; i < total; i++) {
      const d = devices[i % devices.length]!;
      bodies.push(rawPost('/api/v1/reports', JSON.stringify(d.envelope('report', d.posture()))));
    }

    console.log(`sending for ${SECONDS} s with ${CONCURRENCY} connections…`);
    const latencies: number[] = [];
    let next = 0;
    let errors = 0;
    const statuses = new Map<number, number>();
    const pids = serverPids(child.pid ?? 0);
    const serverCpuBefore = pids.reduce((a, pid) => a + processCpuSeconds(pid), 0);
    const postmaster = cluster?.postmasterPid() ?? null;
    const databaseCpuBefore = postmaster ? clusterCpuSeconds(postmaster) : NaN;
    const machineBefore = machineJiffies();
    const loadBefore = os.loadavg()[0] ?? 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const connections = await Promise.all(Array.from({ length: CONCURRENCY }, () => RawConnection.open(port)));
    await Promise.all(
      connections.map(async (connection) => {
        while (performance.now() < deadline && next < bodies.length) {
          const body = bodies[next++]!;
          const t0 = performance.now();
          const status = await connection.send(body);
          latencies.push(performance.now() - t0);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status !== 201) errors++;
        }
        connection.close();
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpu = pids.reduce((a, pid) => a + processCpuSeconds(pid), 0) - serverCpuBefore;
    const databaseCpu = postmaster ? clusterCpuSeconds(postmaster) - databaseCpuBefore : NaN;
    const machineAfter = machineJiffies();
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const generatorCpu = (cpu.user + cpu.system) / 1e6 / elapsed;
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        engine,
        workers: WORKERS,
        devices: DEVICES,
        concurrency: CONCURRENCY,
        reports: latencies.length,
        seconds: Number(elapsed.toFixed(1)),
        reportsPerSecond: Math.round(latencies.length / elapsed),
        p50ms: Number(percentile(latencies, 50).toFixed(1)),
        p99ms: Number(percentile(latencies, 99).toFixed(1)),
        maxms: Number((latencies.at(-1) ?? 0).toFixed(1)),
        errors,
        generatorCpuCores: Number(generatorCpu.toFixed(2)),
        // Server process (and cluster workers) CPU: cores used, and CPU time per report.
        serverCpuCores: Number((serverCpu / elapsed).toFixed(2)),
        serverCpuUsPerReport: Math.round((serverCpu / latencies.length) * 1e6),
        // PostgreSQL only: the cluster's processes (backends, WAL writer, …), cores and CPU per report.
        ...(postmaster ? { databaseCpuCores: Number((databaseCpu / elapsed).toFixed(2)), databaseCpuUsPerReport: Math.round((databaseCpu / latencies.length) * 1e6) } : {}),
        // Whole machine (both CPUs, every process: this server, PostgreSQL, the generator, others).
        machineBusy: Number(machineBusy.toFixed(2)),
        loadAverage: [Number(loadBefore.toFixed(1)), Number((os.loadavg()[0] ?? 0).toFixed(1))],
        statuses: Object.fromEntries(statuses),
      }),
    );

    // Fleet summary over a large fleet: seed workstations straight into the database.
    console.log(`seeding ${FLEET} workstations…`);
    await seedFleet(FLEET, databaseUrl, path.join(tmp.dir, 'server', 'shiftguard.db'));
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const res = await request(port, 'GET', '/api/v1/fleet/summary', undefined, { cookie });
      times.push(performance.now() - t0);
      count = (JSON.parse(res.body) as { totals: { total: number } }).totals.total;
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ engine, fleetWorkstations: count, summaryMedianMs: Number(percentile(times, 50).toFixed(1)), summaryMaxMs: Number((times.at(-1) ?? 0).toFixed(1)) }));
  } finally {
    child.kill('SIGTERM');
    const exited = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!exited) {
      console.error('bench: the server did not exit within 15 s of SIGTERM; killed');
      child.kill('SIGKILL');
    }
    agent.destroy();
    await cluster?.stop();
    tmp.cleanup();
  }
}

/** Inserts `n` workstations with varied states (a mix of teams, compliance, stale and sensitive). */
async function seedFleet(n: number, databaseUrl: string | undefined, sqliteFile: string): Promise<void> {
  const now = Date.now();
  const teams = Array.from({ length: 50 }, () => randomUUID());
  const row = (i: number) => [
    randomUUID(),
    createHash('sha256').update(String(i)).digest('hex'),
    'A'.repeat(43),
    teams[i % teams.length]!,
    `seed-${String(i).padStart(6, '0')}`,
    '0.1.0',
    now - 86_400_000,
    i % 3 === 0 ? 0 : 1,
    i % 17 === 0 ? 1 : 0,
    now - (i % 10 === 0 ? 3_600_000 : 60_000),
    now - (i % 10 === 0 ? 3_600_000 : 60_000) + 30 * 60_000,
  ];
  const columns = 'device_id, machine_id_hash, public_key, team_id, hostname, agent_version, enrolled_at, compliant, sensitive_active, last_seen, stale_after';
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    for (let i = 0; i < n; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => row(i + k));
      const params = rows.flat();
      const placeholders = rows.map((_, r) => `(${Array.from({ length: 11 }, (_, c) => `$${r * 11 + c + 1}`).join(',')})`).join(',');
      await client.query(`insert into workstations (${columns}) values ${placeholders}`, params);
    }
    await client.query('analyze workstations');
    await client.end();
  } else {
    const db = new SQLite(sqliteFile);
    db.pragma('busy_timeout = 10000');
    const insert = db.prepare(`insert into workstations (${columns}) values (${Array(11).fill('?').join(',')})`);
    const many = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run(...row(i));
    });
    for (let i = 0; i < n; i += 10_000) many(i, Math.min(n, i + 10_000));
    db.close();
  }
}

await main();
