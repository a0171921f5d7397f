import type { GuardEvent, GuardEventsReportBody, ReportBody } from '../../../shared/api/report';

/** An entry of the outbox: its place in the delivery order and the report. */
export interface OutboxEntry {
  readonly seq: number;
  readonly body: ReportBody;
}

/** What a fold does: drop these entries, and put a folded summary in the place of one of them. */
export interface FoldPlan {
  drop: number[];
  replace: { seq: number; body: GuardEventsReportBody } | null;
}

/**
 * Plans a fold for an outbox holding more than `maxEntries` reports, or null when nothing can be
 * folded. Only detailed events fold, oldest first, until the outbox is back at 90% of the limit:
 * - guard events are merged into one guard-events report of counts per guard and action (at the
 *   place of the newest merged one, so delivery order stays intact);
 * - heartbeats are dropped (any later report says the agent was alive).
 * Posture results, sensitive-mode changes, agent-stopped and policy refusals never fold. The first
 * entry never folds either: it may be on the wire right now, and the server must not count it twice.
 * `newId` makes the folded report's id.
 */
export function planFold(entries: readonly OutboxEntry[], maxEntries: number, newId: () => string): FoldPlan | null {
  if (entries.length <= maxEntries) return null;
  const target = Math.floor(maxEntries * 0.9);
  const heartbeats: number[] = [];
  const guards: Array<OutboxEntry & { body: GuardEventsReportBody }> = [];
  const sizeAfter = () => entries.length - heartbeats.length - guards.length + (guards.length > 0 ? 1 : 0);
  for (const entry of entries.slice(1)) {
    if (sizeAfter() <= target) break;
    const body = entry.body;
    switch (body.kind) {
      case 'heartbeat':
        heartbeats.push(entry.seq);
        break;
      case 'guard-events':
        guards.push({ seq: entry.seq, body });
        break;
      case 'posture':
      case 'sensitive-state':
      case 'agent-stopped':
      case 'policy-refused':
        break;
      default: {
        const never: never = body;
        throw new Error(`unknown report kind ${(never as { kind: string }).kind}`);
      }
    }
  }
  // One guard report alone folds into itself: nothing gained, so leave it detailed.
  const merge = guards.length >= 2 ? guards : [];
  if (heartbeats.length === 0 && merge.length === 0) return null;
  const last = merge.at(-1);
  return {
    drop: [...heartbeats, ...merge.slice(0, -1).map((g) => g.seq)].sort((a, b) => a - b),
    replace: last ? { seq: last.seq, body: { ...last.body, reportId: newId(), events: countEvents(merge.flatMap((g) => g.body.events)) } } : null,
  };
}

/** Guard events as counts per guard and action, in order of first occurrence; subjects and findings are dropped. */
export function countEvents(events: readonly GuardEvent[]): GuardEvent[] {
  const byKey = new Map<string, GuardEvent & { count: number }>();
  for (const e of events) {
    const key = `${e.guard}/${e.action}`;
    const seen = byKey.get(key);
    if (seen) seen.count += e.count ?? 1;
    else byKey.set(key, { at: e.at, guard: e.guard, action: e.action, findings: [], count: e.count ?? 1 });
  }
  // The schema's count starts at 2: a lone event stays a plain event (without its details).
  return [...byKey.values()].map(({ count, ...e }) => (count >= 2 ? { ...e, count } : e));
}
