import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, type Role } from '../../shared/api/auth';
import { SessionInfoSchema } from '../../shared/api/auth';
import { buildApp } from '../../server/app';
import type { AppSettings } from '../../server/context';
import { loadOrCreateServerKey, type ServerSigningKey } from '../../server/crypto/server-key';
import { openDatabase, type DatabaseHandle, type Engine } from '../../server/db/database';
import type { LiveBus } from '../../server/live/live-bus';
import type { PostgresCluster } from './postgres';
import { makeTempDir } from './temp-dir';
import { TestDevice } from './test-device';

/** Opens a fresh, migrated database of either engine (PostgreSQL: a new database in `cluster`). */
export async function openTestDatabase(engine: Engine, cluster: PostgresCluster | undefined, dir: string): Promise<DatabaseHandle> {
  if (engine === 'sqlite') return openDatabase({ dataDir: dir, databaseUrl: undefined });
  if (!cluster) throw new Error('no PostgreSQL cluster started');
  return openDatabase({ dataDir: dir, databaseUrl: await cluster.createDatabase() });
}

/** A signed-in person in tests: inject() with the session cookie and CSRF token. */
export interface TestUser {
  email: string;
  cookie: string;
  csrf: string;
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** A running app on a test database, with helpers to sign in and to enroll simulated devices. */
export class TestServer {
  private constructor(
    readonly app: FastifyInstance,
    readonly database: DatabaseHandle,
    readonly key: ServerSigningKey,
    private readonly cleanup: () => void,
  ) {}

  static async start(
    options: { engine?: Engine; cluster?: PostgresCluster; settings?: Partial<AppSettings>; database?: DatabaseHandle; key?: ServerSigningKey; bus?: LiveBus } = {},
  ): Promise<TestServer> {
    const tmp = makeTempDir();
    const database = options.database ?? (await openTestDatabase(options.engine ?? 'sqlite', options.cluster, tmp.dir));
    const key = options.key ?? loadOrCreateServerKey(path.join(tmp.dir, 'keys', 'policy.pem'));
    const app = await buildApp({ database, key, ...(options.settings ? { settings: options.settings } : {}), ...(options.bus ? { bus: options.bus } : {}) });
    return new TestServer(app, database, key, tmp.cleanup);
  }

  async close(options: { keepDatabase?: boolean } = {}): Promise<void> {
    await this.app.close();
    if (!options.keepDatabase) await this.database.close();
    this.cleanup();
  }

  /** Creates a user directly (as the bootstrap would) and signs in through the API. */
  async signIn(role: Role, teamIds: string[] = [], email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`): Promise<TestUser> {
    const password = 'correct horse battery staple';
    await this.app.sg.people.createUser({ email, password, role, teamIds }, null);
    return this.login(email, password);
  }

  async login(email: string, password: string): Promise<TestUser> {
    const res = await this.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const info = SessionInfoSchema.parse(res.json());
    const setCookie = String(res.headers['set-cookie']);
    const cookie = setCookie.split(';')[0]?.slice(SESSION_COOKIE.length + 1) ?? '';
    const app = this.app;
    return {
      email,
      cookie,
      csrf: info.csrfToken,
      request: (method, url, body) =>
        app.inject({
          method,
          url,
          headers: { cookie: `${SESSION_COOKIE}=${cookie}`, [CSRF_HEADER]: info.csrfToken },
          ...(body !== undefined ? { payload: body as object } : {}),
        }),
    };
  }

  /** Makes a token (optionally for a team) through the repository and enrolls a new simulated device with it. */
  async enrollDevice(teamId?: string, device = new TestDevice()): Promise<TestDevice> {
    const token = await this.app.sg.enrollment.createToken(teamId ? { teamId, expiresInHours: 1, maxUses: 1 } : { site: 'test-site', expiresInHours: 1, maxUses: 1 }, null);
    const res = await this.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: device.enrollmentRequest(token.token) });
    if (res.statusCode !== 201) throw new Error(`enroll failed: ${res.statusCode} ${res.body}`);
    device.deviceId = (res.json() as { deviceId: string }).deviceId;
    return device;
  }

  /** POSTs a report envelope. */
  send(envelope: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method: 'POST', url: '/api/v1/reports', payload: typeof envelope === 'string' ? envelope : JSON.stringify(envelope), headers: { 'content-type': 'application/json' } });
  }
}
