import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../shared/api/auth';
import { TestServer, type TestUser } from '../helpers/server-harness';
import { TestDevice } from '../helpers/test-device';

/**
 * The access-control matrix: every route of the central endpoint, tried as anonymous, an enrolled
 * device, a supervisor of another team, a supervisor of the team, an auditor and an admin. Each
 * gets exactly what its role allows: success (2xx) where allowed, 401 without a person's session
 * (anonymous, device) or without the device's own signature (device routes), 403 for a signed-in
 * person whose role does not allow it; supervisors see only their own teams' workstations. A route
 * missing from the table fails the test, so a new route cannot ship without a decision here.
 */
type Persona = 'anonymous' | 'device' | 'supervisorOther' | 'supervisorOwn' | 'auditor' | 'admin';
const PERSONAS: readonly Persona[] = ['anonymous', 'device', 'supervisorOther', 'supervisorOwn', 'auditor', 'admin'];
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Case {
  /** Who may: everyone else is refused. 'public' routes need no role (their own credential, if any, is in the body). */
  allowed: readonly Persona[] | 'public';
  /** Makes a fresh request (fresh targets, so an allowed change does not spoil the next persona). */
  make(): Promise<{ url: string; body?: unknown }>;
}

const PEOPLE: readonly Persona[] = ['supervisorOther', 'supervisorOwn', 'auditor', 'admin'];
const SUPERVISORS_AND_ADMIN: readonly Persona[] = ['supervisorOther', 'supervisorOwn', 'admin'];
const AUDITORS: readonly Persona[] = ['auditor', 'admin'];
const ADMIN: readonly Persona[] = ['admin'];

let server: TestServer;
let setupAdmin: TestUser;
const users = new Map<Persona, TestUser>();
let device: TestDevice;
let teamA = '';
let teamB = '';

async function freshDevice(): Promise<string> {
  return (await server.enrollDevice(teamA)).deviceId;
}
async function freshPolicy(): Promise<string> {
  return ((await setupAdmin.request('POST', '/api/v1/policies', { name: `P-${randomUUID().slice(0, 6)}`, document: {} })).json() as { id: string }).id;
}
async function publishedPolicy(rollout: unknown): Promise<string> {
  const id = await freshPolicy();
  await setupAdmin.request('POST', `/api/v1/policies/${id}/versions/1/publish`, { rollout });
  return id;
}

