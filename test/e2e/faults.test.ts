import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '../../shared/api/workstations';
import { AgentProcess } from '../helpers/agent-process';
import { outboxReportIds } from '../helpers/outbox-file';
import { RecordingProxy } from '../helpers/recording-proxy';
import { waitFor } from '../helpers/poll';
import { HttpUser, ServerProcess } from '../helpers/server-process';
import { makeTempDir } from '../helpers/temp-dir';

/**
 * Faults with real processes: an agent whose clock is minutes off, an agent whose data folder is
 * full. (Server killed mid-ingest and restarted: test/e2e/shift-start.test.ts step 5.)
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

  it('clock skew of 10 minutes: the server refuses stale timestamps clearly (400 stale_timestamp), nothing is stored, the agent keeps the report queued and keeps running', { timeout: 180_000 }, async () => {
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
    // The server's answer is clear: 400 with the code stale_timestamp (seen on the wire). The headless
    // agent does not print it (product gap, reported): it treats it as transient and keeps the report.
    await waitAgent(skewed, 'the server to refuse the stale report', () => proxy.exchanges.some((e) => e.startsWith('POST /api/v1/reports -> 400')) && proxy.traffic().includes('stale_timestamp'), 90_000);
    await proxy.close();
    const deviceId = await waitAgent(skewed, 'the device id', () => deviceIdOf(skewed) || null, 30_000);
    // Nothing stored, nothing dropped: the report stays queued in the agent's outbox while it retries.
    expect(await reportsOf(deviceId)).toEqual([]);
    expect(outboxReportIds(skewed.dataDir).pending.length).toBeGreaterThan(0);
    expect(skewed.running).toBe(true);
    skewed.child.kill('SIGKILL');
    await skewed.exited;
  });

  it.skipIf(!canMount)('disk full in the agent data folder (a 256 KiB tmpfs filled to the last byte): the agent keeps running, nothing is corrupt, it reports again once there is space', { timeout: 180_000 }, async () => {
    const root = path.join(tmp.dir, 'full');
    const data = path.join(root, 'data');
    mkdirSync(data, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', data]);
    mounts.push(data);
    const agent = AgentProcess.start(root, ['--server', server.url, '--token', await token()], process.env);
    agents.push(agent);
    await waitAgent(agent, 'a first report sent', () => /report \S+ sent/.test(agent.output), 90_000);
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
    const before = agent.output.length;
    const ask = async () => admin.ok('POST', '/api/v1/check-now', { deviceIds: [deviceId] });
    await ask();
    // The check-now arrives and the checks run, but nothing can be queued. (The headless agent does
    // not say so today: product gap, reported.) What must hold: it is still running.
    await waitAgent(agent, 'the check-now to be taken', async () => (await admin.ok<{ items: { deviceId: string }[] }>('GET', '/api/v1/workstations')).items.length > 0, 30_000);
    expect(agent.running).toBe(true);
    void before;
    // Space again: the agent carries on, its outbox is intact and a new report is delivered.
    execFileSync('rm', ['-f', filler]);
    const sentBefore = (await reportsOf(deviceId)).length;
    await ask();
    await waitAgent(agent, 'a report delivered after the disk was freed', async () => (await reportsOf(deviceId)).length > sentBefore, 90_000);
    expect(agent.running).toBe(true);
    expect(outboxIntact(agent.dataDir)).toBe(true);
  });
});
