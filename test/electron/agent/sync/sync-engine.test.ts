import { statSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReportBody } from '../../../../shared/api/report';
import { syncPaths } from '../../../../electron/agent/sync/device-state';
import { FileModeKeyProtector } from '../../../../electron/agent/sync/key-protector';
import { SyncEngine } from '../../../../electron/agent/sync/sync-engine';
import { guardBody, postureBody } from './helpers/reports';
import { waitFor } from './helpers/poll';
import { SwitchableProxy } from './helpers/switchable-proxy';
import { LoopbackServer, makeEngine } from './helpers/sync-setup';

/** The kind-specific part of a test report (the engine fills in the rest). */
function input(body: ReportBody) {
  const { reportId: _r, deviceId: _d, observedAt: _o, agentVersion: _a, appliedPolicy: _p, ...rest } = body;
  return rest as Parameters<SyncEngine['report']>[0];
}

let server: LoopbackServer;
const closers: Array<() => Promise<void>> = [];
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server.close();
});

describe('sync engine against the real server', () => {
  it('enrolls, reports, and applies a policy pushed over the live channel', async () => {
    const team = await server.team('Payments');
    const checkNow: string[] = [];
    const { engine, dataDir, close } = makeEngine({ onCheckNow: (request) => checkNow.push(request.requestId) });
    closers.push(close);
    // Before enrollment: the built-in default, and nothing to report to.
    expect(engine.policies.current().source).toBe('built-in');
    expect(engine.report(input(postureBody()))).toBeNull();
    engine.start();
    const device = await engine.enroll(server.url, await server.token(team));
    expect(statSync(syncPaths(dataDir).key).mode & 0o777).toBe(0o600);

    const sent = engine.report(input(postureBody()));
    expect(sent?.deviceId).toBe(device.deviceId);
    await waitFor('report stored', async () => (await server.history(device.deviceId)).some((r) => r.reportId === sent?.reportId));
    await waitFor('live channel', () => engine.status().liveConnected);

    const switched: number[] = [];
    engine.policies.subscribe((s) => switched.push(s.version));
    const policyId = await server.policyForTeam(team, { name: 'Payments floor', reportIntervalMinutes: 7, clipboard: { mode: 'lock' } });
    await waitFor('pushed policy applied', () => engine.policies.current().policyId === policyId);
    const applied = engine.policies.current();
    expect(applied).toMatchObject({ source: 'server', version: 1 });
    expect(applied.policy.clipboard.mode).toBe('lock');
    expect(applied.policy.reportIntervalMinutes).toBe(7);
    expect(Object.isFrozen(applied.policy.clipboard)).toBe(true);
    expect(switched).toEqual([1]);
    // The agent told the server what it applied (check-in after applying).
    await waitFor('server knows the applied version', async () => {
      const res = await server.admin.request('GET', `/api/v1/workstations/${device.deviceId}/history?limit=1`);
      const ws = (res.json() as { workstation: { appliedPolicy: { policyId: string | null; version: number } | null } }).workstation;
      return ws.appliedPolicy?.policyId === policyId && ws.appliedPolicy.version === 1;
    });

    // A supervisor's "check now" arrives over the live channel.
    const asked = await server.admin.request('POST', '/api/v1/check-now', { deviceIds: [device.deviceId] });
    expect(asked.statusCode).toBeLessThan(300);
    const { requestId } = asked.json() as { requestId: string };
    await waitFor('check-now delivered', () => checkNow.includes(requestId));

    // A restart keeps the last good policy (re-verified from disk), not the built-in default.
    await engine.stop('quit');
    const restarted = new SyncEngine({ dataDir, protector: new FileModeKeyProtector(), identity: { source: 'hostname' }, live: false });
    expect(restarted.policies.current()).toMatchObject({ policyId, version: 1 });
    await restarted.stop();
    const history = await server.history(device.deviceId);
    expect(history.at(-1)?.body.kind).toBe('agent-stopped');
  }, 120_000);

  it('delivers every report exactly once and in order after the server was down for a stretch', async () => {
    const team = await server.team('Collections');
    const proxy = new SwitchableProxy(server.port);
    await proxy.up();
    closers.push(() => proxy.down());
    const acknowledged: Array<{ reportId: string; status: number }> = [];
    const recordingFetch: typeof fetch = async (url, init) => {
      const response = await fetch(url, init);
      if (String(url).endsWith('/api/v1/reports') && response.ok) {
        const body = JSON.parse(String(init?.body)) as { payload: { reportId: string } };
        acknowledged.push({ reportId: body.payload.reportId, status: response.status });
      }
      return response;
    };
    const { engine, close } = makeEngine({ fetchImpl: recordingFetch, live: false, heartbeatMs: () => 3_600_000 });
    closers.push(close);
    engine.start();
    const device = await engine.enroll(proxy.url, await server.token(team));
    await waitFor('initial heartbeat sent', () => engine.status().queued === 0 && acknowledged.length > 0);
    const before = acknowledged.length;

    await proxy.down();
    const queued: string[] = [];
    for (let i = 0; i < 25; i++) queued.push(engine.report(input(i % 3 === 0 ? postureBody() : guardBody(1 + i)))!.reportId);
    await waitFor('a failed attempt', () => engine.status().online === false);
    expect(engine.status().queued).toBe(25);

    await proxy.up();
    await waitFor('outbox drained', () => engine.status().queued === 0, 60_000);
    const delivered = acknowledged.slice(before);
    expect(delivered.map((a) => a.reportId)).toEqual(queued);
    expect(delivered.every((a) => a.status === 201)).toBe(true);
    const stored = (await server.history(device.deviceId)).map((r) => r.reportId);
    for (const id of queued) expect(stored.filter((s) => s === id)).toHaveLength(1);
  }, 120_000);

  it('keeps reports queued while the server refuses a revoked device, and sends them after enrolling again', async () => {
    const team = await server.team('Retention');
    const { engine, close } = makeEngine({ live: false, heartbeatMs: () => 3_600_000 });
    closers.push(close);
    engine.start();
    const first = await engine.enroll(server.url, await server.token(team));
    await waitFor('initial heartbeat sent', () => engine.status().queued === 0 && engine.status().lastSentAt !== null);
    const revoked = await server.admin.request('POST', `/api/v1/workstations/${first.deviceId}/revoke`);
    expect(revoked.statusCode).toBe(204);

    const queued = [engine.report(input(postureBody()))!.reportId, engine.report(input(guardBody(2)))!.reportId];
    await waitFor('device rejected', () => engine.status().needsEnrollment);
    expect(engine.status().queued).toBe(2);

    const second = await engine.enroll(server.url, await server.token(team));
    expect(second.deviceId).not.toBe(first.deviceId);
    await waitFor('delivered after enrolling again', () => engine.status().queued === 0);
    const stored = (await server.history(second.deviceId)).map((r) => r.reportId);
    for (const id of queued) expect(stored).toContain(id);
  }, 120_000);
});
