import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditListSchema } from '../../shared/api/audit';
import { SESSION_COOKIE } from '../../shared/api/auth';
import { FleetSummarySchema, FleetTrendSchema, WorkstationListSchema } from '../../shared/api/workstations';
import { TestServer, type TestUser } from '../helpers/server-harness';

let server: TestServer;
let admin: TestUser;

beforeEach(async () => {
  server = await TestServer.start();
  admin = await server.signIn('admin', [], 'it@example.test');
});
afterEach(async () => {
  await server.close();
});

describe('sessions', () => {
  it('sets an httpOnly SameSite=Strict cookie and never stores it in clear', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'it@example.test', password: 'correct horse battery staple' } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const value = cookie.split(';')[0]?.split('=')[1] ?? '';
    const rows = await server.database.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(value);
  });

  it('refuses changes without the CSRF token', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: `${SESSION_COOKIE}=${admin.cookie}` }, payload: { name: 'X' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/teams', headers: { cookie: `${SESSION_COOKIE}=${admin.cookie}`, 'x-csrf-token': 'nope' }, payload: { name: 'X' } });
    expect(wrong.statusCode).toBe(403);
    expect((await admin.request('POST', '/api/v1/teams', { name: 'X' })).statusCode).toBe(201);
  });

  it('answers 401 without a session and ends the session on logout', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/workstations' })).statusCode).toBe(401);
    expect((await admin.request('POST', '/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await admin.request('GET', '/api/v1/workstations')).statusCode).toBe(401);
  });

  it('throttles repeated failed sign-ins, even with the right password afterwards', async () => {
    const attempt = (password: string) => server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'it@example.test', password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).statusCode).toBe(401);
    const blocked = await attempt('correct horse battery staple');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });
});

describe('roles', () => {
  it('limits a supervisor to their teams and to reading, and lets auditors read only', async () => {
    const mine = (await admin.request('POST', '/api/v1/teams', { name: 'Mine' })).json() as { id: string };
    const other = (await admin.request('POST', '/api/v1/teams', { name: 'Other' })).json() as { id: string };
    const a = await server.enrollDevice(mine.id);
    const b = await server.enrollDevice(other.id);
    const supervisor = await server.signIn('supervisor', [mine.id]);
    const list = WorkstationListSchema.parse((await supervisor.request('GET', '/api/v1/workstations')).json());
    expect(list.items.map((w) => w.deviceId)).toEqual([a.deviceId]);
    expect((await supervisor.request('GET', `/api/v1/workstations/${b.deviceId}/history`)).statusCode).toBe(404);
    expect(FleetSummarySchema.parse((await supervisor.request('GET', '/api/v1/fleet/summary')).json()).totals.total).toBe(1);
    // Failing checks, the failing-check filter and the trend are scoped the same way.
    for (const d of [a, b]) expect((await server.send(d.envelope('report', d.posture()))).statusCode).toBe(201);
    const mySummary = FleetSummarySchema.parse((await supervisor.request('GET', '/api/v1/fleet/summary')).json());
    expect(mySummary.failingChecks['disk-encryption']).toBe(1);
    expect(FleetSummarySchema.parse((await admin.request('GET', '/api/v1/fleet/summary')).json()).failingChecks['disk-encryption']).toBeGreaterThanOrEqual(2);
    const failing = WorkstationListSchema.parse((await supervisor.request('GET', '/api/v1/workstations?failingCheck=disk-encryption&sort=lastSeen&order=desc')).json());
    expect(failing.items.map((w) => w.deviceId)).toEqual([a.deviceId]);
    const trend = FleetTrendSchema.parse((await supervisor.request('GET', '/api/v1/fleet/trend?days=7')).json());
    expect(trend.days).toHaveLength(7);
    expect(trend.days.at(-1)).toMatchObject({ total: 1, nonCompliant: 1 });
    expect((await supervisor.request('GET', '/api/v1/fleet/trend?days=1000')).statusCode).toBe(400);
    expect((await supervisor.request('GET', '/api/v1/workstations?sort=owner')).statusCode).toBe(400);
    expect((await supervisor.request('GET', '/api/v1/workstations?failingCheck=nope')).statusCode).toBe(400);
    expect(((await supervisor.request('GET', '/api/v1/teams')).json() as { items: Array<{ id: string }> }).items.map((t) => t.id)).toEqual([mine.id]);
    expect((await supervisor.request('POST', '/api/v1/check-now', { teamId: other.id })).json()).toMatchObject({ devices: 0 });
    expect((await supervisor.request('POST', '/api/v1/check-now', { teamId: mine.id })).json()).toMatchObject({ devices: 1 });
    expect((await supervisor.request('POST', '/api/v1/policies', { name: 'P', document: {} })).statusCode).toBe(403);
    expect((await supervisor.request('GET', '/api/v1/audit')).statusCode).toBe(403);

    const auditor = await server.signIn('auditor');
    expect(WorkstationListSchema.parse((await auditor.request('GET', '/api/v1/workstations')).json()).items).toHaveLength(2);
    expect((await auditor.request('GET', '/api/v1/audit')).statusCode).toBe(200);
    expect((await auditor.request('POST', '/api/v1/check-now', { teamId: mine.id })).statusCode).toBe(403);
    expect((await auditor.request('DELETE', `/api/v1/workstations/${a.deviceId}`)).statusCode).toBe(403);
  });

  it('writes every change by a person to the audit trail, without secrets', async () => {
    const team = (await admin.request('POST', '/api/v1/teams', { name: 'Audit me' })).json() as { id: string };
    const token = (await admin.request('POST', '/api/v1/enrollment-tokens', { teamId: team.id, maxUses: 3 })).json() as { id: string; token: string };
    await admin.request('POST', `/api/v1/enrollment-tokens/${token.id}/revoke`);
    await admin.request('POST', '/api/v1/users', { email: 'new@example.test', password: 'another long password', role: 'auditor' });
    await admin.request('PUT', '/api/v1/settings/retention', { reportDays: 30, auditDays: 400 });
    const audit = AuditListSchema.parse((await admin.request('GET', '/api/v1/audit')).json());
    const actions = audit.items.filter((e) => e.actorEmail === 'it@example.test').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['team.create', 'enrollment-token.create', 'enrollment-token.revoke', 'user.create', 'settings.retention']));
    const text = JSON.stringify(audit);
    expect(text).not.toContain(token.token);
    expect(text).not.toContain('another long password');
  });

  it('exports and deletes one workstation (admin)', async () => {
    const device = await server.enrollDevice();
    await server.send(device.envelope('report', device.posture()));
    const exported = await admin.request('GET', `/api/v1/workstations/${device.deviceId}/export`);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toContain('attachment');
    expect((exported.json() as { reports: unknown[] }).reports).toHaveLength(1);
    expect((await admin.request('DELETE', `/api/v1/workstations/${device.deviceId}`)).statusCode).toBe(204);
    expect((await admin.request('GET', `/api/v1/workstations/${device.deviceId}/history`)).statusCode).toBe(404);
  });
});

