import { verify } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CheckInResponseSchema } from '../../shared/api/agent';
import { PolicyPayloadSchema } from '../../shared/api/policy';
import { envelopeSigningInput } from '../../shared/envelope/signed-envelope';
import { publicKeyFromRaw } from '../../server/crypto/ed25519';
import type { Engine } from '../../server/db/database';
import { openDatabase } from '../../server/db/database';
import { TestServer } from '../helpers/server-harness';
import { SseClient } from '../helpers/sse';
import { makeTempDir } from '../helpers/temp-dir';
import { engines, useCluster } from './repositories/engines';

const cluster = useCluster();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listening(server: TestServer): Promise<string> {
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe.each(engines())('policies and the live channel on %s', (engine: Engine) => {
  it('signs, delivers on check-in, pushes live, and records the applied version', async () => {
    const server = await TestServer.start({ engine, cluster: cluster.current });
    cleanups.push(() => server.close());
    const admin = await server.signIn('admin');
    const device = await server.enrollDevice();
    const url = await listening(server);

    // Nothing published: check-in answers no policy.
    const first = CheckInResponseSchema.parse((await server.app.inject({ method: 'POST', url: '/api/v1/agent/check-in', payload: device.checkIn() })).json());
    expect(first.policy).toBeNull();

    const live = await SseClient.connect(`${url}/api/v1/agent/events`, device.authorization('GET', '/api/v1/agent/events'));
    cleanups.push(() => live.close());
    expect(live.status).toBe(200);
    await live.waitFor('hello');

    const created = await admin.request('POST', '/api/v1/policies', { name: 'Contact floor', document: { reportIntervalMinutes: 5, clipboard: { mode: 'lock' } } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    expect((await admin.request('PUT', '/api/v1/policies/default', { policyId: id })).statusCode).toBe(204);
    expect((await admin.request('POST', `/api/v1/policies/${id}/versions/1/publish`, { rollout: { stage: 'all' } })).statusCode).toBe(204);

    const pushed = await live.waitFor('policy-published');
    const { policy } = pushed;
    const input = envelopeSigningInput({ purpose: policy.purpose, keyId: policy.keyId, signedAt: policy.signedAt }, policy.payload);
    expect(verify(null, Buffer.from(input), publicKeyFromRaw(server.key.publicKey), Buffer.from(policy.signature, 'base64url'))).toBe(true);
    expect(PolicyPayloadSchema.parse(policy.payload)).toMatchObject({ policyId: id, version: 1, deviceId: device.deviceId, document: { clipboard: { mode: 'lock' } } });

    const checkIn = CheckInResponseSchema.parse((await server.app.inject({ method: 'POST', url: '/api/v1/agent/check-in', payload: device.checkIn() })).json());
    expect(checkIn.policy?.payload.version).toBe(1);
    const upToDate = CheckInResponseSchema.parse((await server.app.inject({ method: 'POST', url: '/api/v1/agent/check-in', payload: device.checkIn({ policyId: id, version: 1 }) })).json());
    expect(upToDate.policy).toBeNull();
    const ws = (await admin.request('GET', `/api/v1/workstations/${device.deviceId}/history`)).json() as { workstation: { appliedPolicy: unknown } };
    expect(ws.workstation.appliedPolicy).toEqual({ policyId: id, version: 1 });

    // Check now reaches the connected agent.
    const ask = await admin.request('POST', '/api/v1/check-now', { deviceIds: [device.deviceId] });
    expect(ask.statusCode).toBe(202);
    expect((await live.waitFor('check-now')).request.requestId).toBe((ask.json() as { requestId: string }).requestId);
  });

  it('refuses an invalid policy at publish time too, and refuses stale or forged device headers', async () => {
    const server = await TestServer.start({ engine, cluster: cluster.current });
    cleanups.push(() => server.close());
    const admin = await server.signIn('admin');
    const bad = await admin.request('POST', '/api/v1/policies', { name: 'Bad', document: { sensitive: { windowRules: [{ id: 'x' }] } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_policy', field: 'document.sensitive.windowRules.0' } });
    // A draft whose stored document was corrupted can never be published.
    const { id } = (await admin.request('POST', '/api/v1/policies', { name: 'Ok', document: {} })).json() as { id: string };
    await server.database.db.updateTable('policy_versions').set({ document_json: '{"reportIntervalMinutes":-1}' }).where('policy_id', '=', id).execute();
    const publish = await admin.request('POST', `/api/v1/policies/${id}/versions/1/publish`, {});
    expect(publish.json()).toMatchObject({ error: { code: 'invalid_policy' } });

    const device = await server.enrollDevice();
    const old = new Date(Date.now() - 3_600_000).toISOString();
    const stale = await server.app.inject({ method: 'GET', url: '/api/v1/agent/events', headers: { authorization: device.authorization('GET', '/api/v1/agent/events', old) } });
    expect(stale.json()).toMatchObject({ error: { code: 'stale_timestamp' } });
    const wrongPath = await server.app.inject({ method: 'GET', url: '/api/v1/agent/events', headers: { authorization: device.authorization('GET', '/api/v1/reports') } });
    expect(wrongPath.json()).toMatchObject({ error: { code: 'bad_signature' } });
  });

  if (engine === 'postgres') {
    it('fans out between two instances on one database (LISTEN/NOTIFY)', async () => {
      const tmp = makeTempDir();
      cleanups.push(() => tmp.cleanup());
      const url = await cluster.current!.createDatabase();
      // Two instances: separate pools, separate buses, one database and one shared signing key.
      const a = await TestServer.start({ database: await openDatabase({ dataDir: tmp.dir, databaseUrl: url }) });
      const b = await TestServer.start({ database: await openDatabase({ dataDir: tmp.dir, databaseUrl: url }), key: a.key });
      cleanups.push(() => a.close(), () => b.close());
      const admin = await a.signIn('admin');
      const device = await a.enrollDevice();
      const urlB = await listening(b);
      const live = await SseClient.connect(`${urlB}/api/v1/agent/events`, device.authorization('GET', '/api/v1/agent/events'));
      cleanups.push(() => live.close());
      await live.waitFor('hello');
      const { id } = (await admin.request('POST', '/api/v1/policies', { name: 'P', document: {} })).json() as { id: string };
      await admin.request('PUT', '/api/v1/policies/default', { policyId: id });
      await admin.request('POST', `/api/v1/policies/${id}/versions/1/publish`, {});
      expect((await live.waitFor('policy-published')).policy.payload.policyId).toBe(id);
      await admin.request('POST', '/api/v1/check-now', { deviceIds: [device.deviceId] });
      await live.waitFor('check-now');
    });
  }
});
