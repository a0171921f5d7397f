import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import { API_PREFIX } from '../shared/version';
import { AppContext, DEFAULT_APP_SETTINGS, type AppSettings } from './context';
import type { ServerSigningKey } from './crypto/server-key';
import { useVerifyPool } from './crypto/verify-pool';
import type { DatabaseHandle } from './db/database';
import { InProcessBus, PostgresBus, type LiveBus } from './live/live-bus';
import { buildOpenApiDocument } from './openapi';
import cardNumberGuard from './plugins/card-number-guard';
import errorHandler from './plugins/error-handler';
import zodValidation from './plugins/zod-validation';
import adminRoutes from './routes/admin-routes';
import authRoutes from './routes/auth-routes';
import deviceRoutes from './routes/device-routes';
import workstationRoutes from './routes/workstation-routes';

declare module 'fastify' {
  interface FastifyInstance {
    sg: AppContext;
  }
}

export interface AppOptions {
  database: DatabaseHandle;
  key: ServerSigningKey;
  /** Defaults to LISTEN/NOTIFY on PostgreSQL and an in-process bus on SQLite. */
  bus?: LiveBus;
  settings?: Partial<AppSettings>;
  /** Built console (vite output); served at / when present. */
  consoleDir?: string;
  logger?: FastifyServerOptions['logger'];
}

/** The default location of the built console. */
export const DEFAULT_CONSOLE_DIR = path.resolve(import.meta.dirname, '..', 'dist', 'console');

// Request and response fields that never reach a log line: credentials and signatures.
const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'];

/** Builds the central endpoint without listening, so tests can use inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger === undefined || options.logger === false ? false : { ...(options.logger === true ? {} : options.logger), redact: REDACT };
  const app = Fastify({ logger, bodyLimit: 1024 * 1024, trustProxy: process.env.SHIFTGUARD_TRUST_PROXY === '1' });
  const { database } = options;
  const onPoolError = (e: Error) => app.log.warn({ code: (e as { code?: unknown }).code }, `database: an idle connection was lost (${e.message}); it is replaced on demand`);
  database.pgPool?.on('error', onPoolError);
  const bus = options.bus ?? (database.pgPool ? await PostgresBus.start(database.pgPool, (m) => app.log.warn(m)) : new InProcessBus());
  const ctx = new AppContext(database.db, database.engine, options.key, bus, { ...DEFAULT_APP_SETTINGS, ...options.settings }, (m) => app.log.warn(m), database.sqlite);
  app.decorate('sg', ctx);
  app.decorateRequest('session', null);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') ctx.routes.push(`${method} ${route.url}`);
  });
  ctx.metrics.gauge('shiftguard_live_agents', 'Agents connected to the live channel of this instance.', () => ctx.hub.size);
  app.addHook('onResponse', async (request, reply) => {
    ctx.metrics.observeRequest({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  const releaseVerifyPool = useVerifyPool();
  app.addHook('onClose', async () => {
    await releaseVerifyPool();
    ctx.hub.close();
    if (!options.bus) await bus.close();
    database.pgPool?.off('error', onPoolError);
  });

  // JSON only: anything else is answered 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');
  await app.register(errorHandler);
  await app.register(zodValidation);
  await app.register(cardNumberGuard);
  await app.register(
    async (api) => {
      await api.register(deviceRoutes);
      await api.register(authRoutes);
      await api.register(workstationRoutes);
      await api.register(adminRoutes);
      const openapi = buildOpenApiDocument();
      api.get('/openapi.json', async () => openapi);
    },
    { prefix: API_PREFIX },
  );
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: 'ok', engine: database.engine };
    } catch {
      return reply.status(503).send({ status: 'unavailable', engine: database.engine });
    }
  });
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(ctx.metrics.render()));

  const consoleDir = options.consoleDir ?? DEFAULT_CONSOLE_DIR;
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDir, prefix: '/', index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) => reply.status(503).type('text/plain').send('The console is not built. Run: npm run build:web'));
  }
  return app;
}