const TABLE: Record<string, Case> = {
  'POST /api/v1/reports': { allowed: ['device'], make: async () => ({ url: '/api/v1/reports', body: 'device-report' }) },
  'POST /api/v1/agent/check-in': { allowed: ['device'], make: async () => ({ url: '/api/v1/agent/check-in', body: 'device-check-in' }) },
  'GET /api/v1/agent/events': { allowed: ['device'], make: async () => ({ url: '/api/v1/agent/events' }) },
  'GET /api/v1/auth/session': { allowed: PEOPLE, make: async () => ({ url: '/api/v1/auth/session' }) },
  'GET /api/v1/workstations': { allowed: PEOPLE, make: async () => ({ url: '/api/v1/workstations' }) },
  // A supervisor of another team is told the workstation does not exist (404), not that it is forbidden.
  'GET /api/v1/workstations/:id/history': { allowed: ['supervisorOwn', 'auditor', 'admin'], make: async () => ({ url: `/api/v1/workstations/${device.deviceId}/history` }) },
  'GET /api/v1/fleet/summary': { allowed: PEOPLE, make: async () => ({ url: '/api/v1/fleet/summary' }) },
  'GET /api/v1/fleet/trend': { allowed: PEOPLE, make: async () => ({ url: '/api/v1/fleet/trend' }) },
  'POST /api/v1/check-now': { allowed: SUPERVISORS_AND_ADMIN, make: async () => ({ url: '/api/v1/check-now', body: { deviceIds: [device.deviceId] } }) },
  'GET /api/v1/workstations/:id/export': { allowed: ADMIN, make: async () => ({ url: `/api/v1/workstations/${device.deviceId}/export` }) },
  'DELETE /api/v1/workstations/:id': { allowed: ADMIN, make: async () => ({ url: `/api/v1/workstations/${await freshDevice()}` }) },
  'POST /api/v1/workstations/:id/revoke': { allowed: ADMIN, make: async () => ({ url: `/api/v1/workstations/${await freshDevice()}/revoke` }) },
  'GET /api/v1/policies': { allowed: AUDITORS, make: async () => ({ url: '/api/v1/policies' }) },
  'POST /api/v1/policies': { allowed: ADMIN, make: async () => ({ url: '/api/v1/policies', body: { name: 'New', document: {} } }) },
  'POST /api/v1/policies/:id/versions': { allowed: ADMIN, make: async () => ({ url: `/api/v1/policies/${await freshPolicy()}/versions`, body: { document: { clipboard: { mode: 'lock' } } } }) },
  'POST /api/v1/policies/:id/versions/:version/publish': { allowed: ADMIN, make: async () => ({ url: `/api/v1/policies/${await freshPolicy()}/versions/1/publish`, body: { rollout: { stage: 'all' } } }) },
  'POST /api/v1/policies/:id/versions/:version/rollout': {
    allowed: ADMIN,
    make: async () => ({ url: `/api/v1/policies/${await publishedPolicy({ stage: 'percent', percent: 10 })}/versions/1/rollout`, body: { rollout: { stage: 'all' } } }),
  },
  'PUT /api/v1/policies/default': { allowed: ADMIN, make: async () => ({ url: '/api/v1/policies/default', body: { policyId: await publishedPolicy({ stage: 'all' }) } }) },
  'GET /api/v1/teams': { allowed: PEOPLE, make: async () => ({ url: '/api/v1/teams' }) },
  'POST /api/v1/teams': { allowed: ADMIN, make: async () => ({ url: '/api/v1/teams', body: { name: `T-${randomUUID().slice(0, 6)}` } }) },
  'PUT /api/v1/teams/:id/policy': { allowed: ADMIN, make: async () => ({ url: `/api/v1/teams/${teamB}/policy`, body: { policyId: null } }) },
  'GET /api/v1/users': { allowed: ADMIN, make: async () => ({ url: '/api/v1/users' }) },
  'POST /api/v1/users': { allowed: ADMIN, make: async () => ({ url: '/api/v1/users', body: { email: `n-${randomUUID().slice(0, 6)}@example.test`, password: 'a long enough password', role: 'auditor' } }) },
  'PATCH /api/v1/users/:id': {
    allowed: ADMIN,
    make: async () => {
      const created = (await setupAdmin.request('POST', '/api/v1/users', { email: `p-${randomUUID().slice(0, 6)}@example.test`, password: 'a long enough password', role: 'auditor' })).json() as { id: string };
      return { url: `/api/v1/users/${created.id}`, body: { role: 'supervisor', teamIds: [teamA] } };
    },
  },
  'GET /api/v1/enrollment-tokens': { allowed: ADMIN, make: async () => ({ url: '/api/v1/enrollment-tokens' }) },
  'POST /api/v1/enrollment-tokens': { allowed: ADMIN, make: async () => ({ url: '/api/v1/enrollment-tokens', body: { teamId: teamA, maxUses: 1 } }) },
  'POST /api/v1/enrollment-tokens/:id/revoke': {
    allowed: ADMIN,
    make: async () => ({ url: `/api/v1/enrollment-tokens/${((await setupAdmin.request('POST', '/api/v1/enrollment-tokens', { teamId: teamA, maxUses: 1 })).json() as { id: string }).id}/revoke` }),
  },
  'GET /api/v1/audit': { allowed: AUDITORS, make: async () => ({ url: '/api/v1/audit' }) },
  'GET /api/v1/settings/retention': { allowed: AUDITORS, make: async () => ({ url: '/api/v1/settings/retention' }) },
  'PUT /api/v1/settings/retention': { allowed: ADMIN, make: async () => ({ url: '/api/v1/settings/retention', body: { reportDays: 90, auditDays: 365 } }) },
  'GET /api/v1/openapi.json': { allowed: 'public', make: async () => ({ url: '/api/v1/openapi.json' }) },
  'GET /healthz': { allowed: 'public', make: async () => ({ url: '/healthz' }) },
  'GET /metrics': { allowed: 'public', make: async () => ({ url: '/metrics' }) },
  // Sign-in (credential: the password) and enrollment (credential: the token) are refused without them: see below.
  'POST /api/v1/auth/login': { allowed: 'public', make: async () => ({ url: '/api/v1/auth/login', body: { email: 'admin-matrix@example.test', password: 'correct horse battery staple' } }) },
  'POST /api/v1/enroll': {
    allowed: 'public',
    make: async () => {
      const token = await server.app.sg.enrollment.createToken({ teamId: teamA, expiresInHours: 1, maxUses: 1 }, null);
      return { url: '/api/v1/enroll', body: new TestDevice().enrollmentRequest(token.token) };
    },
  },
  'GET /': { allowed: 'public', make: async () => ({ url: '/' }) },
  // Last: it ends the session.
  'POST /api/v1/auth/logout': { allowed: PEOPLE, make: async () => ({ url: '/api/v1/auth/logout' }) },
};

function isDeviceRoute(pattern: string): boolean {
  return pattern === '/api/v1/reports' || pattern === '/api/v1/agent/check-in' || pattern === '/api/v1/agent/events';
}

