import { sql, SqliteAdapter, type Kysely, type Migration } from 'kysely';

/**
 * What the console's workstation table and fleet overview query at 100,000 rows:
 * - `failing_checks`: the ids of the checks failing in `checks_json`, as `,id,id,` (empty when none),
 *   so "failing check X" is a LIKE over a short column (and the fleet summary counts it from an
 *   index) instead of parsing every row's JSON. A trigger keeps it in step with `checks_json` on
 *   both engines, so the report path (which writes checks_json) needs no change.
 * - indexes for the sort orders of the list (last seen, compliance) and for the policy filter;
 * - the summary's covering index gains failing_checks.
 */
export const consoleQueries: Migration = {
  async up(db: Kysely<unknown>) {
    const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema.alterTable('workstations').addColumn('failing_checks', 'varchar(400)', (c) => c.notNull().defaultTo('')).execute();
    if (sqlite) {
      const failing = (row: string) =>
        `coalesce((select ',' || group_concat(json_extract(value, '$.id'), ',') || ',' from json_each(${row}.checks_json) where json_extract(value, '$.status') = 'fail'), '')`;
      await sql.raw(`update workstations set failing_checks = ${failing('workstations')}`).execute(db);
      // SQLite triggers cannot change NEW, so an AFTER trigger writes the column (it does not set
      // checks_json, so it does not fire itself).
      await sql
        .raw(
          `create trigger workstations_failing_checks_update after update of checks_json on workstations
           when new.checks_json is not old.checks_json
           begin update workstations set failing_checks = ${failing('new')} where device_id = new.device_id; end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger workstations_failing_checks_insert after insert on workstations
           when new.checks_json != '[]'
           begin update workstations set failing_checks = ${failing('new')} where device_id = new.device_id; end`,
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `create function shiftguard_failing_checks() returns trigger language plpgsql as $$
           begin
             new.failing_checks := coalesce((select ',' || string_agg(e->>'id', ',') || ',' from jsonb_array_elements(new.checks_json::jsonb) e where e->>'status' = 'fail'), '');
             return new;
           end $$`,
        )
        .execute(db);
      await sql.raw(`update workstations set failing_checks = coalesce((select ',' || string_agg(e->>'id', ',') || ',' from jsonb_array_elements(checks_json::jsonb) e where e->>'status' = 'fail'), '')`).execute(db);
      await sql
        .raw(
          `create trigger workstations_failing_checks before insert or update of checks_json on workstations
           for each row execute function shiftguard_failing_checks()`,
        )
        .execute(db);
    }
    await db.schema.dropIndex('workstations_summary_idx').execute();
    await db.schema
      .createIndex('workstations_summary_idx')
      .on('workstations')
      .columns(['team_id', 'revoked_at', 'stopped', 'compliant', 'sensitive_active', 'stale_after', 'failing_checks'])
      .execute();
    await db.schema.createIndex('workstations_last_seen_idx').on('workstations').expression(sql`coalesce(last_seen, 0), device_id`).execute();
    await db.schema.createIndex('workstations_compliance_idx').on('workstations').expression(sql`(${sql.raw(COMPLIANCE_RANK)}), hostname, device_id`).execute();
    await db.schema.createIndex('workstations_policy_idx').on('workstations').columns(['applied_policy_id', 'hostname', 'device_id']).execute();
  },
};

/**
 * Sort rank of a workstation's compliance: non-compliant first (0), then no verdict yet (1), then
 * compliant (2). The list orders by exactly this text so both engines can use the index above.
 */
export const COMPLIANCE_RANK = 'case when compliant is null then 1 when compliant = 1 then 2 else 0 end';
