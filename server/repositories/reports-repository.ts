import type SQLite from 'better-sqlite3';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { ReportBody } from '../../shared/api/report';
import type { DailyAggregate, HistoryQuery, StoredReport } from '../../shared/api/workstations';
import { STALE_AFTER_MISSED_INTERVALS } from '../../shared/api/workstations';
import type { Database } from '../db/tables';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../db/unavailable';
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

/** Most reports written in one transaction. */
const MAX_BATCH = 512;

/**
 * After SQLite said "busy" (another process kept the write lock past the busy timeout), reports are
 * refused at once for this long instead of each batch waiting out the busy timeout again: that wait
 * is synchronous in better-sqlite3 and stalls every request of the process, /healthz included.
 */
const SQLITE_BUSY_COOLDOWN_MS = 2000;

interface Pending {
  report: VerifiedReport;
  receivedAt: number;
  resolve(outcome: IngestOutcome): void;
  reject(error: unknown): void;
}

/**
 * Stores signed reports and keeps each workstation's latest status, on SQLite and PostgreSQL alike.
 *
 * Group commit: reports are queued and written together, one transaction per batch. A batch is
 * started from `setImmediate`, i.e. after the event loop has read every request that arrived in this
 * turn, so under load one commit covers many reports (on SQLite, whose writes are synchronous, a
 * write started at once would always hold exactly one report). Each commit costs a fixed number of
 * page writes (SQLite WAL frames) or a round trip and a WAL flush (PostgreSQL). Every report still
 * gets its own outcome, resolved only after its transaction committed, and a batch that fails is
 * retried one report per transaction, so one bad report cannot fail the others.
 *
 * On SQLite the batch runs synchronously on better-sqlite3 with prepared statements, while holding
 * Kysely's connection lock (so it never interleaves with another transaction on the one connection).
 */
