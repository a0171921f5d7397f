import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE, SessionInfoSchema } from '../../../shared/api/auth';
import { buildApp } from '../../../server/app';
import { bootstrapAdmin } from '../../../server/auth/bootstrap-admin';
import { verifyPassword } from '../../../server/auth/password';
import { loadOrCreateServerKey } from '../../../server/crypto/server-key';
import { openTestDatabase } from '../../helpers/server-harness';
import { makeTempDir } from '../../helpers/temp-dir';
import { TestDevice } from '../../helpers/test-device';

describe('first-run admin bootstrap', () => {
  it('creates admin@localhost with a generated password (returned once, stored only hashed), and only on the first run', async () => {
    const tmp = makeTempDir();
    const handle = await openTestDatabase('sqlite', undefined, tmp.dir);
    try {
      const first = await bootstrapAdmin(handle.db, {});
      if (!first.created) throw new Error('expected the first admin to be created');
      expect(first.email).toBe('admin@localhost');
      const generated = first.generatedPassword!;
      expect(generated.length).toBeGreaterThanOrEqual(20);
      const row = await handle.db.selectFrom('users').select(['email', 'role', 'password_hash']).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ email: 'admin@localhost', role: 'admin' });
      expect(row.password_hash).not.toContain(generated);
      expect(await verifyPassword(generated, row.password_hash)).toBe(true);
      expect(await bootstrapAdmin(handle.db, {})).toEqual({ created: false });
    } finally {
      await handle.close();
      tmp.cleanup();
    }
  });

  it('takes the address and password IT sets, refusing a short password', async () => {
    const tmp = makeTempDir();
    const handle = await openTestDatabase('sqlite', undefined, tmp.dir);
    try {
      await expect(bootstrapAdmin(handle.db, { SHIFTGUARD_ADMIN_PASSWORD: 'short' })).rejects.toThrow(/at least 12 characters/);
      const result = await bootstrapAdmin(handle.db, { SHIFTGUARD_ADMIN_EMAIL: 'it@example.test', SHIFTGUARD_ADMIN_PASSWORD: 'a long enough password' });
      expect(result).toEqual({ created: true, email: 'it@example.test', generatedPassword: undefined });
    } finally {
      await handle.close();
      tmp.cleanup();
    }
  });
});

describe('structured logs', () => {
  it('never hold passwords, session cookies, CSRF tokens or device signatures, even at info level', async () => {
    const tmp = makeTempDir();
    const handle = await openTestDatabase('sqlite', undefined, tmp.dir);
    let log = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    const app = await buildApp({ database: handle, key: loadOrCreateServerKey(path.join(tmp.dir, 'keys', 'policy.pem')), logger: { level: 'info', stream } });
    try {
      const password = 'a password nobody may log';
      await app.sg.people.createUser({ email: 'admin@example.test', password, role: 'admin', teamIds: [] }, null);
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'admin@example.test', password } });
      expect(login.statusCode).toBe(200);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!.slice(SESSION_COOKIE.length + 1);
      const csrf = SessionInfoSchema.parse(login.json()).csrfToken;
      const headers = { cookie: `${SESSION_COOKIE}=${cookie}`, [CSRF_HEADER]: csrf };
      expect((await app.inject({ method: 'GET', url: '/api/v1/workstations', headers })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/v1/teams', headers, payload: { name: 'Payments', site: null } })).statusCode).toBe(201);
      const device = new TestDevice();
      device.deviceId = '00000000-0000-4000-8000-000000000009';
      const authorization = device.authorization('GET', '/api/v1/agent/events');
      await app.inject({ method: 'GET', url: '/api/v1/agent/events', headers: { authorization } });

      expect(log).toContain('"reqId"'); // the requests were logged
      const signature = authorization.split(/[ ,=]/).filter((part) => part.length > 40);
      expect(signature).toHaveLength(1);
      for (const secret of [password, cookie, csrf, ...signature]) expect(log).not.toContain(secret);
    } finally {
      await app.close();
      await handle.close();
      tmp.cleanup();
    }
  });
});
