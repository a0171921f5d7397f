import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/cli';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres';
import { makeTempDir } from '../helpers/temp-dir';

const reason = postgresSkipReason();
if (reason) console.warn(`cluster test ${reason}`);
let cluster: PostgresCluster | undefined;
const tmp = makeTempDir();
beforeAll(async () => {
  if (!reason) cluster = await startPostgres();
});
afterAll(async () => {
  await cluster?.stop();
  tmp.cleanup();
});

describe.skipIf(reason !== null)('shiftguard server --workers 2 (PostgreSQL)', () => {
  it('serves from two worker processes and stops cleanly on SIGTERM', async () => {
    const url = await cluster!.createDatabase();
    const child = spawn(process.execPath, [CLI, 'server', '--port', '0', '--data', tmp.dir, '--workers', '2'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, SHIFTGUARD_ADMIN_PASSWORD: 'cluster test password' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 30_000);
      child.stdout.on('data', () => {
        const m = /listening on (http:\/\/[^ ]+) \(PostgreSQL\), 2 worker processes/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    // Separate connections land on both workers; every one answers from the shared database.
    const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${base}/healthz`, { headers: { connection: 'close' } }).then((r) => r.json())));
    expect(answers).toEqual(Array(6).fill({ status: 'ok', engine: 'postgres' }));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