export class ReportsRepository {
  private queue: Pending[] = [];
  private writing = 0;
  private scheduled = false;
  /** SQLite has one writer; PostgreSQL takes several transactions at once (pool connections). */
  private readonly maxWriters: number;
  private readonly sqliteBatch: SqliteBatchWriter | undefined;
  /** Until when reports are refused without trying (SQLite busy; see SQLITE_BUSY_COOLDOWN_MS). */
  private busyUntil = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: 'sqlite' | 'postgres',
    /** The raw SQLite file behind `db` (SQLite only): the report path runs on it directly. */
    sqliteFile?: SQLite.Database,
  ) {
    this.maxWriters = engine === 'postgres' ? 4 : 1;
    this.sqliteBatch = engine === 'sqlite' && sqliteFile ? new SqliteBatchWriter(sqliteFile) : undefined;
  }

  /**
   * Stores a report once. The report id is the primary key, so concurrent re-sends (on this or
   * another instance) resolve to one 'created'.
   */
  ingest(report: VerifiedReport, receivedAt: number): Promise<IngestOutcome> {
    if (this.sqliteBatch && Date.now() < this.busyUntil) return Promise.reject(new DatabaseUnavailableError('the database is locked by another process'));
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.queue.push({ report, receivedAt, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing >= this.maxWriters || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    // Reports that arrived while a batch waited on a lock held elsewhere are refused with it.
    if (this.sqliteBatch && Date.now() < this.busyUntil) {
      const error = new DatabaseUnavailableError('the database is locked by another process');
      for (const p of this.queue.splice(0)) p.reject(error);
      return;
    }
    while (this.writing < this.maxWriters && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.writing++;
      void this.write(batch).finally(() => {
        this.writing--;
        this.schedule();
      });
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    // One lock order for every transaction (PostgreSQL row locks), whatever the arrival order.
    batch.sort((a, b) => (a.report.body.deviceId < b.report.body.deviceId ? -1 : a.report.body.deviceId > b.report.body.deviceId ? 1 : 0));
    const writeSome = (some: Pending[]): Promise<IngestOutcome[]> => {
      const sqlite = this.sqliteBatch;
      if (sqlite) return this.db.connection().execute(async () => sqlite.write(some));
      if (this.engine === 'postgres' && allDistinct(some)) return writePostgresStatement(this.db, some);
      return this.db.transaction().execute((trx) => (this.engine === 'postgres' ? writePostgresBatch(trx, some) : writeOneByOne(trx, this.engine, some)));
    };
    try {
      const outcomes = await writeSome(batch);
      batch.forEach((p, i) => p.resolve(outcomes[i] ?? 'conflict'));
    } catch (error) {
      // Locked or unreachable is not about any one report: retrying them one by one would only
      // wait out the busy timeout (or a failed connection) once per report. All are refused, unstored.
      if (isDatabaseUnavailable(error)) {
        if (this.sqliteBatch) this.busyUntil = Date.now() + SQLITE_BUSY_COOLDOWN_MS;
        for (const p of batch) p.reject(error);
        return;
      }
      if (batch.length === 1) return batch[0]?.reject(error);
      for (const p of batch) {
        try {
          p.resolve((await writeSome([p]))[0] ?? 'conflict');
        } catch (single) {
          p.reject(single);
        }
      }
    }
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
 * The report path's SQL, written once as text: building these with the query builder on every report
 * cost more CPU than running them. Placeholders are `?` (SQLite) and become `$n` on PostgreSQL.
 * In an UPDATE every right-hand side sees the row as it was, so the "is this report newer" tests
 * all compare with the stored values.
 */
const NEWER_POSTURE = '(last_posture_at is null or last_posture_at <= ?)';
const NEWER_SENSITIVE = '(sensitive_changed_at is null or sensitive_changed_at <= ?)';
const SEEN = `last_seen = ?, stale_after = ? + report_interval_ms * ${STALE_AFTER_MISSED_INTERVALS}, agent_version = ?`;
const RUNNING = 'stopped = case when stopped = 1 and stopped_at < ? then 0 else stopped end';
const APPLIED = 'applied_policy_id = ?, applied_policy_version = ?';
const STATEMENTS = {
  insert:
    'insert into reports (report_id, device_id, kind, received_at, observed_at, body_hash, body_json) values (?, ?, ?, ?, ?, ?, ?) on conflict (report_id) do nothing returning report_id',
  existing: 'select device_id, body_hash from reports where report_id = ?',
  posture: `update workstations set ${SEEN}, ${RUNNING}, ${APPLIED},
    hostname = case when ${NEWER_POSTURE} then ? else hostname end,
    os_json = case when ${NEWER_POSTURE} then ? else os_json end,
    checks_json = case when ${NEWER_POSTURE} then ? else checks_json end,
    compliant = case when ${NEWER_POSTURE} then ? else compliant end,
    last_posture_at = case when ${NEWER_POSTURE} then ? else last_posture_at end
    where device_id = ?`,
  sensitive: `update workstations set ${SEEN}, ${RUNNING},
    sensitive_active = case when ${NEWER_SENSITIVE} then ? else sensitive_active end,
    sensitive_changed_at = case when ${NEWER_SENSITIVE} then ? else sensitive_changed_at end
    where device_id = ?`,
  heartbeat: `update workstations set ${SEEN}, ${RUNNING}, ${APPLIED} where device_id = ?`,
  seen: `update workstations set ${SEEN}, ${RUNNING} where device_id = ?`,
  // A stopped agent holds no sensitive mode.
  stopped: `update workstations set ${SEEN}, stopped = 1, stopped_at = ?, sensitive_active = 0, sensitive_changed_at = ? where device_id = ?`,
} as const;
type StatementName = keyof typeof STATEMENTS;

function toPostgres(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}
const POSTGRES_STATEMENTS = Object.fromEntries(Object.entries(STATEMENTS).map(([k, v]) => [k, toPostgres(v)])) as Record<StatementName, string>;

/** The statements one report needs: its insert, then (when new) one status update. */
interface ReportPlan {
  insert: unknown[];
  update: StatementName;
  updateParameters: unknown[];
}

function planReport(report: VerifiedReport, receivedAt: number): ReportPlan {
  const { body } = report;
  const observedAt = Date.parse(body.observedAt);
  const insert = [body.reportId, body.deviceId, body.kind, receivedAt, observedAt, report.bodyHash, report.canonicalBody];
  const seen = [receivedAt, receivedAt, body.agentVersion];
  const running = [observedAt];
  const applied = [body.appliedPolicy.policyId, body.appliedPolicy.version];
  switch (body.kind) {
    case 'posture':
      return {
        insert,
        update: 'posture',
        updateParameters: [
          ...seen,
          ...running,
          ...applied,
          observedAt,
          body.hostname,
          observedAt,
          JSON.stringify(body.os),
          observedAt,
          JSON.stringify(body.checks),
          observedAt,
          body.compliant ? 1 : 0,
          observedAt,
          observedAt,
          body.deviceId,
        ],
      };
    case 'sensitive-state':
      return { insert, update: 'sensitive', updateParameters: [...seen, ...running, observedAt, body.active ? 1 : 0, observedAt, observedAt, body.deviceId] };
    case 'heartbeat':
      return { insert, update: 'heartbeat', updateParameters: [...seen, ...running, ...applied, body.deviceId] };
    case 'guard-events':
    case 'policy-refused':
      return { insert, update: 'seen', updateParameters: [...seen, ...running, body.deviceId] };
    case 'agent-stopped':
      return { insert, update: 'stopped', updateParameters: [...seen, observedAt, observedAt, body.deviceId] };
    default: {
      const never: never = body;
      throw new Error(`unhandled report kind ${(never as { kind: string }).kind}`);
    }
  }
}

function existingOutcome(existing: { device_id: string; body_hash: string } | undefined, report: VerifiedReport): IngestOutcome {
  return existing && existing.device_id === report.body.deviceId && existing.body_hash === report.bodyHash ? 'duplicate' : 'conflict';
}

function run<R>(trx: Transaction<Database>, engine: 'sqlite' | 'postgres', name: StatementName, parameters: unknown[]) {
  return trx.executeQuery<R>(CompiledQuery.raw(engine === 'postgres' ? POSTGRES_STATEMENTS[name] : STATEMENTS[name], parameters));
}

/** Inserts one report (or recognises a re-send) and applies it to the status. */
async function ingestOne(trx: Transaction<Database>, engine: 'sqlite' | 'postgres', report: VerifiedReport, receivedAt: number): Promise<IngestOutcome> {
  const plan = planReport(report, receivedAt);
  const inserted = await run<{ report_id: string }>(trx, engine, 'insert', plan.insert);
  if (inserted.rows.length === 0) {
    return existingOutcome((await run<{ device_id: string; body_hash: string }>(trx, engine, 'existing', [report.body.reportId])).rows[0], report);
  }
  await run(trx, engine, plan.update, plan.updateParameters);
  return 'created';
}

async function writeOneByOne(trx: Transaction<Database>, engine: 'sqlite' | 'postgres', batch: Pending[]): Promise<IngestOutcome[]> {
  const results: IngestOutcome[] = [];
  for (const p of batch) results.push(await ingestOne(trx, engine, p.report, p.receivedAt));
  return results;
}

/**
 * PostgreSQL: a batch in a few round trips instead of two per report. One multi-row INSERT … ON
 * CONFLICT DO NOTHING RETURNING (the report id stays the arbiter of idempotency, across instances
 * too), one SELECT for the ids that were already there, then the status updates as UPDATE … FROM
 * (VALUES …): one statement per "round", where a round holds at most one report per workstation,
 * so several reports of one workstation in a batch are applied in arrival order, as one by one.
 * The update is {@link STATEMENTS} for every kind in one statement, chosen per row by `v.kind`.
 */
async function writePostgresBatch(trx: Transaction<Database>, batch: Pending[]): Promise<IngestOutcome[]> {
  const plans = batch.map((p) => planReport(p.report, p.receivedAt));
  const insertParameters: unknown[] = [];
  const rows = plans.map((plan) => {
    const at = insertParameters.length;
    insertParameters.push(...plan.insert);
    return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::bigint, $${at + 5}::bigint, $${at + 6}, $${at + 7})`;
  });
  const inserted = await trx.executeQuery<{ report_id: string }>(
    CompiledQuery.raw(
      `insert into reports (report_id, device_id, kind, received_at, observed_at, body_hash, body_json) values ${rows.join(', ')} on conflict (report_id) do nothing returning report_id`,
      insertParameters,
    ),
  );
  const created = new Set(inserted.rows.map((r) => r.report_id));
  const outcomes: (IngestOutcome | undefined)[] = batch.map((p) => {
    if (!created.has(p.report.body.reportId)) return undefined;
    // The same id twice in one batch: the first row was inserted, the others are re-sends of it.
    created.delete(p.report.body.reportId);
    return 'created';
  });
  const others = batch.filter((_, i) => outcomes[i] === undefined).map((p) => p.report.body.reportId);
  if (others.length > 0) {
    const existing = await trx.executeQuery<{ report_id: string; device_id: string; body_hash: string }>(
      CompiledQuery.raw('select report_id, device_id, body_hash from reports where report_id = any($1::varchar[])', [others]),
    );
    const byId = new Map(existing.rows.map((r) => [r.report_id, r]));
    batch.forEach((p, i) => {
      if (outcomes[i] === undefined) outcomes[i] = existingOutcome(byId.get(p.report.body.reportId), p.report);
    });
  }
  // Rounds of distinct workstations, in arrival order per workstation.
  const rounds: Pending[][] = [];
  const roundOf = new Map<string, number>();
  batch.forEach((p, i) => {
    if (outcomes[i] !== 'created') return;
    const round = roundOf.get(p.report.body.deviceId) ?? 0;
    roundOf.set(p.report.body.deviceId, round + 1);
    (rounds[round] ??= []).push(p);
  });
  for (const round of rounds) {
    const parameters: unknown[] = [];
    const values = round.map((p) => {
      const at = parameters.length;
      parameters.push(...statusValues(p.report.body, p.receivedAt));
      return `($${at + 1}, $${at + 2}, $${at + 3}::bigint, $${at + 4}::bigint, $${at + 5}, $${at + 6}, $${at + 7}::int, $${at + 8}, $${at + 9}, $${at + 10}, $${at + 11}::int, $${at + 12}::int)`;
    });
    await trx.executeQuery(CompiledQuery.raw(`${BATCH_UPDATE} from (values ${values.join(', ')}) as v(${STATUS_COLUMNS}) where w.device_id = v.device_id`, parameters));
  }
  return outcomes.map((o) => o ?? 'conflict');
}

/** True when no two reports of the batch share a report id or a workstation. */
function allDistinct(batch: Pending[]): boolean {
  const reports = new Set<string>();
  const devices = new Set<string>();
  for (const { report } of batch) {
    if (reports.has(report.body.reportId) || devices.has(report.body.deviceId)) return false;
    reports.add(report.body.reportId);
    devices.add(report.body.deviceId);
  }
  return true;
}

/**
 * PostgreSQL, a batch of distinct reports of distinct workstations (the usual case): one statement,
 * one round trip, committed on its own (no BEGIN/COMMIT round trips). A data-modifying WITH: the
 * insert (ON CONFLICT DO NOTHING RETURNING, as in {@link writePostgresBatch}) and the status update
 * of exactly the workstations whose report was inserted, in one atomic statement; the answer is
 * sent after it committed. The ids that were already there are then looked up as committed rows,
 * as the batch transaction's own SELECT would see them (it reads committed rows too).
 */
async function writePostgresStatement(db: Kysely<Database>, batch: Pending[]): Promise<IngestOutcome[]> {
  const parameters: unknown[] = [];
  const rows: string[] = [];
  const values: string[] = [];
  for (const p of batch) {
    const { body } = p.report;
    let at = parameters.length;
    parameters.push(body.reportId, body.deviceId, body.kind, p.receivedAt, Date.parse(body.observedAt), p.report.bodyHash, p.report.canonicalBody);
    rows.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::bigint, $${at + 5}::bigint, $${at + 6}, $${at + 7})`);
    at = parameters.length;
    parameters.push(body.reportId, ...statusValues(body, p.receivedAt));
    values.push(
      `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}::bigint, $${at + 5}::bigint, $${at + 6}, $${at + 7}, $${at + 8}::int, $${at + 9}, $${at + 10}, $${at + 11}, $${at + 12}::int, $${at + 13}::int)`,
    );
  }
  const inserted = await db.executeQuery<{ report_id: string }>(
    CompiledQuery.raw(
      `with ins as (insert into reports (report_id, device_id, kind, received_at, observed_at, body_hash, body_json) values ${rows.join(', ')} on conflict (report_id) do nothing returning report_id),
       upd as (${BATCH_UPDATE} from (values ${values.join(', ')}) as v(report_id, ${STATUS_COLUMNS}) where w.device_id = v.device_id and v.report_id in (select report_id from ins))
       select report_id from ins`,
      parameters,
    ),
  );
  const created = new Set(inserted.rows.map((r) => r.report_id));
  const others = batch.filter((p) => !created.has(p.report.body.reportId)).map((p) => p.report.body.reportId);
  const byId = new Map<string, { device_id: string; body_hash: string }>();
  if (others.length > 0) {
    const existing = await db.executeQuery<{ report_id: string; device_id: string; body_hash: string }>(
      CompiledQuery.raw('select report_id, device_id, body_hash from reports where report_id = any($1::varchar[])', [others]),
    );
    for (const r of existing.rows) byId.set(r.report_id, r);
  }
  return batch.map((p) => (created.has(p.report.body.reportId) ? 'created' : existingOutcome(byId.get(p.report.body.reportId), p.report)));
}

const STATUS_COLUMNS = 'device_id, kind, received_at, observed_at, agent_version, policy_id, policy_version, hostname, os_json, checks_json, compliant, active';

/** One report's row of the batch update's VALUES list (null where its kind has no such field). */
function statusValues(body: ReportBody, receivedAt: number): unknown[] {
  const observedAt = Date.parse(body.observedAt);
  const applied = body.kind === 'posture' || body.kind === 'heartbeat' ? body.appliedPolicy : { policyId: null, version: null };
  return [
    body.deviceId,
    body.kind,
    receivedAt,
    observedAt,
    body.agentVersion,
    applied.policyId,
    applied.version,
    body.kind === 'posture' ? body.hostname : null,
    body.kind === 'posture' ? JSON.stringify(body.os) : null,
    body.kind === 'posture' ? JSON.stringify(body.checks) : null,
    body.kind === 'posture' ? (body.compliant ? 1 : 0) : null,
    body.kind === 'sensitive-state' ? (body.active ? 1 : 0) : null,
  ];
}

// The batch form of STATEMENTS.posture/sensitive/heartbeat/seen/stopped (PostgreSQL): same rules,
// the kind of each row picks which columns change. Right-hand sides see the row as it was.
const P_NEWER_POSTURE = `(v.kind = 'posture' and (w.last_posture_at is null or w.last_posture_at <= v.observed_at))`;
const P_NEWER_SENSITIVE = `(v.kind = 'sensitive-state' and (w.sensitive_changed_at is null or w.sensitive_changed_at <= v.observed_at))`;
const P_APPLIES_POLICY = `v.kind in ('posture', 'heartbeat')`;
const BATCH_UPDATE = `update workstations as w set
    last_seen = v.received_at,
    stale_after = v.received_at + w.report_interval_ms * ${STALE_AFTER_MISSED_INTERVALS},
    agent_version = v.agent_version,
    stopped = case when v.kind = 'agent-stopped' then 1 when w.stopped = 1 and w.stopped_at < v.observed_at then 0 else w.stopped end,
    stopped_at = case when v.kind = 'agent-stopped' then v.observed_at else w.stopped_at end,
    applied_policy_id = case when ${P_APPLIES_POLICY} then v.policy_id else w.applied_policy_id end,
    applied_policy_version = case when ${P_APPLIES_POLICY} then v.policy_version else w.applied_policy_version end,
    hostname = case when ${P_NEWER_POSTURE} then v.hostname else w.hostname end,
    os_json = case when ${P_NEWER_POSTURE} then v.os_json else w.os_json end,
    checks_json = case when ${P_NEWER_POSTURE} then v.checks_json else w.checks_json end,
    compliant = case when ${P_NEWER_POSTURE} then v.compliant else w.compliant end,
    last_posture_at = case when ${P_NEWER_POSTURE} then v.observed_at else w.last_posture_at end,
    sensitive_active = case when v.kind = 'agent-stopped' then 0 when ${P_NEWER_SENSITIVE} then v.active else w.sensitive_active end,
    sensitive_changed_at = case when v.kind = 'agent-stopped' or ${P_NEWER_SENSITIVE} then v.observed_at else w.sensitive_changed_at end`;

/** The report path on the raw SQLite file: prepared statements, one synchronous transaction per batch. */
class SqliteBatchWriter {
  private readonly statements: Record<StatementName, SQLite.Statement>;
  private readonly transaction: SQLite.Transaction<(batch: Pending[]) => IngestOutcome[]>;

  constructor(file: SQLite.Database) {
    // run() reports `changes`; the insert's RETURNING clause is only needed by the Kysely path.
    const text = (name: StatementName) => (name === 'insert' ? STATEMENTS.insert.replace(/ returning report_id$/, '') : STATEMENTS[name]);
    this.statements = Object.fromEntries(Object.keys(STATEMENTS).map((k) => [k, file.prepare(text(k as StatementName))])) as Record<StatementName, SQLite.Statement>;
    this.transaction = file.transaction((batch: Pending[]) => batch.map((p) => this.ingestOne(p.report, p.receivedAt)));
  }

  /** Writes a batch in one transaction (BEGIN IMMEDIATE … COMMIT); throws, rolled back, on any error. */
  write(batch: Pending[]): IngestOutcome[] {
    return this.transaction.immediate(batch);
  }

  private ingestOne(report: VerifiedReport, receivedAt: number): IngestOutcome {
    const plan = planReport(report, receivedAt);
    if (this.statements.insert.run(...plan.insert).changes === 0) {
      return existingOutcome(this.statements.existing.get(report.body.reportId) as { device_id: string; body_hash: string } | undefined, report);
    }
    this.statements[plan.update].run(...plan.updateParameters);
    return 'created';
  }
}
