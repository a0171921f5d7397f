import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../shared/validation';
import { DEFAULT_APP_SETTINGS, type AppSettings } from './context';

/** Server settings after validation. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Folder for the SQLite file and the server's keys. */
  dataDir: string;
  /** postgres://… moves storage to PostgreSQL; absent means embedded SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** The policy-signing key (PKCS#8 PEM, 0600); made on first start. Share it between instances. */
  policyKeyFile?: string;
  logLevel?: string;
  /** Minutes between retention runs (0: never). */
  retentionIntervalMinutes?: number;
  settings?: Partial<AppSettings>;
  /** Worker processes sharing the port (Node cluster); 1 runs in this process. */
  workers?: number;
}

/** A setting that cannot be used; the message names the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * The config file (JSON, `--config FILE` or SHIFTGUARD_CONFIG). Every key is optional; environment
 * variables and flags win over it. Unknown keys are errors, so a typo does not pass silently.
 */
export const ConfigFileSchema = z
  .object({
    port: z.number().int().min(0).max(65535),
    host: z.string().min(1),
    dataDir: z.string().min(1),
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'only postgres:// or postgresql:// URLs are supported'),
    policyKeyFile: z.string().min(1),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    retentionIntervalMinutes: z.number().int().min(0).max(7 * 24 * 60),
    workers: z.number().int().min(1).max(64),
    maxClockSkewSeconds: z.number().int().min(10).max(86_400),
    reportsPerMinute: z.number().int().min(1).max(100_000),
    reportBurst: z.number().int().min(1).max(100_000),
    sessionTtlHours: z.number().int().min(1).max(24 * 30),
    secureCookies: z.boolean(),
  })
  .partial()
  .strict();
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`${source}: '${value}' is not a port number (0-65535)`);
  return port;
}

function readConfigFile(file: string): ConfigFile {
  if (!existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`config file ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`config file ${file}: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name}: '${raw}' must be a whole number from ${min} to ${max}`);
  return n;
}

/** Reads settings from flags, then environment variables, then the config file, then defaults. */
export function resolveServerConfig(flags: { port?: string; data?: string; host?: string; config?: string; workers?: string }, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const configPath = flags.config ?? env.SHIFTGUARD_CONFIG;
  const file = configPath ? readConfigFile(path.resolve(configPath)) : {};
  const port = flags.port !== undefined ? parsePort(flags.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : (file.port ?? 8080);
  const databaseUrl = env.DATABASE_URL?.trim() || file.databaseUrl || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL: only postgres:// or postgresql:// URLs are supported');
  }
  const dataDir = path.resolve(flags.data ?? env.SHIFTGUARD_DATA ?? file.dataDir ?? 'data/server');
  const logLevel = env.LOG_LEVEL ?? file.logLevel ?? 'warn';
  if (!ConfigFileSchema.shape.logLevel.safeParse(logLevel).success) throw new ConfigError(`LOG_LEVEL: '${logLevel}' is not one of fatal, error, warn, info, debug, trace, silent`);
  const settings: Partial<AppSettings> = {
    maxClockSkewSeconds: intFromEnv(env, 'SHIFTGUARD_MAX_CLOCK_SKEW_SECONDS', 10, 86_400) ?? file.maxClockSkewSeconds ?? DEFAULT_APP_SETTINGS.maxClockSkewSeconds,
    reportsPerMinute: intFromEnv(env, 'SHIFTGUARD_REPORTS_PER_MINUTE', 1, 100_000) ?? file.reportsPerMinute ?? DEFAULT_APP_SETTINGS.reportsPerMinute,
    reportBurst: intFromEnv(env, 'SHIFTGUARD_REPORT_BURST', 1, 100_000) ?? file.reportBurst ?? DEFAULT_APP_SETTINGS.reportBurst,
    sessionTtlHours: intFromEnv(env, 'SHIFTGUARD_SESSION_TTL_HOURS', 1, 24 * 30) ?? file.sessionTtlHours ?? DEFAULT_APP_SETTINGS.sessionTtlHours,
    secureCookies: env.SHIFTGUARD_SECURE_COOKIES ? env.SHIFTGUARD_SECURE_COOKIES === '1' : (file.secureCookies ?? DEFAULT_APP_SETTINGS.secureCookies),
  };
  const workers = flags.workers !== undefined ? intFromEnv({ '--workers': flags.workers }, '--workers', 1, 64) : (intFromEnv(env, 'SHIFTGUARD_WORKERS', 1, 64) ?? file.workers ?? 1);
  // SQLite has one writer; several processes would queue on its file lock (busy waits block).
  if (workers !== undefined && workers > 1 && !databaseUrl) throw new ConfigError('--workers / SHIFTGUARD_WORKERS above 1 needs PostgreSQL (DATABASE_URL)');
  return {
    port,
    host: flags.host ?? env.HOST ?? file.host ?? '127.0.0.1',
    dataDir,
    databaseUrl,
    policyKeyFile: path.resolve(env.SHIFTGUARD_POLICY_KEY_FILE ?? file.policyKeyFile ?? path.join(dataDir, 'keys', 'policy-signing-key.pem')),
    logLevel,
    retentionIntervalMinutes: intFromEnv(env, 'SHIFTGUARD_RETENTION_INTERVAL_MINUTES', 0, 7 * 24 * 60) ?? file.retentionIntervalMinutes ?? 60,
    settings,
    workers,
  };
}
