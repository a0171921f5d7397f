import { sql, type RawBuilder } from 'kysely';

/** The engines the data-access layer speaks. */
export type SqlEngine = 'sqlite' | 'postgres';

/** The UTC day (YYYY-MM-DD) of a report's received_at (epoch ms), in the engine's SQL. */
export function reportDay(engine: SqlEngine): RawBuilder<string> {
  return engine === 'postgres'
    ? sql<string>`to_char(to_timestamp(received_at / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`strftime('%Y-%m-%d', received_at / 1000, 'unixepoch')`;
}

/**
 * How many of the grouped reports are compliant posture reports: the report's own top-level
 * `compliant` field, read as JSON (a text search would also match a check's evidence that
 * happens to hold `"compliant":true`). Retention and the trend must use this same rule, or a day
 * would change its verdict once folded into daily_aggregates.
 */
export function compliantPostureCount(engine: SqlEngine): RawBuilder<number> {
  const compliant = engine === 'postgres' ? sql`(body_json::jsonb ->> 'compliant') = 'true'` : sql`json_extract(body_json, '$.compliant') = 1`;
  return sql<number>`sum(case when kind = 'posture' and ${compliant} then 1 else 0 end)`;
}