async function send(persona: Persona, method: Method, url: string, body: unknown): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  let payload: string | undefined = body === undefined ? undefined : JSON.stringify(body);
  const user = users.get(persona);
  if (user) Object.assign(headers, { cookie: `${SESSION_COOKIE}=${user.cookie}`, [CSRF_HEADER]: user.csrf });
  if (persona === 'device') headers.authorization = device.authorization(method, url);
  // Device bodies: signed by the device itself for the device persona; for everyone else by a key that is not the device's.
  if (body === 'device-report' || body === 'device-check-in') {
    const signer = persona === 'device' ? device : Object.assign(new TestDevice(), { deviceId: device.deviceId });
    payload = JSON.stringify(
      body === 'device-report' ? signer.envelope('report', device.posture()) : signer.envelope('check-in', { deviceId: device.deviceId, appliedPolicy: { policyId: null, version: 0 }, agentVersion: '0.1.0' }),
    );
  }
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return server.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
}

let baseUrl = '';
/** The live channel streams forever: open it over real HTTP, read the status, hang up. */
async function eventsStatus(persona: Persona): Promise<number> {
  if (!baseUrl) baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const headers: Record<string, string> = {};
  const user = users.get(persona);
  if (user) headers.cookie = `${SESSION_COOKIE}=${user.cookie}`;
  if (persona === 'device') headers.authorization = device.authorization('GET', '/api/v1/agent/events');
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/agent/events`, { headers, signal: abort.signal });
  abort.abort();
  return res.status;
}

describe('access control matrix', () => {
  beforeAll(async () => {
    server = await TestServer.start();
    setupAdmin = await server.signIn('admin');
    teamA = ((await setupAdmin.request('POST', '/api/v1/teams', { name: 'Payments' })).json() as { id: string }).id;
    teamB = ((await setupAdmin.request('POST', '/api/v1/teams', { name: 'Billing' })).json() as { id: string }).id;
    device = await server.enrollDevice(teamA);
    expect((await server.send(device.envelope('report', device.posture()))).statusCode).toBe(201);
    users.set('admin', await server.signIn('admin', [], 'admin-matrix@example.test'));
    users.set('auditor', await server.signIn('auditor'));
    users.set('supervisorOwn', await server.signIn('supervisor', [teamA]));
    users.set('supervisorOther', await server.signIn('supervisor', [teamB]));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a decision for every route', () => {
    const routes = [...new Set(server.app.sg.routes)].filter((r) => !r.includes('*'));
    expect(routes.filter((r) => !(r in TABLE))).toEqual([]);
  });

  it('gives each persona exactly what its role allows, on every route', { timeout: 120_000 }, async () => {
    const wrong: string[] = [];
    for (const [route, c] of Object.entries(TABLE)) {
      const [method, pattern] = route.split(' ') as [Method, string];
      for (const persona of PERSONAS) {
        let status: number;
        let body = '';
        if (pattern === '/api/v1/agent/events') status = await eventsStatus(persona);
        else {
          const { url, body: reqBody } = await c.make();
          const res = await send(persona, method, url, reqBody);
          status = res.statusCode;
          body = res.body;
        }
        const allowed = c.allowed === 'public' || c.allowed.includes(persona);
        const refusal = persona === 'anonymous' || persona === 'device' || isDeviceRoute(pattern) ? 401 : persona === 'supervisorOther' && pattern.includes('/history') ? 404 : 403;
        // Without a built console, "/" says so with 503 (tests do not build it): it needs no credential either way.
        const ok = allowed ? (status >= 200 && status < 300) || (pattern === '/' && status === 503) : status === refusal;
        if (!ok) wrong.push(`${route} as ${persona}: ${status} ${body.slice(0, 120)} (expected ${allowed ? '2xx' : refusal})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('scopes supervisors to their own teams', async () => {
    const other = await server.signIn('supervisor', [teamB]);
    const own = await server.signIn('supervisor', [teamA]);
    const ids = (r: LightMyRequestResponse) => (r.json() as { items: { deviceId: string }[] }).items.map((w) => w.deviceId);
    expect(ids(await own.request('GET', '/api/v1/workstations'))).toContain(device.deviceId);
    expect(ids(await other.request('GET', '/api/v1/workstations'))).toEqual([]);
    expect((await other.request('GET', `/api/v1/workstations/${device.deviceId}/history`)).statusCode).toBe(404);
    expect((await other.request('POST', '/api/v1/check-now', { deviceIds: [device.deviceId] })).json()).toMatchObject({ devices: 0 });
    expect((await other.request('POST', '/api/v1/check-now', { teamId: teamA })).json()).toMatchObject({ devices: 0 });
    expect(JSON.stringify((await other.request('GET', '/api/v1/fleet/summary')).json())).not.toContain(device.deviceId);
    expect(JSON.stringify((await other.request('GET', '/api/v1/teams')).json())).not.toContain(teamA);
  });

  it('refuses sign-in without the password and enrollment without a valid token', async () => {
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.test', password: 'wrong' } })).statusCode).toBe(401);
    for (const token of ['not-a-token', randomUUID(), 'x'.repeat(64)]) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: new TestDevice().enrollmentRequest(token) });
      expect([400, 403]).toContain(res.statusCode);
    }
  });
});
