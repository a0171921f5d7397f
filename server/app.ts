import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { API_PREFIX } from '../shared/version';
import type { Database } from './db/tables';
import errorHandler from './plugins/error-handler';
import zodValidation from './plugins/zod-validation';
import reportsRoutes from './routes/reports';
import workstationRoutes from './routes/workstations';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
  }
}

export interface AppOptions {
  db: Kysely<Database>;
  /** Built console (vite output); served at / when present. */
  consoleDir?: string;
  logger?: FastifyServerOptions['logger'];
}

/** The default location of the built console. */
export const DEFAULT_CONSOLE_DIR = path.resolve(import.meta.dirname, '..', 'dist', 'console');

/** Builds the central endpoint without listening, so tests can use inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
  });
  app.decorate('db', options.db);
  // JSON only: anything else is answered 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');
  await app.register(errorHandler);
  await app.register(zodValidation);
  await app.register(
    async (api) => {
      await api.register(reportsRoutes);
      await api.register(workstationRoutes);
    },
    { prefix: API_PREFIX },
  );
  app.get('/healthz', async () => ({ status: 'ok' }));

  const consoleDir = options.consoleDir ?? DEFAULT_CONSOLE_DIR;
  if (existsSync(path.join(consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: consoleDir, prefix: '/', index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) =>
      reply.status(503).type('text/plain').send('The console is not built. Run: npm run build:web'),
    );
  }
  return app;
}
