import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { OsInfo } from '../../shared/api/report';
import type { FleetCounts, FleetSummary, WorkstationListQuery, WorkstationSort, WorkstationState, WorkstationSummary } from '../../shared/api/workstations';
import { CHECK_IDS, type CheckId, type CheckResult } from '../../shared/posture/check-result';
import { COMPLIANCE_RANK } from '../db/migrations/0003-console-queries';
import type { Database, WorkstationTable } from '../db/tables';
import { recordAudit, type Actor } from './audit-repository';
import type { Scope } from './scope';
import { iso, isoOrNull } from './time';

/** What report verification needs to know about a device. */
export interface DeviceKey {
  deviceId: string;
  publicKey: string;
  teamId: string | null;
  revoked: boolean;
}

/** The state of a row at `now` as SQL, so filters and counts use the same rule as the API. */
function stateExpr(now: number) {
  return sql<WorkstationState>`case
    when revoked_at is not null then 'revoked'
    when stopped = 1 then 'stopped'
    when last_seen is null then 'enrolled'
    when stale_after < ${now} then 'stale'
    else 'reporting' end`;
}

function applyScope<O>(q: SelectQueryBuilder<Database, 'workstations', O>, scope: Scope): SelectQueryBuilder<Database, 'workstations', O> {
  if (scope.kind === 'all') return q;
  if (scope.teamIds.length === 0) return q.where(sql<boolean>`1 = 0`);
  return q.where('team_id', 'in', [...scope.teamIds]);
}

function stateOf(r: Selectable<WorkstationTable>, now: number): WorkstationState {
  if (r.revoked_at !== null) return 'revoked';
  if (r.stopped === 1) return 'stopped';
  if (r.last_seen === null) return 'enrolled';
  if (r.stale_after !== null && r.stale_after < now) return 'stale';
  return 'reporting';
}

/** A stored row as the API shows it. */
export function toSummary(r: Selectable<WorkstationTable>, now: number): WorkstationSummary {
  return {
    deviceId: r.device_id,
    hostname: r.hostname,
    teamId: r.team_id,
    site: r.site,
    os: r.os_json === null ? null : (JSON.parse(r.os_json) as OsInfo),
    agentVersion: r.agent_version,
    state: stateOf(r, now),
    lastSeen: isoOrNull(r.last_seen),
    compliant: r.compliant === null ? null : r.compliant === 1,
    sensitiveActive: r.sensitive_active === 1,
    appliedPolicy: r.applied_policy_version === null ? null : { policyId: r.applied_policy_id, version: r.applied_policy_version },
    checks: JSON.parse(r.checks_json) as CheckResult[],
    enrolledAt: iso(r.enrolled_at),
  };
}

type CursorValue = string | number;

function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}
function decodeCursor(cursor: string, length: number): CursorValue[] | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'string' || typeof v === 'number') ? (value as CursorValue[]) : null;
  } catch {
    return null;
  }
}

/**
 * The key each order pages by: SQL expressions (the same text as the indexes of migrations/0003, so
 * both engines can walk an index) and how to read the key of a returned row for the next cursor.
 */
const SORT_KEYS: Record<WorkstationSort, { sql: string[]; of(r: Selectable<WorkstationTable>): CursorValue[] }> = {
  hostname: { sql: ['hostname', 'device_id'], of: (r) => [r.hostname, r.device_id] },
  lastSeen: { sql: ['coalesce(last_seen, 0)', 'device_id'], of: (r) => [r.last_seen ?? 0, r.device_id] },
  compliance: { sql: [`(${COMPLIANCE_RANK})`, 'hostname', 'device_id'], of: (r) => [r.compliant === null ? 1 : r.compliant === 1 ? 2 : 0, r.hostname, r.device_id] },
};

/** The list query; sort and order default to hostname, ascending. */
export type ListQuery = Omit<WorkstationListQuery, 'sort' | 'order'> & Partial<Pick<WorkstationListQuery, 'sort' | 'order'>>;

