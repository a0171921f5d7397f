import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/**
 * PostgreSQL: the trigger that keeps `failing_checks` in step with `checks_json` (0003) ran for every
 * update that names checks_json, and the report path names it in every status update (as
 * `case when newer then v.checks_json else w.checks_json end`), so each report paid a PL/pgSQL call
 * and a jsonb parse of the checks even when they had not changed. Now the update trigger fires only
 * when the text changed (`failing_checks` is a function of it, so it is already right otherwise), as
 * the SQLite trigger of 0003 always did; inserts keep theirs.
 */
export const failingChecksTrigger: Migration = {
  async up(db: Kysely<unknown>) {
    if (db.getExecutor().adapter instanceof SqliteAdapter) return;
    await sql.raw('drop trigger workstations_failing_checks on workstations').execute(db);
    await sql
      .raw(
        `create trigger workstations_failing_checks_insert before insert on workstations
         for each row execute function shiftguard_failing_checks()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger workstations_failing_checks_update before update of checks_json on workstations
         for each row when (new.checks_json is distinct from old.checks_json) execute function shiftguard_failing_checks()`,
      )
      .execute(db);
  },
};
