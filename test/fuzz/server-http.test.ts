import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../shared/api/auth';
import { Prng } from '../helpers/prng';
import { TestServer, type TestUser } from '../helpers/server-harness';
import { TestDevice } from '../helpers/test-device';
import { encode, HOSTILE_STRINGS, hostileBody, hostileValue, mutate, randomString } from './hostile';

/**
 * Bad input against every route of the central endpoint (enumerated from the app itself, checked
 * against the OpenAPI document): malformed, oversized and hostile bodies, parameters, query
 * strings, content types and credentials, as anonymous, a signed-in admin and an enrolled device.
 * What must hold: no 5xx, no crash, and the server keeps answering (health and a real request).
 */
const SEED = 0x5eed_0010;
const CASES = Number(process.env.SHIFTGUARD_FUZZ_CASES ?? 2400);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let server: TestServer;
let admin: TestUser;
let device: TestDevice;
const ids: { team: string; policy: string; token: string; user: string; victim: string } = { team: '', policy: '', token: '', user: '', victim: '' };

/** A valid body per route, mutated by the fuzzer so cases reach deep into validation. */
function validBody(route: string): unknown {
  const base = device.base();
  switch (route) {
    case 'POST /api/v1/auth/login':
      return { email: 'someone@example.test', password: 'wrong password' };
    case 'POST /api/v1/enroll':
      return new TestDevice().enrollmentRequest('not-a-token');
    case 'POST /api/v1/policies':
      return { name: 'Fuzz', document: { reportIntervalMinutes: 5, clipboard: { mode: 'lock' } } };
    case 'POST /api/v1/policies/:id/versions':
      return { document: { clipboard: { mode: 'lock' } } };
    case 'POST /api/v1/policies/:id/versions/:version/publish':
    case 'POST /api/v1/policies/:id/versions/:version/rollout':
      return { rollout: { stage: 'percent', percent: 50 } };
    case 'PUT /api/v1/policies/default':
      return { policyId: ids.policy };
    case 'POST /api/v1/teams':
      return { name: 'Team', site: null };
    case 'PUT /api/v1/teams/:id/policy':
      return { policyId: ids.policy };
    case 'POST /api/v1/users':
      return { email: `u${randomUUID().slice(0, 6)}@example.test`, password: 'a long enough password', role: 'auditor' };
    case 'PATCH /api/v1/users/:id':
      return { role: 'supervisor', teamIds: [ids.team] };
    case 'POST /api/v1/enrollment-tokens':
      return { teamId: ids.team, maxUses: 3, expiresInHours: 1 };
    case 'PUT /api/v1/settings/retention':
      return { reportDays: 30, auditDays: 400 };
    case 'POST /api/v1/check-now':
      return { deviceIds: [ids.victim] };
    case 'POST /api/v1/reports':
      return device.posture();
    case 'POST /api/v1/agent/check-in':
      return { deviceId: device.deviceId, appliedPolicy: { policyId: null, version: 0 }, agentVersion: '0.1.0' };
    default:
      return { ...base };
  }
}

