import { sql, type Kysely } from 'kysely';
import type { FleetCounts, FleetTrendDay } from '../../shared/api/workstations';
import type { Database } from '../db/tables';
import { compliantPostureCount, reportDay, type SqlEngine } from './report-sql';
import type { Scope } from './scope';

const DAY_MS = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Per-day counts of workstations by their posture reports that day (see FleetTrendDaySchema). */
interface DayVerdicts {
  compliant: number;
  nonCompliant: number;
  /** Reported something that day. */
  seen: number;
}

/**
 * The fleet's compliance over past days. Each workstation-day is folded from the daily aggregates
 * (days retention pruned) and the stored reports (days it has not), joined with the workstations for
 * the scope; the number of workstations that existed each day comes from enrollment and revocation
 * times. The current day is given by the caller (the live fleet summary).
 *
 * Cost: reads the reports of the window (by received_at), so it is meant to be asked every minute
 * or so, not every few seconds.
 */
export class FleetTrendRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: SqlEngine,
  ) {}

  /** `days` points, oldest first; the last one is `today`. */
  async trend(scope: Scope, days: number, today: FleetCounts, now = Date.now()): Promise<FleetTrendDay[]> {
    const todayStart = Math.floor(now / DAY_MS) * DAY_MS;
    const start = todayStart - (days - 1) * DAY_MS;
    const [verdicts, existing] = await Promise.all([this.verdicts(scope, start, todayStart), this.existing(scope, start, days - 1)]);
    const points: FleetTrendDay[] = [];
    for (let i = 0; i < days - 1; i++) {
      const day = dayOf(start + i * DAY_MS);
      const total = existing[i] ?? 0;
      const v = verdicts.get(day) ?? { compliant: 0, nonCompliant: 0, seen: 0 };
      const unknown = Math.max(0, total - v.compliant - v.nonCompliant);
      points.push({ day, total, compliant: v.compliant, nonCompliant: v.nonCompliant, unknown, stale: Math.min(unknown, Math.max(0, total - v.seen)) });
    }
    points.push({ day: dayOf(todayStart), total: today.total, compliant: today.compliant, nonCompliant: today.nonCompliant, unknown: today.unknown, stale: today.stale });
    return points;
  }

  /** Per day: workstations (in scope) all of whose posture reports were compliant, any not, and any report. */
  private async verdicts(scope: Scope, start: number, end: number): Promise<Map<string, DayVerdicts>> {
    const day = reportDay(this.engine);
    const recent = this.db
      .selectFrom('reports')
      .select([
        'device_id',
        day.as('day'),
        sql<number>`sum(case when kind = 'posture' then 1 else 0 end)`.as('posture'),
        compliantPostureCount(this.engine).as('ok'),
        sql<number>`count(*)`.as('reports'),
      ])
      .where('received_at', '>=', start)
      .where('received_at', '<', end)
      .groupBy(['device_id', day]);
    const pruned = this.db
      .selectFrom('daily_aggregates')
      .select([
        'device_id',
        'day',
        'posture',
        sql<number>`compliant_posture`.as('ok'),
        sql<number>`posture + sensitive_changes + guard_events + heartbeats + stops`.as('reports'),
      ])
      .where('day', '>=', dayOf(start))
      .where('day', '<', dayOf(end));
    let q = this.db
      .selectFrom(recent.unionAll(pruned).as('d'))
      .innerJoin('workstations as w', 'w.device_id', 'd.device_id')
      .select([
        'd.day',
        sql<number>`sum(d.posture)`.as('posture'),
        sql<number>`sum(d.ok)`.as('ok'),
        sql<number>`sum(d.reports)`.as('reports'),
      ])
      .groupBy(['d.day', 'd.device_id']);
    if (scope.kind === 'teams') q = scope.teamIds.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('w.team_id', 'in', [...scope.teamIds]);
    const perDevice = this.db
      .selectFrom(q.as('x'))
      .select([
        'x.day',
        sql<number>`sum(case when x.posture > 0 and x.ok = x.posture then 1 else 0 end)`.as('compliant'),
        sql<number>`sum(case when x.posture > 0 and x.ok < x.posture then 1 else 0 end)`.as('nonCompliant'),
        sql<number>`count(*)`.as('seen'),
      ])
      .groupBy('x.day');
    const rows = await perDevice.execute();
    return new Map(rows.map((r) => [r.day, { compliant: Number(r.compliant), nonCompliant: Number(r.nonCompliant), seen: Number(r.seen) }]));
  }

  /** Per past day: workstations (in scope) enrolled before its end and not revoked before its start. */
  private async existing(scope: Scope, start: number, count: number): Promise<number[]> {
    // Literals, not parameters: PostgreSQL matches GROUP BY expressions by text, and two parameters
    // are never the same text. Both are integers computed here.
    const from = sql.lit(start);
    const day = sql.lit(DAY_MS);
    const enrolledDay = sql<number>`case when enrolled_at < ${from} then -1 else (enrolled_at - ${from}) / ${day} end`;
    const revokedDay = sql<number | null>`case when revoked_at is null then null when revoked_at < ${from} then -1 else (revoked_at - ${from}) / ${day} end`;
    let q = this.db.selectFrom('workstations').select([enrolledDay.as('e'), revokedDay.as('r'), sql<number>`count(*)`.as('n')]).groupBy([enrolledDay, revokedDay]);
    if (scope.kind === 'teams') q = scope.teamIds.length === 0 ? q.where(sql<boolean>`1 = 0`) : q.where('team_id', 'in', [...scope.teamIds]);
    const totals = new Array<number>(count).fill(0);
    for (const row of await q.execute()) {
      const e = Math.floor(Number(row.e));
      const r = row.r === null ? Infinity : Math.floor(Number(row.r));
      for (let i = Math.max(0, e); i < count && i <= r; i++) totals[i] = (totals[i] ?? 0) + Number(row.n);
    }
    return totals;
  }
}
