import cluster from 'node:cluster';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapAdmin } from './auth/bootstrap-admin';
import { resolveServerConfig, type ServerConfig } from './config';
import { loadOrCreateServerKey } from './crypto/server-key';
import { openDatabase } from './db/database';
import { ClusterBus, relayClusterBus } from './live/cluster-bus';
import { startServer } from './server';

const waitForStop = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

/** `shiftguard server [--port N] [--data DIR] [--host H] [--config FILE] [--workers N]`: runs until SIGINT/SIGTERM. */
export async function serverMain(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' }, workers: { type: 'string' } },
    strict: true,
  });
  const config = resolveServerConfig(values);
  if ((config.workers ?? 1) > 1) return runCluster(config);
  const server = await startServer(config);
  await waitForStop();
  await server.close();
  return 0;
}

/**
 * Several worker processes on one port (Node's cluster module): the primary migrates, makes the key
 * and the first admin once, then forks. Workers share nothing in memory; the database holds all
 * state, and live messages go through the primary (SQLite) or LISTEN/NOTIFY (PostgreSQL).
 */
async function runCluster(config: ServerConfig): Promise<number> {
  if (cluster.isWorker) {
    const server = await startServer(config, () => undefined, { bootstrap: false, ...(config.databaseUrl ? {} : { bus: new ClusterBus() }) });
    process.send?.({ tag: 'shiftguard-listening', url: server.url });
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', () => undefined);
      process.once('disconnect', resolve);
    });
    await server.close();
    // The IPC channel to the primary would keep this process alive.
    if (process.connected) process.disconnect();
    return 0;
  }
  loadOrCreateServerKey(config.policyKeyFile ?? path.join(config.dataDir, 'keys', 'policy-signing-key.pem'));
  const database = await openDatabase(config);
  const admin = await bootstrapAdmin(database.db);
  await database.close();
  if (admin.created) {
    console.log(`shiftguard server: first admin account: ${admin.email}`);
    if (admin.generatedPassword) console.log(`shiftguard server: generated password (shown once, store it now): ${admin.generatedPassword}`);
  }
  relayClusterBus();
  const workers = config.workers ?? 1;
  let ready = 0;
  cluster.on('message', (_worker, value: { tag?: string; url?: string }) => {
    if (value?.tag === 'shiftguard-listening' && ++ready === workers) {
      console.log(`shiftguard server: listening on ${value.url} (${config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`}), ${workers} worker processes`);
    }
  });
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      console.error(`shiftguard server: worker ${worker.process.pid} exited (${code}); starting another`);
      cluster.fork();
    }
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  await waitForStop();
  stopping = true;
  const all = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  await Promise.all(all.map((w) => new Promise((resolve) => (w.once('exit', resolve), w.process.kill('SIGTERM')))));
  return 0;
}
