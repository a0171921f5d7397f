import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** A throwaway PostgreSQL cluster on loopback, owned by this test file. */
export interface PostgresCluster {
  /** postgres:// URL of a fresh, empty database in the cluster. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the PostgreSQL server (pg_ctl stop -m fast: sessions are ended) and keeps its data, for fault tests. */
  stopServer(): void;
  /** Starts it again on the same port and data. */
  startServer(): void;
  /** Process id of the cluster's postmaster (its backends are its children), or null when unknown. */
  postmasterPid(): number | null;
  stop(): Promise<void>;
}

/** The Debian PostgreSQL binaries folder (newest version), or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL tests are skipped here, or null when they can run. */
export function postgresSkipReason(): string | null {
  return postgresBinDir() ? null : 'skipped: no PostgreSQL binaries in /usr/lib/postgresql (apt-get install postgresql)';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// PostgreSQL refuses to run as root: as root, the cluster is made and run as the `postgres` user.
function asClusterUser(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * Starts a cluster in a temp folder (initdb + pg_ctl, trust auth on loopback only) on a free port;
 * fsync is off unless `durable`. Stop it in afterAll; the folder is removed.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresSkipReason() ?? 'no PostgreSQL');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asClusterUser(path.join(bin, tool), args);
    const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  // Tests trade durability for speed; `durable` (benchmarks) keeps fsync and full-page writes on.
  const speed = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${speed}`;
  const start = () => run('pg_ctl', ['-D', data, '-o', serverOptions, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  const base = `postgres://postgres@127.0.0.1:${port}`;
  let counter = 0;
  return {
    async createDatabase(name = `t${process.pid}_${++counter}_${Date.now() % 100000}`) {
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    stopServer() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    startServer: start,
    postmasterPid() {
      try {
        // The first line of postmaster.pid is the postmaster's process id.
        return Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
