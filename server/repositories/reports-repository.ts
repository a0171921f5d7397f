import type { Kysely } from 'kysely';
import type { PostureReport, WorkstationSummary } from '../../shared/api/legacy-report';
import { DEFAULT_POLICY } from '../../shared/policy/default-policy';
import { isCompliant } from '../../shared/posture/compliance';
import type { Database } from '../db/tables';

/** Whether a report was new or a re-send of one already stored. */
export type IngestOutcome = 'created' | 'duplicate';

/** Stores reports and answers workstation status, on SQLite and PostgreSQL alike. */
export class ReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async ingest(report: PostureReport, receivedAt: Date): Promise<IngestOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('reports').select('report_id').where('report_id', '=', report.reportId).executeTakeFirst();
      if (existing) return 'duplicate';
      await trx
        .insertInto('reports')
        .values({
          report_id: report.reportId,
          device_id: report.deviceId,
          received_at: receivedAt.toISOString(),
          sent_at: report.sentAt,
          body_json: JSON.stringify(report),
        })
        .execute();
      const row = {
        device_id: report.deviceId,
        hostname: report.hostname,
        os_json: JSON.stringify(report.os),
        agent_version: report.agentVersion,
        last_seen: receivedAt.toISOString(),
        compliant: isCompliant(report.checks, DEFAULT_POLICY) ? 1 : 0,
        checks_json: JSON.stringify(report.checks),
      };
      await trx
        .insertInto('workstations')
        .values(row)
        .onConflict((oc) => oc.column('device_id').doUpdateSet(row))
        .execute();
      return 'created';
    });
  }

  async listWorkstations(): Promise<WorkstationSummary[]> {
    const rows = await this.db.selectFrom('workstations').selectAll().orderBy('hostname').limit(1000).execute();
    return rows.map((r) => ({
      deviceId: r.device_id,
      hostname: r.hostname,
      os: JSON.parse(r.os_json) as WorkstationSummary['os'],
      agentVersion: r.agent_version,
      lastSeen: r.last_seen,
      compliant: r.compliant === 1,
      checks: JSON.parse(r.checks_json) as WorkstationSummary['checks'],
    }));
  }
}