describe('operations', () => {
  it('serves /healthz, /metrics and an OpenAPI document that covers every API route', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok', engine: 'sqlite' });
    const device = await server.enrollDevice();
    await server.send(device.envelope('report', device.posture()));
    const metrics = (await server.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('shiftguard_reports_total{kind="posture",outcome="created"} 1');
    expect(metrics).toContain('shiftguard_http_request_duration_seconds_bucket');
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.0.3');
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)));
    const api = server.app.sg.routes.filter((r) => r.includes('/api/v1/') && !r.endsWith('/openapi.json'));
    expect(api.length).toBeGreaterThan(20);
    for (const route of api) expect(documented).toContain(route);
    expect(documented).toContain('POST /api/v1/reports');
    // The console's list and overview parameters come from the zod schemas.
    const parameters = (p: string) => ((doc.paths[p]?.get as { parameters: { name: string; schema: Record<string, unknown> }[] }).parameters ?? []);
    const list = parameters('/api/v1/workstations');
    expect(list.find((x) => x.name === 'sort')?.schema).toMatchObject({ enum: ['hostname', 'lastSeen', 'compliance'], default: 'hostname' });
    expect(list.find((x) => x.name === 'order')?.schema).toMatchObject({ enum: ['asc', 'desc'] });
    expect(list.find((x) => x.name === 'failingCheck')?.schema).toMatchObject({ enum: expect.arrayContaining(['disk-encryption', 'usb']) });
    expect(list.map((x) => x.name)).toContain('policyId');
    expect(parameters('/api/v1/fleet/trend').find((x) => x.name === 'days')?.schema).toMatchObject({ maximum: 90 });
    const summary = JSON.stringify(doc.paths['/api/v1/fleet/summary']);
    expect(summary).toContain('failingChecks');
  });
});
