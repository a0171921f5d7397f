import { sql, type Kysely } from 'kysely';
import type { RetentionSettings } from '../../shared/api/audit';
import type { Database } from '../db/tables';
import { recordAudit, type Actor } from './audit-repository';
import { compliantPostureCount, reportDay, type SqlEngine } from './report-sql';

const KEY = 'retention';
export const DEFAULT_RETENTION: RetentionSettings = { reportDays: 90, auditDays: 365 };
const DAY_MS = 86_400_000;

/** What one pruning run did. */
export interface PruneResult {
  reportsPruned: number;
  auditPruned: number;
}

/** Retention settings and pruning: old reports are folded into per-day counts, then deleted. */
export class RetentionRepository {
  constructor(
    private readonly db: Kysely<Database>,
    /** The SQL for "epoch ms → UTC date" differs between the engines. */
    private readonly engine: SqlEngine,
  ) {}

  async settings(): Promise<RetentionSettings> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
    return row ? (JSON.parse(row.value) as RetentionSettings) : DEFAULT_RETENTION;
  }

  async update(settings: RetentionSettings, actor: Actor, now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const value = JSON.stringify(settings);
      await trx.insertInto('settings').values({ key: KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
      await recordAudit(trx, actor, { action: 'settings.retention', targetType: 'settings', targetId: KEY, details: { ...settings } }, now);
    });
  }

  /**
   * Prunes whole UTC days older than the retention period. Counting and deleting happen in one
   * transaction over the same rows (by received_at < cutoff), so a day is counted exactly once even
   * when two instances prune at the same time (PostgreSQL: the second waits on the row locks and
   * then finds nothing left to count).
   */
  async prune(now = Date.now()): Promise<PruneResult> {
    const settings = await this.settings();
    const cutoff = Math.floor((now - settings.reportDays * DAY_MS) / DAY_MS) * DAY_MS;
    const auditCutoff = now - settings.auditDays * DAY_MS;
    return this.db.transaction().execute(async (trx) => {
      const day = reportDay(this.engine);
      const groups = await trx
        .selectFrom('reports')
        .select([
          'device_id',
          day.as('day'),
          sql<number>`sum(case when kind = 'posture' then 1 else 0 end)`.as('posture'),
          compliantPostureCount(this.engine).as('compliant_posture'),
          sql<number>`sum(case when kind = 'sensitive-state' then 1 else 0 end)`.as('sensitive_changes'),
          sql<number>`sum(case when kind = 'guard-events' then 1 else 0 end)`.as('guard_events'),
          sql<number>`sum(case when kind = 'heartbeat' then 1 else 0 end)`.as('heartbeats'),
          sql<number>`sum(case when kind = 'agent-stopped' then 1 else 0 end)`.as('stops'),
        ])
        .where('received_at', '<', cutoff)
        .groupBy(['device_id', day])
        .execute();
      const deleted = await trx.deleteFrom('reports').where('received_at', '<', cutoff).executeTakeFirst();
      for (const g of groups) {
        const counts = {
          posture: Number(g.posture),
          compliant_posture: Number(g.compliant_posture),
          sensitive_changes: Number(g.sensitive_changes),
          guard_events: Number(g.guard_events),
          heartbeats: Number(g.heartbeats),
          stops: Number(g.stops),
        };
        await trx
          .insertInto('daily_aggregates')
          .values({ device_id: g.device_id, day: g.day, ...counts })
          .onConflict((oc) =>
            oc.columns(['device_id', 'day']).doUpdateSet((eb) => ({
              posture: eb('daily_aggregates.posture', '+', counts.posture),
              compliant_posture: eb('daily_aggregates.compliant_posture', '+', counts.compliant_posture),
              sensitive_changes: eb('daily_aggregates.sensitive_changes', '+', counts.sensitive_changes),
              guard_events: eb('daily_aggregates.guard_events', '+', counts.guard_events),
              heartbeats: eb('daily_aggregates.heartbeats', '+', counts.heartbeats),
              stops: eb('daily_aggregates.stops', '+', counts.stops),
            })),
          )
          .execute();
      }
      const audit = await trx.deleteFrom('audit_events').where('at', '<', auditCutoff).executeTakeFirst();
      const result = { reportsPruned: Number(deleted.numDeletedRows), auditPruned: Number(audit.numDeletedRows) };
      if (result.reportsPruned > 0 || result.auditPruned > 0) {
        await recordAudit(trx, null, { action: 'retention.prune', targetType: 'settings', targetId: KEY, details: { ...result, cutoff: new Date(cutoff).toISOString() } }, now);
      }
      return result;
    });
  }
}
