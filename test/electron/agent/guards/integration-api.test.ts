import { request } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../electron/agent/guards/audit-log';
import { systemClock } from '../../../../electron/agent/guards/clock';
import { SensitiveMode } from '../../../../electron/agent/guards/sensitive-mode';
import { loadOrCreateApiToken } from '../../../../electron/agent/guards/triggers/api-token';
import { IntegrationApi } from '../../../../electron/agent/guards/triggers/integration-api';
import { makeTempDir } from '../../../helpers/temp-dir';

const tmp = makeTempDir();
const audit = new AuditLog(path.join(tmp.dir, 'audit.jsonl'));
const mode = new SensitiveMode({ clock: systemClock, graceMs: 0, maxDurationMs: 60_000 });
let token: string;
let api: IntegrationApi;
let port: number;

/** A raw request, so tests can send any Host and Origin header. */
function call(pathName: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('integration API (loopback)', () => {
  beforeAll(async () => {
    token = await loadOrCreateApiToken(tmp.dir);
    api = new IntegrationApi({ port: 0, token, mode, audit, burst: 30, perSecond: 0.001 });
    port = (await api.start()).port;
  });
  afterAll(async () => {
    await api.stop();
    tmp.cleanup();
  });

  it('keeps one token per install, readable by the user only', async () => {
    expect(await loadOrCreateApiToken(tmp.dir)).toBe(token);
    expect(statSync(path.join(tmp.dir, 'integration-token')).mode & 0o077).toBe(0);
  });

  it('refuses foreign hosts, browser origins, bad bodies and unknown routes, and audits each', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect(await call('/v1/sensitive', { ...auth, host: 'evil.example:80' })).toBe(403);
    expect(await call('/v1/sensitive', { ...auth, origin: 'https://evil.example' })).toBe(403);
    expect(await call('/v1/sensitive/start', auth, '{"source":"has space"}')).toBe(400);
    expect(await call('/v1/sensitive/start', auth, 'not json')).toBe(400);
    expect(await call('/v1/sensitive/start', auth, JSON.stringify({ source: 'x', pad: 'y'.repeat(5000) }))).toBe(413);
    expect(await call('/v1/other', auth, '{}')).toBe(404);
    expect(mode.active).toBe(false);
    await audit.flush();
    const reasons = readFileSync(audit.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reason: string })
      .map((e) => e.reason);
    expect(reasons).toEqual(['bad-host', 'browser-origin', 'invalid-source', 'invalid-json', 'body-too-large', 'unknown-route']);
  });

  it('rate-limits, also for callers with the right token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push(await call('/v1/sensitive', { authorization: `Bearer ${token}` }));
    expect(statuses).toContain(200);
    expect(statuses.at(-1)).toBe(429);
    // Every refused call is counted in the audit, the last burst too (written when its second ends).
    await new Promise((r) => setTimeout(r, 1100));
    await audit.flush();
    const counted = readFileSync(audit.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { reason: string; count?: number })
      .filter((e) => e.reason === 'rate-limited')
      .reduce((sum, e) => sum + (e.count ?? 0), 0);
    expect(counted).toBe(statuses.filter((s) => s === 429).length);
  });
});
