import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import type { ServerConfig } from './config';
import { openDatabase, type DatabaseHandle } from './db/database';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

/** Opens storage, creates the first admin if needed, and listens. */
export async function startServer(config: ServerConfig, log: (line: string) => void = console.log): Promise<RunningServer> {
  const database = await openDatabase(config);
  const admin = await bootstrapAdmin(database.db);
  if (admin.created) {
    log(`shiftguard server: first admin account: ${admin.email}`);
    if (admin.generatedPassword) log(`shiftguard server: generated password (shown once, store it now): ${admin.generatedPassword}`);
  }
  const app = await buildApp({ db: database.db, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log(`shiftguard server: listening on ${url} (${database.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`);
  return {
    app,
    database,
    url,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
