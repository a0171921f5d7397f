import path from 'node:path';

/** Server settings after validation. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Folder for the SQLite file and the server's keys. */
  dataDir: string;
  /** postgres://… moves storage to PostgreSQL; absent means embedded SQLite in dataDir. */
  databaseUrl: string | undefined;
}

/** A setting that cannot be used; the message names the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${source}: '${value}' is not a port number (0-65535)`);
  return port;
}

/** Reads settings from flags, then environment variables, then defaults. */
export function resolveServerConfig(flags: { port?: string; data?: string; host?: string }, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : 8080;
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: only postgres:// or postgresql:// URLs are supported');
  }
  return {
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(flags.data ?? env.SHIFTGUARD_DATA ?? 'data/server'),
    databaseUrl,
  };
}