/** A value for a path parameter: a real id now and then (never the admin's own), otherwise hostile. */
function paramValue(rng: Prng, name: string): string {
  if (name === 'version') return rng.chance(0.5) ? String(rng.pick([0, 1, 2, -1, 99999999999])) : encode(rng.pick(HOSTILE_STRINGS).slice(0, 300));
  if (rng.chance(0.3)) return rng.pick([ids.team, ids.policy, ids.token, ids.user, ids.victim, randomUUID()]);
  const raw = rng.chance(0.7) ? rng.pick(HOSTILE_STRINGS).slice(0, 2000) : randomString(rng, rng.int(50));
  return rng.chance(0.8) ? encode(raw) : raw.replace(/[\s#?]/g, '_');
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function hostileQuery(rng: Prng): string {
  if (rng.chance(0.5)) return '';
  const keys = ['limit', 'offset', 'cursor', 'teamId', 'state', 'q', 'from', 'to', 'since', 'kind', '__proto__', 'limit[]'];
  const parts = Array.from({ length: 1 + rng.int(4) }, () => `${encode(rng.pick(keys))}=${encode(scalarText(hostileValue(rng)).slice(0, 3000))}`);
  return `?${parts.join('&')}`;
}

const CONTENT_TYPES = ['application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '', 'application/json\u0000'];

type Persona = 'anonymous' | 'admin' | 'device' | 'forged';

function headersFor(rng: Prng, persona: Persona, method: Method, url: string): Record<string, string> {
  switch (persona) {
    case 'anonymous':
      return {};
    case 'admin':
      return { cookie: `${SESSION_COOKIE}=${admin.cookie}`, [CSRF_HEADER]: rng.chance(0.9) ? admin.csrf : randomString(rng, 10) };
    case 'device':
      // A correctly signed device request, except on the live channel (it would stream forever).
      if (url.startsWith('/api/v1/agent/events')) return { authorization: device.authorization('GET', '/api/v1/agent/events', '2000-01-01T00:00:00Z') };
      return { authorization: device.authorization(method, url.split('?')[0] ?? url) };
    case 'forged':
      return {
        cookie: `${SESSION_COOKIE}=${rng.pick([randomString(rng, 40), admin.cookie.slice(0, -2) + 'xx', '', '%', 'a'.repeat(5000)])}`,
        [CSRF_HEADER]: randomString(rng, 20),
        authorization: rng.pick([`ShiftGuard-Device id=${device.deviceId}, ts=${new Date().toISOString()}, sig=${'A'.repeat(86)}`, 'ShiftGuard-Device', `Bearer ${randomString(rng, 30)}`, `ShiftGuard-Device id=${rng.pick(HOSTILE_STRINGS).slice(0, 500)}, ts=x, sig=y`]),
      };
  }
}

/** The request body: for device routes usually a correctly signed envelope around a mutated payload. */
function bodyFor(rng: Prng, route: string, persona: Persona): string {
  if (persona === 'device' && (route === 'POST /api/v1/reports' || route === 'POST /api/v1/agent/check-in') && rng.chance(0.7)) {
    const purpose = route.endsWith('reports') ? 'report' : 'check-in';
    const payload = rng.chance(0.8) ? mutate(rng, validBody(route)) : hostileValue(rng);
    const signedAt = rng.chance(0.9) ? new Date().toISOString() : String(rng.pick(HOSTILE_STRINGS)).slice(0, 200);
    const envelope: Record<string, unknown> = device.envelope(purpose, payload, signedAt);
    if (rng.chance(0.2)) return JSON.stringify(mutate(rng, envelope));
    return JSON.stringify(envelope);
  }
  return hostileBody(rng, validBody(route));
}

describe('fuzz: every HTTP route of the central endpoint', () => {
  beforeAll(async () => {
    server = await TestServer.start({ settings: { reportsPerMinute: 100_000, reportBurst: 100_000 } });
    admin = await server.signIn('admin');
    const team = (await admin.request('POST', '/api/v1/teams', { name: 'Payments' })).json() as { id: string };
    ids.team = team.id;
    ids.policy = ((await admin.request('POST', '/api/v1/policies', { name: 'P', document: {} })).json() as { id: string }).id;
    ids.token = ((await admin.request('POST', '/api/v1/enrollment-tokens', { teamId: team.id, maxUses: 3 })).json() as { id: string }).id;
    ids.user = ((await admin.request('POST', '/api/v1/users', { email: 'other@example.test', password: 'another long password', role: 'supervisor', teamIds: [team.id] })).json() as { id: string }).id;
    device = await server.enrollDevice(team.id);
    ids.victim = (await server.enrollDevice(team.id)).deviceId;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('enumerates the same routes as the OpenAPI document describes', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    const routes = server.app.sg.routes.filter((r) => r.includes('/api/v1/') && !r.endsWith('/openapi.json'));
    for (const route of documented) expect(routes).toContain(route);
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it(`answers ${CASES} hostile requests without a 5xx and stays responsive`, { timeout: 120_000 }, async () => {
    const rng = new Prng(SEED);
    const routes = [...new Set(server.app.sg.routes)].filter((r) => r !== 'POST /api/v1/auth/logout' && !r.includes('*'));
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let n = 0; n < CASES; n++) {
      const route = routes[n % routes.length] as string;
      const [declared, pattern] = route.split(' ') as [Method, string];
      const method: Method = rng.chance(0.05) ? rng.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) : declared;
      const url = pattern.replace(/:(\w+)/g, (_, name: string) => paramValue(rng, name)) + hostileQuery(rng);
      const persona: Persona = rng.pick(['anonymous', 'admin', 'admin', 'device', 'forged'] as const);
      const headers = headersFor(rng, persona, method, url);
      const contentType = rng.pick(CONTENT_TYPES);
      if (contentType) headers['content-type'] = contentType;
      let res: LightMyRequestResponse;
      try {
        res = await server.app.inject({ method, url, headers, ...(method === 'GET' || method === 'DELETE' ? {} : { payload: bodyFor(rng, route, persona) }) });
      } catch (error) {
        failures.push(`case ${n} ${method} ${url.slice(0, 120)} as ${persona}: inject threw ${(error as Error).message}`);
        continue;
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      // Without a built console the server says so with a 503 on "/" (tests do not build it): expected.
      const consoleNotBuilt = res.statusCode === 503 && pattern === '/' && res.body.startsWith('The console is not built');
      if (res.statusCode >= 500 && !consoleNotBuilt) failures.push(`case ${n} (seed ${SEED}) ${method} ${url.slice(0, 120)} as ${persona}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (n % 400 === 399) expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode, `health after case ${n}`).toBe(200);
    }
    expect(failures).toEqual([]);
    // The cases reached past the front door: plenty of refusals of each kind, and some successes.
    for (const status of [200, 400, 401, 403, 404]) expect(statuses.get(status) ?? 0, `status ${status} seen`).toBeGreaterThan(0);
    expect((await server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await admin.request('GET', '/api/v1/workstations')).statusCode).toBe(200);
    expect((await server.send(device.envelope('report', device.posture()))).statusCode).toBe(201);
  });
});
