import type { Kysely, Transaction, Updateable } from 'kysely';
import type { ReportBody } from '../../shared/api/report';
import type { DailyAggregate, HistoryQuery, StoredReport } from '../../shared/api/workstations';
import { STALE_AFTER_MISSED_INTERVALS } from '../../shared/api/workstations';
import type { Database, WorkstationTable } from '../db/tables';
import { iso } from './time';

/** New, an identical re-send, or a different report under an id already used. */
export type IngestOutcome = 'created' | 'duplicate' | 'conflict';

/** A verified report ready to store. */
export interface VerifiedReport {
  body: ReportBody;
  /** The payload exactly as signed (canonical JSON): stored, and hashed for idempotency. */
  canonicalBody: string;
  bodyHash: string;
}

/** Stores signed reports and keeps each workstation's latest status, on SQLite and PostgreSQL alike. */
export class ReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores a report once. The insert and the status update are one transaction; the report id is
   * the primary key, so concurrent re-sends on several instances resolve to one 'created'.
   */
  async ingest(report: VerifiedReport, receivedAt: number): Promise<IngestOutcome> {
    const { body } = report;
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('reports')
        .values({
          report_id: body.reportId,
          device_id: body.deviceId,
          kind: body.kind,
          received_at: receivedAt,
          observed_at: Date.parse(body.observedAt),
          body_hash: report.bodyHash,
          body_json: report.canonicalBody,
        })
        .onConflict((oc) => oc.column('report_id').doNothing())
        .returning('report_id')
        .executeTakeFirst();
      if (!inserted) {
        const existing = await trx.selectFrom('reports').select(['device_id', 'body_hash']).where('report_id', '=', body.reportId).executeTakeFirst();
        return existing && existing.device_id === body.deviceId && existing.body_hash === report.bodyHash ? 'duplicate' : 'conflict';
      }
      await updateStatus(trx, body, receivedAt);
      return 'created';
    });
  }

  /** Reports of one device, newest first. */
  async history(deviceId: string, query: HistoryQuery): Promise<StoredReport[]> {
    let q = this.db
      .selectFrom('reports')
      .select(['report_id', 'received_at', 'body_json'])
      .where('device_id', '=', deviceId)
      .orderBy('received_at', 'desc')
      .orderBy('report_id', 'desc')
      .limit(query.limit);
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.before) q = q.where('received_at', '<', Date.parse(query.before));
    const rows = await q.execute();
    return rows.map((r) => ({ reportId: r.report_id, receivedAt: iso(r.received_at), body: JSON.parse(r.body_json) as ReportBody }));
  }

  /** Daily aggregates of pruned days, newest first. */
  async dailyAggregates(deviceId: string): Promise<DailyAggregate[]> {
    const rows = await this.db.selectFrom('daily_aggregates').selectAll().where('device_id', '=', deviceId).orderBy('day', 'desc').execute();
    return rows.map((r) => ({
      day: r.day,
      posture: r.posture,
      compliantPosture: r.compliant_posture,
      sensitiveChanges: r.sensitive_changes,
      guardEvents: r.guard_events,
      heartbeats: r.heartbeats,
      stops: r.stops,
    }));
  }
}

/**
 * Applies a report to the workstation's latest status. Reports can arrive late (outbox), so posture
 * and sensitive state change only when the report observed something newer than what is stored.
 */
async function updateStatus(trx: Transaction<Database>, body: ReportBody, receivedAt: number): Promise<void> {
  const observedAt = Date.parse(body.observedAt);
  const common: Updateable<WorkstationTable> = {
    agent_version: body.agentVersion,
    applied_policy_id: body.appliedPolicy.policyId,
    applied_policy_version: body.appliedPolicy.version,
  };
  const seen = trx
    .updateTable('workstations')
    .set((eb) => ({
      last_seen: receivedAt,
      stale_after: eb(eb.val(receivedAt), '+', eb('report_interval_ms', '*', STALE_AFTER_MISSED_INTERVALS)),
    }))
    .where('device_id', '=', body.deviceId);
  switch (body.kind) {
    case 'posture':
      await seen.execute();
      await trx
        .updateTable('workstations')
        .set({
          ...common,
          hostname: body.hostname,
          os_json: JSON.stringify(body.os),
          checks_json: JSON.stringify(body.checks),
          compliant: body.compliant ? 1 : 0,
          last_posture_at: observedAt,
        })
        .where('device_id', '=', body.deviceId)
        .where((eb) => eb.or([eb('last_posture_at', 'is', null), eb('last_posture_at', '<=', observedAt)]))
        .execute();
      break;
    case 'sensitive-state':
      await seen.execute();
      await trx
        .updateTable('workstations')
        .set({ sensitive_active: body.active ? 1 : 0, sensitive_changed_at: observedAt })
        .where('device_id', '=', body.deviceId)
        .where((eb) => eb.or([eb('sensitive_changed_at', 'is', null), eb('sensitive_changed_at', '<=', observedAt)]))
        .execute();
      break;
    case 'heartbeat':
      await seen.execute();
      await trx.updateTable('workstations').set(common).where('device_id', '=', body.deviceId).execute();
      break;
    case 'guard-events':
      await seen.execute();
      break;
    case 'agent-stopped':
      await seen.execute();
      // A stopped agent holds no sensitive mode.
      await trx
        .updateTable('workstations')
        .set({ stopped: 1, stopped_at: observedAt, sensitive_active: 0, sensitive_changed_at: observedAt })
        .where('device_id', '=', body.deviceId)
        .execute();
      return;
    default: {
      const never: never = body;
      throw new Error(`unhandled report kind ${(never as { kind: string }).kind}`);
    }
  }
  // Any later report means the agent is running again.
  await trx
    .updateTable('workstations')
    .set({ stopped: 0 })
    .where('device_id', '=', body.deviceId)
    .where('stopped', '=', 1)
    .where('stopped_at', '<', observedAt)
    .execute();
}
