import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { ServerConfig } from '../config';
import { migrateToLatest } from './migrations';
import type { Database } from './tables';

/** Which engine a database handle talks to. */
export type Engine = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

/** Opens (and migrates) the configured database: PostgreSQL when a URL is set, SQLite otherwise. */
export async function openDatabase(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>): Promise<DatabaseHandle> {
  let db: Kysely<Database>;
  let engine: Engine;
  if (config.databaseUrl) {
    engine = 'postgres';
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseUrl, max: 10 }) }) });
  } else {
    engine = 'sqlite';
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const file = new SQLite(path.join(config.dataDir, 'shiftguard.db'));
    // WAL lets readers (the console) proceed while reports are written.
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    file.pragma('busy_timeout = 5000');
    file.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: file }) });
  }
  await migrateToLatest(db as Kysely<unknown>);
  return { db, engine, close: () => db.destroy() };
}
