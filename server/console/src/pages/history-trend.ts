import type { DailyAggregate, StoredReport } from '../../../../shared/api/workstations';
import type { TrendPoint } from '../components/TrendChart';

/**
 * Daily compliance of one workstation: stored posture reports by day of observation, plus the days
 * retention folded into aggregates. Days without a posture report in between appear with no value,
 * so a gap is drawn as a gap.
 */
export function dailyCompliance(reports: StoredReport[], aggregates: DailyAggregate[], maxDays = 30): TrendPoint[] {
  const days = new Map<string, { ok: number; all: number }>();
  for (const a of aggregates) days.set(a.day, { ok: a.compliantPosture, all: a.posture });
  for (const r of reports) {
    if (r.body.kind !== 'posture') continue;
    const day = r.body.observedAt.slice(0, 10);
    const d = days.get(day) ?? { ok: 0, all: 0 };
    d.all += 1;
    if (r.body.compliant) d.ok += 1;
    days.set(day, d);
  }
  const sorted = [...days.keys()].sort();
  const first = sorted[0];
  const last = sorted.at(-1);
  if (!first || !last) return [];
  const points: TrendPoint[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    const d = days.get(day);
    points.push({ day, ratio: d && d.all > 0 ? d.ok / d.all : null, count: d?.all ?? 0 });
  }
  return points.slice(-maxDays);
}
