import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import type { ServerConfig } from './config';
import { loadOrCreateServerKey } from './crypto/server-key';
import { openDatabase, type DatabaseHandle } from './db/database';
import type { LiveBus } from './live/live-bus';

export interface RunningServer {
  app: FastifyInstance;
  database: DatabaseHandle;
  url: string;
  close(): Promise<void>;
}

/** Opens storage, loads (or makes) the policy-signing key, creates the first admin if needed, and listens. */
export async function startServer(
  config: ServerConfig,
  log: (line: string) => void = console.log,
  options: { bootstrap?: boolean; bus?: LiveBus } = {},
): Promise<RunningServer> {
  const key = loadOrCreateServerKey(config.policyKeyFile ?? path.join(config.dataDir, 'keys', 'policy-signing-key.pem'));
  const database = await openDatabase(config);
  const admin = options.bootstrap === false ? ({ created: false } as const) : await bootstrapAdmin(database.db);
  if (admin.created) {
    log(`shiftguard server: first admin account: ${admin.email}`);
    if (admin.generatedPassword) log(`shiftguard server: generated password (shown once, store it now): ${admin.generatedPassword}`);
  }
  const app = await buildApp({
    database,
    key,
    ...(options.bus ? { bus: options.bus } : {}),
    ...(config.settings ? { settings: config.settings } : {}),
    logger: { level: config.logLevel ?? process.env.LOG_LEVEL ?? 'warn' },
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log(`shiftguard server: listening on ${url} (${database.engine === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}), policy key ${key.keyId}`);

  // Retention runs on every instance; the prune transaction makes concurrent runs safe.
  const everyMs = (config.retentionIntervalMinutes ?? 60) * 60_000;
  const prune = () =>
    app.sg.retention.prune().then(
      (r) => r.reportsPruned + r.auditPruned > 0 && app.log.info({ ...r }, 'retention pruned old data'),
      (e: Error) => app.log.error({ err: e }, 'retention failed'),
    );
  const timer = everyMs > 0 ? setInterval(() => void prune(), everyMs) : undefined;
  timer?.unref();
  return {
    app,
    database,
    url,
    async close() {
      if (timer) clearInterval(timer);
      await app.close();
      await database.close();
    },
  };
}
