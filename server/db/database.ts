import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { ServerConfig } from '../config';
import { migrateToLatest } from './migrator';
import type { Database } from './tables';

/** Which engine a database handle talks to. */
export type Engine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  /** The PostgreSQL pool (for LISTEN/NOTIFY); undefined on SQLite. */
  pgPool: pg.Pool | undefined;
  /** The SQLite file behind `db` (the report path writes through it directly); undefined on PostgreSQL. */
  sqlite?: SQLite.Database | undefined;
  close(): Promise<void>;
}

const INT8_OID = 20;
// int8 (bigint) columns hold epoch milliseconds and counts, all far below 2^53: read them as
// numbers instead of pg's default strings, per pool (not through pg's process-wide registry).
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/**
 * Kysely prepares every query anew; the report path runs the same few statements thousands of times
 * a second, so prepared statements are kept per SQL text (bounded; parameters are bound per call).
 */
function withStatementCache(file: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(file, {
    get(target, property, receiver) {
      if (property === 'prepare') {
        return (source: string) => {
          let statement = cache.get(source);
          if (!statement) {
            statement = target.prepare(source);
            if (cache.size >= 500) cache.clear();
            cache.set(source, statement);
          }
          return statement;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Opens (and migrates) the configured database: PostgreSQL when a URL is set, SQLite otherwise. */
export async function openDatabase(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'> & { poolSize?: number }): Promise<DatabaseHandle> {
  let db: Kysely<Database>;
  let engine: Engine;
  let pgPool: pg.Pool | undefined;
  let sqlite: SQLite.Database | undefined;
  if (config.databaseUrl) {
    engine = 'postgres';
    // A connection attempt that gets no answer (PostgreSQL host gone) fails after 5 s instead of
    // holding the request forever; the request is then answered 503 database_unavailable.
    pgPool = new pg.Pool({ connectionString: config.databaseUrl, max: config.poolSize ?? 10, types: pgTypes, connectionTimeoutMillis: 5000 });
    // An idle pooled connection that drops (PostgreSQL restarted) is discarded by the pool, which
    // opens a new one on demand; without a listener its 'error' event would end the process.
    pgPool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool }) });
  } else {
    engine = 'sqlite';
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const file = new SQLite(path.join(config.dataDir, 'shiftguard.db'));
    // WAL lets readers (the console) proceed while reports are written.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.pragma('busy_timeout = 5000');
    file.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
    sqlite = file;
  }
  await migrateToLatest(db as Kysely<unknown>);
  return { db, engine, pgPool, sqlite, close: () => db.destroy() };
}
