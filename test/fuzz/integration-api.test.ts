import { request } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../electron/agent/guards/audit-log';
import { systemClock } from '../../electron/agent/guards/clock';
import { SensitiveMode } from '../../electron/agent/guards/sensitive-mode';
import { loadOrCreateApiToken } from '../../electron/agent/guards/triggers/api-token';
import { IntegrationApi } from '../../electron/agent/guards/triggers/integration-api';
import { Prng } from '../helpers/prng';
import { makeTempDir } from '../helpers/temp-dir';
import { encode, HOSTILE_STRINGS, hostileBody, randomString } from './hostile';

/**
 * Bad input against the guards' local integration API over real HTTP on loopback: hostile
 * methods, paths, Host / Origin / Authorization headers and bodies, oversized bodies, raw bytes
 * that are not HTTP, and clients that hang up in the middle of a body. What must hold: no 5xx, no
 * unhandled error in the process, and the API answers a good request afterwards.
 */
const SEED = 0x10ca1;
const CASES = Number(process.env.SHIFTGUARD_FUZZ_CASES ?? 2400) / 2;

const tmp = makeTempDir();
const audit = new AuditLog(path.join(tmp.dir, 'audit.jsonl'));
const mode = new SensitiveMode({ clock: systemClock, graceMs: 0, maxDurationMs: 60_000 });
let token: string;
let api: IntegrationApi;
let port: number;
const processErrors: string[] = [];
const onProcessError = (error: unknown) => processErrors.push(String(error));

function call(method: string, pathName: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes; resolves with the status line's code (0 when the server just closed). */
function raw(bytes: Buffer, hangUp: boolean): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.write(bytes, () => {
      if (hangUp) socket.destroy();
      else socket.end();
    });
  });
}

describe('fuzz: the local integration API (loopback HTTP)', () => {
  beforeAll(async () => {
    process.on('unhandledRejection', onProcessError);
    process.on('uncaughtException', onProcessError);
    token = await loadOrCreateApiToken(tmp.dir);
    api = new IntegrationApi({ port: 0, token, mode, audit, burst: 1_000_000, perSecond: 1_000_000 });
    port = (await api.start()).port;
  });
  afterAll(async () => {
    process.off('unhandledRejection', onProcessError);
    process.off('uncaughtException', onProcessError);
    await api.stop();
    await audit.flush();
    tmp.cleanup();
  });

  it(`answers ${CASES} hostile requests without a 5xx or a process error and stays responsive`, { timeout: 120_000 }, async () => {
    const rng = new Prng(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const paths = ['/v1/sensitive', '/v1/sensitive/start', '/v1/sensitive/end', '/', '/v1/sensitive/start?x=1', '/v1/../v1/sensitive/start', '//v1/sensitive'];
    for (let n = 0; n < CASES; n++) {
      let status: number;
      const kind = rng.int(10);
      if (kind < 7) {
        const method = rng.pick(['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
        const pathName = rng.chance(0.8) ? rng.pick(paths) : `/${encode(rng.pick(HOSTILE_STRINGS).slice(0, 500)).replace(/%2F/g, '/')}`;
        const headers: Record<string, string> = {};
        headers.host = rng.chance(0.8) ? `127.0.0.1:${port}` : rng.pick([`localhost:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, '', 'localhost']);
        if (rng.chance(0.1)) headers.origin = rng.pick(['https://evil.example', 'null', 'file://']);
        const auth = rng.int(5);
        if (auth < 3) headers.authorization = `Bearer ${token}`;
        else if (auth === 3) headers.authorization = rng.pick([`Bearer ${token.slice(0, -1)}`, 'Bearer', `Basic ${token}`, `Bearer ${token}x`, `Bearer  ${Buffer.from(randomString(rng, 48)).toString("base64")}`]);
        const body = rng.chance(0.5) ? JSON.stringify({ source: rng.chance(0.5) ? 'crm' : rng.pick(HOSTILE_STRINGS).slice(0, 300) }) : hostileBody(rng).slice(0, rng.chance(0.9) ? 8000 : 2_000_000);
        try {
          status = await call(method, pathName, headers, method === 'GET' ? undefined : body);
        } catch (error) {
          // The server may close an oversized upload before reading it all: a refusal, not a failure.
          status = (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE' ? 0 : -1;
          if (status === -1) failures.push(`case ${n}: ${(error as Error).message}`);
        }
      } else if (kind < 9) {
        // A body announced longer than sent, then the client hangs up (or a body bigger than announced).
        const announced = 10 + rng.int(10_000);
        const head = `POST /v1/sensitive/start HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${announced}\r\n\r\n`;
        status = await raw(Buffer.concat([Buffer.from(head), Buffer.from(randomString(rng, rng.int(announced)))]), true);
      } else {
        // Not HTTP at all: random bytes, a huge header, a bad chunked encoding.
        const garbage = rng.pick([
          Buffer.from(Array.from({ length: 1 + rng.int(3000) }, () => rng.int(256))),
          Buffer.from(`GET /v1/sensitive HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`),
          Buffer.from(`POST /v1/sensitive/start HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`),
          Buffer.from(`GET /v1/sensitive HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n`),
        ]);
        status = await raw(garbage, false);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`case ${n} (seed ${SEED}): ${status}`);
    }
    expect(failures).toEqual([]);
    expect(processErrors).toEqual([]);
    for (const s of [200, 400, 401, 403, 404, 413]) expect(statuses.get(s) ?? 0, `status ${s} seen`).toBeGreaterThan(0);
    expect(await call('GET', '/v1/sensitive', { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` })).toBe(200);
    expect(await call('POST', '/v1/sensitive/end', { host: `127.0.0.1:${port}`, authorization: `Bearer ${token}` }, '{"source":"crm"}')).toBe(200);
  });
});