/** `,id,` as stored in failing_checks, as a LIKE pattern (check ids hold no LIKE wildcards). */
const failingPattern = (id: CheckId) => `%,${id},%`;

/** How long a device's key and revocation state are cached per instance. */
export const DEVICE_CACHE_MS = 5_000;

const COUNT_COLUMNS = ['total', 'compliant', 'nonCompliant', 'unknown', 'stale', 'stopped', 'sensitiveActive', 'revoked'] as const;

/** Workstation status, scoped reads, and the device-level changes an admin makes. */
export class WorkstationsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * The key and revocation state of a device, or undefined when unknown. Answers are cached for
   * {@link DEVICE_CACHE_MS} (a device sends a report every few minutes; the report path must not
   * read the same row thousands of times a second). Revocation and deletion on this instance clear
   * the entry at once; on other instances it takes effect within that time.
   */
  async deviceKey(deviceId: string, now = Date.now()): Promise<DeviceKey | undefined> {
    const cached = this.deviceCache.get(deviceId);
    if (cached && cached.until > now) return cached.key;
    const row = await this.db.selectFrom('workstations').select(['device_id', 'public_key', 'team_id', 'revoked_at']).where('device_id', '=', deviceId).executeTakeFirst();
    const key = row && { deviceId: row.device_id, publicKey: row.public_key, teamId: row.team_id, revoked: row.revoked_at !== null };
    // Only known devices are cached, so an enrollment is usable at once.
    if (key) {
      if (this.deviceCache.size >= 100_000) this.deviceCache.clear();
      this.deviceCache.set(deviceId, { key, until: now + DEVICE_CACHE_MS });
    }
    return key;
  }

  private readonly deviceCache = new Map<string, { key: DeviceKey; until: number }>();

  /** Workstations in scope, filtered, in the asked order, paged by keyset (see {@link SORT_KEYS}). */
  async list(scope: Scope, query: ListQuery, now = Date.now()): Promise<{ items: WorkstationSummary[]; nextCursor: string | null }> {
    let q = applyScope(this.db.selectFrom('workstations').selectAll(), scope);
    if (query.teamId) q = q.where('team_id', '=', query.teamId);
    if (query.state) q = q.where(stateExpr(now), '=', query.state);
    if (query.compliant) q = q.where('compliant', '=', query.compliant === 'true' ? 1 : 0);
    if (query.sensitive) q = q.where('sensitive_active', '=', query.sensitive === 'true' ? 1 : 0);
    if (query.q) q = q.where('hostname', '>=', query.q).where('hostname', '<', `${query.q}\uffff`);
    if (query.failingCheck) q = q.where('failing_checks', 'like', failingPattern(query.failingCheck));
    if (query.policyId) q = q.where('applied_policy_id', '=', query.policyId);
    const sort = query.sort ?? 'hostname';
    const desc = query.order === 'desc';
    const key = SORT_KEYS[sort];
    const after = query.cursor ? decodeCursor(query.cursor, key.sql.length) : null;
    if (after) {
      // A row-value comparison: one range over the index, in either direction.
      const columns = sql.join(key.sql.map((c) => sql.raw(c)));
      const values = sql.join(after.map((v) => sql`${v}`));
      q = q.where(desc ? sql<boolean>`(${columns}) < (${values})` : sql<boolean>`(${columns}) > (${values})`);
    }
    for (const c of key.sql) q = q.orderBy(sql.raw(c), desc ? 'desc' : 'asc');
    const rows = await q.limit(query.limit + 1).execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return { items: page.map((r) => toSummary(r, now)), nextCursor: rows.length > query.limit && last ? encodeCursor(key.of(last)) : null };
  }

  /** One workstation if it is in scope. */
  async get(scope: Scope, deviceId: string, now = Date.now()): Promise<WorkstationSummary | undefined> {
    const row = await applyScope(this.db.selectFrom('workstations').selectAll(), scope).where('device_id', '=', deviceId).executeTakeFirst();
    return row && toSummary(row, now);
  }

  /** Counts for the visible fleet and per team, computed in one grouped query. */
  async fleetSummary(scope: Scope, now = Date.now()): Promise<FleetSummary> {
    const live = sql`revoked_at is null`;
    const rows = await applyScope(
      this.db
        .selectFrom('workstations')
        .select([
          'team_id',
          sql<number>`sum(case when ${live} then 1 else 0 end)`.as('total'),
          sql<number>`sum(case when ${live} and compliant = 1 then 1 else 0 end)`.as('compliant'),
          sql<number>`sum(case when ${live} and compliant = 0 then 1 else 0 end)`.as('nonCompliant'),
          sql<number>`sum(case when ${live} and compliant is null then 1 else 0 end)`.as('unknown'),
          sql<number>`sum(case when ${live} and stopped = 0 and stale_after < ${now} then 1 else 0 end)`.as('stale'),
          sql<number>`sum(case when ${live} and stopped = 1 then 1 else 0 end)`.as('stopped'),
          sql<number>`sum(case when ${live} and sensitive_active = 1 then 1 else 0 end)`.as('sensitiveActive'),
          sql<number>`sum(case when revoked_at is not null then 1 else 0 end)`.as('revoked'),
          ...CHECK_IDS.map((id) => sql<number>`sum(case when ${live} and failing_checks like ${failingPattern(id)} then 1 else 0 end)`.as(`failing:${id}`)),
        ])
        .groupBy('team_id'),
      scope,
    ).execute();
    const totals = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as FleetCounts;
    const failingChecks = Object.fromEntries(CHECK_IDS.map((id) => [id, 0])) as Record<CheckId, number>;
    const byTeam = rows.map((r) => {
      const counts = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, Number(r[c] ?? 0)])) as FleetCounts;
      for (const c of COUNT_COLUMNS) totals[c] += counts[c];
      const failing = r as unknown as Record<string, number | string | null>;
      for (const id of CHECK_IDS) failingChecks[id] += Number(failing[`failing:${id}`] ?? 0);
      return { teamId: r.team_id, ...counts };
    });
    return { generatedAt: iso(now), totals, byTeam, failingChecks };
  }

  /** Records the report interval of the policy a device was given, for stale detection. */
  async setReportInterval(deviceId: string, intervalMs: number): Promise<void> {
    await this.db.updateTable('workstations').set({ report_interval_ms: intervalMs }).where('device_id', '=', deviceId).where('report_interval_ms', '!=', intervalMs).execute();
  }

  /** Records the policy version a device says it applied. */
  async setAppliedPolicy(deviceId: string, policyId: string | null, version: number, agentVersion: string): Promise<void> {
    await this.db
      .updateTable('workstations')
      .set({ applied_policy_id: policyId, applied_policy_version: version, agent_version: agentVersion })
      .where('device_id', '=', deviceId)
      .execute();
  }

  /** Revokes a device: its signatures are refused from now on. */
  async revoke(deviceId: string, actor: Actor, now = Date.now()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('workstations').set({ revoked_at: now }).where('device_id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst();
      this.deviceCache.delete(deviceId);
      if (result.numUpdatedRows === 0n) return false;
      await recordAudit(trx, actor, { action: 'workstation.revoke', targetType: 'workstation', targetId: deviceId }, now);
      return true;
    });
  }

  /** Deletes everything stored about one workstation (reports, aggregates, requests, the device). */
  async delete(deviceId: string, actor: Actor, now = Date.now()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const reports = await trx.deleteFrom('reports').where('device_id', '=', deviceId).executeTakeFirst();
      await trx.deleteFrom('daily_aggregates').where('device_id', '=', deviceId).execute();
      await trx.deleteFrom('check_now_requests').where('device_id', '=', deviceId).execute();
      const device = await trx.deleteFrom('workstations').where('device_id', '=', deviceId).executeTakeFirst();
      this.deviceCache.delete(deviceId);
      if (device.numDeletedRows === 0n) return false;
      await recordAudit(trx, actor, { action: 'workstation.delete', targetType: 'workstation', targetId: deviceId, details: { reportsDeleted: Number(reports.numDeletedRows) } }, now);
      return true;
    });
  }
}
