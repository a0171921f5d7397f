import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkstationListSchema } from '../../shared/api/workstations';
import { TestServer, type TestUser } from '../helpers/server-harness';
import { TestDevice } from '../helpers/test-device';

let server: TestServer;
let admin: TestUser;
let device: TestDevice;

beforeEach(async () => {
  server = await TestServer.start({ settings: { reportsPerMinute: 1, reportBurst: 20 } });
  admin = await server.signIn('admin');
  device = await server.enrollDevice();
});
afterEach(async () => {
  await server.close();
});

const list = async () => WorkstationListSchema.parse((await admin.request('GET', '/api/v1/workstations')).json());

describe('POST /api/v1/reports', () => {
  it('stores a signed report and lists the workstation', async () => {
    const res = await server.send(device.envelope('report', device.posture()));
    expect(res.statusCode).toBe(201);
    const { items } = await list();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ deviceId: device.deviceId, hostname: device.hostname, compliant: false, state: 'reporting' });
  });

  it('keeps only the latest status per workstation, by observation time', async () => {
    await server.send(device.envelope('report', device.posture()));
    const pass = device.posture({ checks: [{ id: 'disk-encryption', status: 'pass', summary: 'Encrypted.', evidence: {}, durationMs: 1 }], compliant: true });
    await server.send(device.envelope('report', pass));
    // An older report arriving late (outbox) does not overwrite the newer status.
    await server.send(device.envelope('report', device.posture({ observedAt: new Date(Date.now() - 3_600_000).toISOString() })));
    const { items } = await list();
    expect(items).toHaveLength(1);
    expect(items[0]?.compliant).toBe(true);
  });

  it('accepts a re-sent identical report idempotently, even re-signed later', async () => {
    const body = device.posture();
    expect((await server.send(device.envelope('report', body))).statusCode).toBe(201);
    const again = await server.send(device.envelope('report', body, new Date(Date.now() + 1000).toISOString()));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate', reportId: body.reportId });
  });

  it('refuses a replayed id with different content', async () => {
    const body = device.posture();
    await server.send(device.envelope('report', body));
    const res = await server.send(device.envelope('report', { ...body, compliant: true }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'report_conflict' } });
  });

  it('refuses a bad signature, including a payload changed after signing', async () => {
    const envelope = device.envelope('report', device.posture());
    const tampered = { ...envelope, payload: { ...(envelope.payload as object), hostname: 'someone-else' } };
    const res = await server.send(tampered);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'bad_signature' } });
    const other = new TestDevice();
    const forged = other.envelope('report', device.posture(), undefined, device.deviceId);
    expect((await server.send(forged)).json()).toMatchObject({ error: { code: 'bad_signature' } });
  });

  it('refuses a signature made for another purpose', async () => {
    const envelope = device.envelope('check-in', device.posture());
    const res = await server.send({ ...envelope, purpose: 'report' });
    expect(res.json()).toMatchObject({ error: { code: 'bad_signature' } });
  });

  it('refuses unknown and revoked devices', async () => {
    const stranger = new TestDevice();
    stranger.deviceId = '00000000-0000-4000-8000-000000000000';
    expect((await server.send(stranger.envelope('report', stranger.posture()))).json()).toMatchObject({ error: { code: 'unknown_device' } });
    expect((await admin.request('POST', `/api/v1/workstations/${device.deviceId}/revoke`)).statusCode).toBe(204);
    const res = await server.send(device.envelope('report', device.posture()));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'device_revoked' } });
  });

  it('refuses to enroll a small-order key, and refuses reports "signed" under one already stored', async () => {
    // Under the identity key, R = identity and S = 0 verifies for every message (see ed25519-public-key.test.ts).
    const identityKey = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]).toString('base64url');
    const token = await server.app.sg.enrollment.createToken({ site: 'test-site', expiresInHours: 1, maxUses: 1 }, null);
    const attacker = new TestDevice();
    const enroll = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { ...attacker.enrollmentRequest(token.token), publicKey: identityKey } });
    expect(enroll.statusCode).toBe(400);
    expect(enroll.json()).toMatchObject({ error: { code: 'invalid_request', field: 'publicKey' } });

    // A key stored before this check existed: the forged envelope must not get through.
    await server.database.db.updateTable('workstations').set({ public_key: identityKey }).where('device_id', '=', device.deviceId).execute();
    const header = { purpose: 'report' as const, keyId: device.deviceId, signedAt: new Date().toISOString() };
    const forgedSignature = Buffer.concat([Buffer.from([1]), Buffer.alloc(63)]).toString('base64url');
    const res = await server.send({ ...header, payload: device.posture({ compliant: true, checks: [] }), signature: forgedSignature });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'device_key_unusable' } });
    expect(await server.database.db.selectFrom('reports').select('report_id').execute()).toHaveLength(0);
  });

  it('refuses a stale timestamp', async () => {
    const res = await server.send(device.envelope('report', device.posture(), new Date(Date.now() - 3_600_000).toISOString()));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'stale_timestamp' } });
  });

  it.each([
    ['a missing field', (d: TestDevice) => ({ ...d.posture(), hostname: undefined }), 'payload.hostname'],
    ['a bad status', (d: TestDevice) => d.posture({ checks: [{ id: 'disk-encryption', status: 'maybe' as 'pass', summary: 's', evidence: {}, durationMs: 1 }] }), 'payload.checks.0.status'],
    ['a bad report id', (d: TestDevice) => d.posture({ reportId: 'not-a-uuid' }), 'payload.reportId'],
    ['a bad timestamp', (d: TestDevice) => d.posture({ observedAt: 'yesterday' }), 'payload.observedAt'],
    ['an unknown kind', (d: TestDevice) => ({ ...d.base(), kind: 'keystrokes' }), 'payload.kind'],
  ])('answers 400 naming the field for %s', async (_name, make, field) => {
    const res = await server.send(device.envelope('report', make(device)));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_request', field } });
  });

  it('refuses a report whose payload names another device', async () => {
    const res = await server.send(device.envelope('report', device.posture({ deviceId: '00000000-0000-4000-8000-000000000000' })));
    expect(res.json()).toMatchObject({ error: { code: 'invalid_request', field: 'payload.deviceId' } });
  });

  it('refuses a report carrying a card number, and stores nothing of it', async () => {
    const body = device.posture({ checks: [{ id: 'usb', status: 'fail', summary: 'Found 4111 1111 1111 1111 in notes.', evidence: {}, durationMs: 1 }] });
    const res = await server.send(device.envelope('report', body));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'card_number_refused' } });
    expect(res.body).not.toContain('4111');
    const rows = await server.database.db.selectFrom('reports').select('body_json').execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses a card number in a field the schema does not know (the report is stored as sent)', async () => {
    const body = { ...device.posture(), note: 'card 4111 1111 1111 1111' };
    const res = await server.send(device.envelope('report', body));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: 'card_number_refused' } });
    expect(await server.database.db.selectFrom('reports').select('body_json').execute()).toHaveLength(0);
  });

  it('accepts masked guard findings (brand, length, last four)', async () => {
    const body = { ...device.base(), kind: 'guard-events', events: [{ at: new Date().toISOString(), guard: 'clipboard', action: 'scrubbed', findings: [{ brand: 'visa', length: 16, last4: '1111' }] }] };
    expect((await server.send(device.envelope('report', body))).statusCode).toBe(201);
  });

  it('rate-limits one device and says when to retry', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await server.send(device.envelope('report', { ...device.base(), kind: 'heartbeat', sensitiveActive: false }))).statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(20);
    const limited = await server.send(device.envelope('report', { ...device.base(), kind: 'heartbeat', sensitiveActive: false }));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('answers 400 for malformed JSON and 415 for another media type', async () => {
    expect((await server.send('{"purpose":')).statusCode).toBe(400);
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/reports', payload: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
  });

  it('answers 413 for an oversized body', async () => {
    const res = await server.send(device.envelope('report', device.posture({ hostname: 'x'.repeat(300 * 1024) })));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'body_too_large' } });
  });

  it('answers 404 with the error shape for unknown routes', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
