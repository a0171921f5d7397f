import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../../server/db/unavailable';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('isDatabaseUnavailable', () => {
  it('recognises a real SQLITE_BUSY from a write lock held by another connection', () => {
    const file = path.join(tmp.dir, 'locked.db');
    const holder = new SQLite(file);
    holder.pragma('journal_mode = WAL');
    holder.exec('create table t (x integer)');
    const writer = new SQLite(file);
    writer.pragma('busy_timeout = 0');
    holder.exec('BEGIN EXCLUSIVE');
    let caught: unknown;
    try {
      writer.exec('insert into t values (1)');
    } catch (error) {
      caught = error;
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
      writer.close();
    }
    expect((caught as { code?: string }).code).toMatch(/^SQLITE_BUSY/);
    expect(isDatabaseUnavailable(caught)).toBe(true);
  });

  it('recognises PostgreSQL being down, restarting or refusing, also when wrapped', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '53300']) expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('query failed', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(new DatabaseUnavailableError())).toBe(true);
  });

  it('leaves real failures alone: constraint violations, syntax errors, bugs', () => {
    const withCode = (code: string) => Object.assign(new Error('x'), { code });
    for (const code of ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_ERROR', '23505', '42601', '22P02']) expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('busy')).toBe(false);
  });
});
