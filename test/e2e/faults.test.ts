import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '../../shared/api/workstations';
import { AgentProcess } from '../helpers/agent-process';
import { ROOT } from '../helpers/cli';
import { outboxReportIds } from '../helpers/outbox-file';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres';
import { RecordingProxy } from '../helpers/recording-proxy';
import { waitFor } from '../helpers/poll';
import { HttpUser, ServerProcess } from '../helpers/server-process';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * Faults with real processes: an agent whose clock is minutes off, an agent whose data folder is
 * full, the server's SQLite database locked by another process, PostgreSQL restarted under the
 * server. (Server killed mid-ingest and restarted: test/e2e/shift-start.test.ts step 5.)
 */
const tmp = makeTempDir('shiftguard-faults-');
let server: ServerProcess;
let admin: HttpUser;
let teamId = '';
const agents: AgentProcess[] = [];
const mounts: string[] = [];

async function token(): Promise<string> {
  return (await admin.ok<{ token: string }>('POST', '/api/v1/enrollment-tokens', { teamId, maxUses: 1 })).token;
}
async function reportsOf(deviceId: string): Promise<StoredReport[]> {
  return (await admin.ok<{ reports: StoredReport[] }>('GET', `/api/v1/workstations/${deviceId}/history?limit=500`)).reports;
}
function deviceIdOf(agent: AgentProcess): string {
  return /as device ([0-9a-f-]{36})/.exec(agent.output)?.[1] ?? '';
}
async function waitAgent<T>(agent: AgentProcess, what: string, probe: () => T | Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  try {
    return await waitFor(what, probe, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- agent output ---\n${agent.output.slice(-3000)}`);
  }
}

/** Ids of the reports the server stored for a device (history, newest first). */
async function storedIds(user: HttpUser, deviceId: string): Promise<string[]> {
  return (await user.ok<{ reports: StoredReport[] }>('GET', `/api/v1/workstations/${deviceId}/history?limit=500`)).reports.map((r) => r.reportId);
}

/** The agent's outbox is empty and every report it ever queued is stored exactly once. */
async function expectEachQueuedStoredOnce(user: HttpUser, agent: AgentProcess, deviceId: string): Promise<string[]> {
  const { queued, pending } = outboxReportIds(agent.dataDir);
  expect(pending).toEqual([]);
  const stored = await storedIds(user, deviceId);
  for (const id of queued) expect(stored.filter((s) => s === id), `report ${id} stored once`).toHaveLength(1);
  return queued;
}

/** POST /api/v1/reports answers on the wire after index `from` of a proxy's exchanges. */
function reportAnswers(proxy: RecordingProxy, from = 0): string[] {
  return proxy.exchanges.slice(from).filter((e) => e.startsWith('POST /api/v1/reports -> '));
}

/** Stops an agent with SIGTERM (it must exit by itself, code 0) and starts it again on the same data. */
async function restartAgent(agent: AgentProcess, serverUrl: string, owned: AgentProcess[]): Promise<AgentProcess> {
  expect(await agent.stopWithin(60_000), agent.output.slice(-2000)).toBe(0);
  const again = AgentProcess.start(agent.root, ['--server', serverUrl], process.env);
  owned.push(again);
  return again;
}

/** Every line of the outbox log is a well-formed record (checksum-prefixed JSON). */
function outboxIntact(dataDir: string): boolean {
  const text = readFileSync(path.join(dataDir, 'sync', 'outbox', 'outbox.log'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .every((l) => /^[0-9a-f]{8} \{/.test(l) && (JSON.parse(l.slice(9)) as unknown) !== null);
}

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = path.join(tmp.dir, 'mount-probe');
  mkdirSync(probe);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!canMount) console.log('skipped: disk-full fault needs root to mount a tiny tmpfs');

describe('faults', () => {
  beforeAll(async () => {
    server = await ServerProcess.start(path.join(tmp.dir, 'server'));
    admin = await HttpUser.login(server.url);
    teamId = (await admin.ok<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' })).id;
    const policy = await admin.ok<{ id: string }>('POST', '/api/v1/policies', { name: 'Floor', document: { reportIntervalMinutes: 60, sensitive: { integrationApi: { enabled: false } } } });
    await admin.ok('POST', `/api/v1/policies/${policy.id}/versions/1/publish`, { rollout: { stage: 'all' } });
    await admin.ok('PUT', `/api/v1/teams/${teamId}/policy`, { policyId: policy.id });
  }, 120_000);
  afterAll(async () => {
    for (const a of agents) {
      const outcome = await a.stopWithin(15_000);
      if (outcome === 'killed') console.log(`agent in ${a.root} did not exit within 15 s of SIGTERM; killed`);
    }
    for (const m of mounts) {
      try {
        execFileSync('umount', [m], { stdio: 'ignore' });
      } catch {
        // already unmounted
      }
    }
    await server?.stop();
    tmp.cleanup();
  });

  it('clock skew of 10 minutes: the server refuses stale timestamps clearly (400 stale_timestamp), nothing is stored, the agent says its clock is off and keeps the report queued', { timeout: 180_000 }, async () => {
    const root = path.join(tmp.dir, 'skewed');
    mkdirSync(root, { recursive: true });
    // Shifts the whole agent process's clock (Date and Date.now) by +10 minutes.
    const skew = path.join(root, 'skew.mjs');
    await import('node:fs').then((fs) =>
      fs.writeFileSync(
        skew,
        'const R = Date; const s = 600000; class D extends R { constructor(...a) { if (a.length === 0) super(R.now() + s); else super(...a); } static now() { return R.now() + s; } } globalThis.Date = D;\n',
      ),
    );
    const proxy = await RecordingProxy.start(server.url);
    const skewed = AgentProcess.start(root, ['--server', proxy.url, '--token', await token()], { ...process.env, NODE_OPTIONS: `--import ${skew}` });
    agents.push(skewed);
    // The server's answer is clear: 400 with the code stale_timestamp (seen on the wire), more than once (the agent retries).
    await waitAgent(skewed, 'the server to refuse the stale report twice', () => reportAnswers(proxy).filter((e) => e.endsWith('-> 400')).length >= 2 && proxy.traffic().includes('stale_timestamp'), 90_000);
    // The agent says what is wrong and by how much (its clock is 10 minutes ahead), and that the report waits.
    const clockLine = /clock is off by about (\d+) minute\(s\) ahead of the server's \(stale_timestamp\); reports stay queued/g;
    await waitAgent(skewed, 'the agent to say its clock is off', () => [...skewed.output.matchAll(clockLine)].length > 0, 30_000);
    const minutes = [...skewed.output.matchAll(clockLine)].map((m) => Number(m[1]));
    expect(minutes.every((m) => m >= 9 && m <= 11), skewed.output).toBe(true);
    // Rate-limited: said once, not on every refused attempt.
    expect(minutes, skewed.output).toHaveLength(1);
    await proxy.close();
    const deviceId = await waitAgent(skewed, 'the device id', () => deviceIdOf(skewed) || null, 30_000);
    // Nothing stored, nothing dropped: the report stays queued in the agent's outbox while it retries.
    expect(await reportsOf(deviceId)).toEqual([]);
    expect(outboxReportIds(skewed.dataDir).pending.length).toBeGreaterThan(0);
    expect(skewed.running).toBe(true);
    skewed.child.kill('SIGKILL');
    await skewed.exited;
  });

  it.skipIf(!canMount)(
    'disk full in the agent data folder (a 256 KiB tmpfs filled to the last byte): the agent says so and keeps running; once there is space every report is delivered exactly once; it exits on SIGTERM',
    { timeout: 300_000 },
    async () => {
      const root = path.join(tmp.dir, 'full');
      const data = path.join(root, 'data');
      mkdirSync(data, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', data]);
      mounts.push(data);
      const agent = AgentProcess.start(root, ['--server', server.url, '--token', await token()], process.env);
      agents.push(agent);
      await waitAgent(agent, 'a first posture report sent', () => /posture .*report (\S+) queued[\s\S]*report \1 sent/.test(agent.output), 90_000);
      const deviceId = deviceIdOf(agent);
      // Fill the folder to the last byte.
      const filler = path.join(data, 'filler');
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(4096, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
      } finally {
        closeSync(fd);
      }
      const ask = async () => admin.ok('POST', '/api/v1/check-now', { deviceIds: [deviceId] });
      // Posture rounds until a report no longer fits (the outbox log's last page may hold one or two
      // more): the agent must say so, clearly, and keep running.
      const diskFull = /cannot write the outbox in \S+: the disk is full \(ENOSPC\)/;
      for (let round = 0; round < 8 && !diskFull.test(agent.output); round++) {
        const before = (agent.output.match(/posture .*report \S+ queued/g) ?? []).length;
        await ask();
        await waitAgent(agent, 'a posture round', () => (agent.output.match(/posture .*report \S+ queued/g) ?? []).length > before, 60_000);
      }
      expect(agent.output, 'the agent says the disk is full').toMatch(diskFull);
      expect(agent.running).toBe(true);
      // One more round while full. Reports made from the message on are held in memory, not in the log yet.
      const since = () => agent.output.slice(agent.output.search(diskFull));
      const heldSoFar = (since().match(/posture .*report \S+ queued/g) ?? []).length;
      await ask();
      await waitAgent(agent, 'one more posture round while full', () => (since().match(/posture .*report \S+ queued/g) ?? []).length > heldSoFar, 60_000);
      const held = [...since().matchAll(/posture .*report (\S+) queued/g)].map((m) => m[1]!);
      expect(held.length).toBeGreaterThan(0);
      expect(outboxIntact(agent.dataDir)).toBe(true);

      // Space again: held reports are written to the outbox by themselves, then a report made after the fault.
      execFileSync('rm', ['-f', filler]);
      await waitAgent(agent, 'held reports queued once there is space', () => /the outbox can be written again: \d+ held report\(s\) queued/.test(agent.output), 60_000);
      const countBefore = (agent.output.match(/posture .*report \S+ queued/g) ?? []).length;
      await ask();
      await waitAgent(agent, 'a posture round after the fault', () => (agent.output.match(/posture .*report \S+ queued/g) ?? []).length > countBefore, 60_000);
      const after = [...agent.output.matchAll(/posture .*report (\S+) queued/g)].map((m) => m[1]!).at(-1)!;
      await waitAgent(agent, 'the outbox to drain', () => outboxReportIds(agent.dataDir).pending.length === 0 && outboxReportIds(agent.dataDir).queued.includes(after), 120_000);
      const queued = await expectEachQueuedStoredOnce(admin, agent, deviceId);
      // Every report made before, during and after the fault went through the outbox and is stored once.
      for (const id of [...held, after]) expect(queued).toContain(id);
      expect(outboxIntact(agent.dataDir)).toBe(true);
      expect(agent.running).toBe(true);
      // It exits by itself on SIGTERM (it used to hang when the signal came during a posture round).
      expect(await agent.stopWithin(30_000), agent.output.slice(-3000)).toBe(0);
    },
  );

  it('database file locked by another process (SQLite): the server stays up and answers 503 database_unavailable, acknowledges nothing it did not store; afterwards every report lands exactly once', { timeout: 300_000 }, async () => {
    const proxy = await RecordingProxy.start(server.url);
    const started = [0, 1].map((i) => {
      const root = path.join(tmp.dir, `locked-${i}`);
      mkdirSync(root, { recursive: true });
      return root;
    });
    let fleet: AgentProcess[] = [];
    for (const root of started) {
      const agent = AgentProcess.start(root, ['--server', proxy.url, '--token', await token()], process.env);
      agents.push(agent);
      fleet.push(agent);
    }
    const ids: string[] = [];
    for (const agent of fleet) {
      await waitAgent(agent, 'a first posture report sent', () => /posture .*report (\S+) queued[\s\S]*report \1 sent/.test(agent.output), 90_000);
      await waitAgent(agent, 'the outbox to drain', () => outboxReportIds(agent.dataDir).pending.length === 0, 60_000);
      ids.push(deviceIdOf(agent));
    }
    // Another process takes SQLite's write lock (BEGIN EXCLUSIVE) and holds it.
    const holder = await lockDatabase(path.join(server.dataDir, 'shiftguard.db'));
    const lockedAt = Date.now();
    const fromExchange = proxy.exchanges.length;
    // Taken under the lock: a heartbeat may still have landed between the drain and the lock.
    const storedBefore = await Promise.all(ids.map((id) => storedIds(admin, id)));
    try {
      // The agents go on: each is restarted (its "agent-stopped", then posture and heartbeat reports).
      fleet = await Promise.all(fleet.map((a) => restartAgent(a, proxy.url, agents)));
      await waitFor('reports refused with 503 database_unavailable', () => reportAnswers(proxy, fromExchange).some((e) => e.endsWith('-> 503')) && proxy.traffic().includes('database_unavailable'), 120_000);
      // The server stays up and answers its health check (reads go on under SQLite's WAL).
      const health = await waitFor('a /healthz answer while locked', async () => (await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(30_000) })).status, 60_000);
      expect(health).toBe(200);
      // Longer than the busy timeout (5 s): the lock is still held, and nothing was stored meanwhile.
      await waitFor('the lock held past the busy timeout', () => Date.now() - lockedAt > 12_000, 30_000);
      expect(server.child.exitCode).toBeNull();
      for (const agent of fleet) expect(outboxReportIds(agent.dataDir).pending.length, agent.output.slice(-2000)).toBeGreaterThan(0);
      expect(await Promise.all(ids.map((id) => storedIds(admin, id)))).toEqual(storedBefore);
      // Nothing acknowledged while locked: no report answered 200/201.
      expect(reportAnswers(proxy, fromExchange).filter((e) => /-> 20\d$/.test(e))).toEqual([]);
    } finally {
      await releaseLock(holder);
    }

    // The lock is gone: the outboxes drain by themselves, every report stored exactly once, none lost.
    for (const [i, agent] of fleet.entries()) {
      await waitAgent(agent, 'the outbox to drain after the lock', () => outboxReportIds(agent.dataDir).pending.length === 0, 180_000);
      await expectEachQueuedStoredOnce(admin, agent, ids[i]!);
      expect((await reportsOf(ids[i]!)).map((r) => r.body.kind)).toContain('agent-stopped');
    }
    expect(server.child.exitCode).toBeNull();
    await proxy.close();
  });
});

/** A separate process (better-sqlite3) holding SQLite's write lock on `file` until released. */
async function lockDatabase(file: string): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 30000');
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('ROLLBACK'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('the lock to be taken', () => out.includes('locked') || (child.exitCode !== null ? Promise.reject(new Error(out)) : false), 60_000);
  return child;
}

async function releaseLock(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin?.write('release\n');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

const pgSkip = postgresSkipReason();
if (pgSkip) console.log(`PostgreSQL restart fault ${pgSkip}`);

describe.skipIf(pgSkip !== null)('faults (PostgreSQL)', () => {
  let cluster: PostgresCluster;
  let pgServer: ServerProcess;
  let pgAdmin: HttpUser;
  let pgTeam = '';
  const pgTmp = makeTempDir('shiftguard-faults-pg-');
  const pgAgents: AgentProcess[] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    pgServer = await ServerProcess.start(path.join(pgTmp.dir, 'server'), { env: { DATABASE_URL: await cluster.createDatabase() } });
    pgAdmin = await HttpUser.login(pgServer.url);
    pgTeam = (await pgAdmin.ok<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' })).id;
    const policy = await pgAdmin.ok<{ id: string }>('POST', '/api/v1/policies', { name: 'Floor', document: { reportIntervalMinutes: 60, sensitive: { integrationApi: { enabled: false } } } });
    await pgAdmin.ok('POST', `/api/v1/policies/${policy.id}/versions/1/publish`, { rollout: { stage: 'all' } });
    await pgAdmin.ok('PUT', `/api/v1/teams/${pgTeam}/policy`, { policyId: policy.id });
  }, 180_000);
  afterAll(async () => {
    for (const a of pgAgents) {
      const outcome = await a.stopWithin(15_000);
      if (outcome === 'killed') console.log(`agent in ${a.root} did not exit within 15 s of SIGTERM; killed`);
    }
    await pgServer?.stop();
    try {
      cluster?.startServer();
    } catch {
      // already running
    }
    await cluster?.stop();
    pgTmp.cleanup();
  });

  it('PostgreSQL restarted while agents report: the server survives, answers 503 while it is down, recovers by itself (live updates too), no report lost or duplicated', { timeout: 400_000 }, async () => {
    const enroll = async (name: string, proxy: RecordingProxy) => {
      const root = path.join(pgTmp.dir, name);
      mkdirSync(root, { recursive: true });
      const { token: t } = await pgAdmin.ok<{ token: string }>('POST', '/api/v1/enrollment-tokens', { teamId: pgTeam, maxUses: 1 });
      const agent = AgentProcess.start(root, ['--server', proxy.url, '--token', t], process.env);
      pgAgents.push(agent);
      return agent;
    };
    // Agent A is restarted during the outage (its reports meet the outage); agent B keeps its live channel open throughout.
    const proxyA = await RecordingProxy.start(pgServer.url);
    const proxyB = await RecordingProxy.start(pgServer.url);
    let a = await enroll('pg-a', proxyA);
    const b = await enroll('pg-b', proxyB);
    for (const agent of [a, b]) {
      await waitAgent(agent, 'a first posture report sent', () => /posture .*report (\S+) queued[\s\S]*report \1 sent/.test(agent.output), 90_000);
      await waitAgent(agent, 'the outbox to drain', () => outboxReportIds(agent.dataDir).pending.length === 0, 60_000);
    }
    const idA = deviceIdOf(a);
    const idB = deviceIdOf(b);
    const liveConnectsB = () => proxyB.exchanges.filter((e) => e.startsWith('GET /api/v1/agent/events -> 200')).length;
    const connectsB = liveConnectsB();
    expect(connectsB).toBeGreaterThan(0);

    cluster.stopServer();
    const fromExchange = proxyA.exchanges.length;
    try {
      a = await restartAgent(a, proxyA.url, pgAgents);
      // Not a hang and not a crash: /healthz says 503, reports are refused 503 database_unavailable.
      const health = await waitFor('a /healthz answer while PostgreSQL is down', async () => (await fetch(`${pgServer.url}/healthz`, { signal: AbortSignal.timeout(30_000) })).status, 60_000);
      expect(health).toBe(503);
      await waitAgent(a, 'reports refused with 503 database_unavailable', () => reportAnswers(proxyA, fromExchange).some((e) => e.endsWith('-> 503')) && proxyA.traffic().includes('database_unavailable'), 120_000);
      expect(reportAnswers(proxyA, fromExchange).filter((e) => /-> 20\d$/.test(e))).toEqual([]);
      expect(outboxReportIds(a.dataDir).pending.length).toBeGreaterThan(0);
      expect(pgServer.child.exitCode, pgServer.output.slice(-3000)).toBeNull();
    } finally {
      cluster.startServer();
    }

    // Back by itself: health, then every queued report stored exactly once.
    await waitFor('/healthz ok after PostgreSQL is back', async () => (await fetch(`${pgServer.url}/healthz`, { signal: AbortSignal.timeout(30_000) })).status === 200, 120_000);
    await waitAgent(a, 'the outbox to drain after the restart', () => outboxReportIds(a.dataDir).pending.length === 0, 240_000);
    await expectEachQueuedStoredOnce(pgAdmin, a, idA);
    expect((await pgAdmin.ok<{ reports: StoredReport[] }>('GET', `/api/v1/workstations/${idA}/history?limit=500`)).reports.map((r) => r.body.kind)).toContain('agent-stopped');

    // Live updates work again: the server listens again (LISTEN/NOTIFY), and a check-now reaches agent B
    // over the live channel it kept open through the restart (not a new connection's check-in).
    await waitFor('the live bus to listen again', () => pgServer.output.includes('live bus: listening again'), 120_000);
    const roundsB = (b.output.match(/posture .*report \S+ queued/g) ?? []).length;
    await pgAdmin.ok('POST', '/api/v1/check-now', { deviceIds: [idB] });
    await waitAgent(b, 'the check-now to reach agent B', () => (b.output.match(/posture .*report \S+ queued/g) ?? []).length > roundsB, 90_000);
    expect(liveConnectsB()).toBe(connectsB);
    await waitAgent(b, 'the outbox of B to drain', () => outboxReportIds(b.dataDir).pending.length === 0, 120_000);
    await expectEachQueuedStoredOnce(pgAdmin, b, idB);
    expect(pgServer.child.exitCode).toBeNull();
    await proxyA.close();
    await proxyB.close();
  });
});
