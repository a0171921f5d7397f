import Database from 'better-sqlite3';
import type { TextUnit } from './office-text';

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Looks like UTF-8 text (no NUL in the first bytes): sticky-note apps store note bodies as BLOBs too. */
function blobText(b: Buffer): string | null {
  if (b.subarray(0, 4096).includes(0)) return null;
  return b.toString('utf8');
}

/**
 * Every text value of every table of a SQLite database, opened read-only (the scan never writes).
 * Integers are read exactly (BigInt) so a card stored as a number is not rounded.
 */
export function* sqliteText(file: string): Generator<TextUnit> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    for (const table of tables) {
      let stmt;
      let hasRowid = true;
      try {
        stmt = db.prepare(`SELECT rowid AS "__shiftguard_rowid", * FROM ${quoteIdent(table)}`);
      } catch {
        hasRowid = false;
        stmt = db.prepare(`SELECT * FROM ${quoteIdent(table)}`);
      }
      stmt.safeIntegers(true);
      let ordinal = 0;
      for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
        ordinal++;
        const rowId = hasRowid ? String(row.__shiftguard_rowid) : `#${ordinal}`;
        for (const [column, value] of Object.entries(row)) {
          if (column === '__shiftguard_rowid') continue;
          let text: string | null = null;
          if (typeof value === 'string') text = value;
          else if (typeof value === 'bigint') text = value.toString();
          else if (typeof value === 'number') text = String(value);
          else if (Buffer.isBuffer(value)) text = blobText(value);
          if (text && text.length >= 13) yield { location: `table ${table}, row ${rowId}, column ${column}`, text };
        }
      }
    }
  } finally {
    db.close();
  }
}
