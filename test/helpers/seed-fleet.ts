import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/tables';
import type { CheckResult } from '../../shared/posture/check-result';

/** What seeded workstation `i` looks like; tests derive their expected answers from the same rule. */
export interface SeededWorkstation {
  deviceId: string;
  hostname: string;
  team: number;
  /** 0: fails usb; 1: fails usb and firewall; 2: no posture yet; 3, 4: compliant. */
  kind: 0 | 1 | 2 | 3 | 4;
  lastSeen: number | null;
}

export const SEED_TEAMS = 4;
export const seededTeamId = (team: number) => `00000000-0000-4000-8000-${String(team).padStart(12, '0')}`;

/** Workstation `i` of a seeded fleet (pure; `now` fixes the times). */
export function seeded(i: number, now: number): SeededWorkstation {
  const kind = (i % 5) as SeededWorkstation['kind'];
  return {
    deviceId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    hostname: `ws-${String(i).padStart(6, '0')}`,
    team: i % SEED_TEAMS,
    kind,
    // Distinct times, not in hostname order, so the last-seen order is its own.
    lastSeen: kind === 2 ? null : now - ((i * 7919) % 1_000_003) * 1000,
  };
}

const check = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({ id, status, summary: `${id}: ${status}`, evidence: { seeded: true }, durationMs: 3 });

/**
 * Inserts `n` workstations through Kysely, in one transaction and batches of 500 rows (works on both
 * engines; the failing_checks trigger runs for every row as it would for a report).
 */
export async function seedFleet(db: Kysely<Database>, n: number, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < n; from += 500) {
      const rows = [];
      for (let i = from; i < Math.min(n, from + 500); i++) {
        const w = seeded(i, now);
        const checks =
          w.kind === 2
            ? []
            : [check('disk-encryption', 'pass'), check('usb', w.kind <= 1 ? 'fail' : 'pass'), check('firewall', w.kind === 1 ? 'fail' : 'pass'), check('screen-lock', 'unknown')];
        rows.push({
          device_id: w.deviceId,
          machine_id_hash: createHash('sha256').update(w.deviceId).digest('hex'),
          public_key: 'A'.repeat(43),
          team_id: seededTeamId(w.team),
          site: null,
          token_id: null,
          hostname: w.hostname,
          agent_version: '0.1.0',
          enrolled_at: now - 30 * 86_400_000,
          revoked_at: null,
          os_json: w.kind === 2 ? null : JSON.stringify({ platform: 'linux', release: '6.1.0' }),
          checks_json: JSON.stringify(checks),
          compliant: w.kind === 2 ? null : w.kind <= 1 ? 0 : 1,
          sensitive_changed_at: null,
          stopped_at: null,
          last_seen: w.lastSeen,
          last_posture_at: w.lastSeen,
          stale_after: w.lastSeen === null ? null : w.lastSeen + 30 * 60_000,
          applied_policy_id: w.kind === 4 ? 'seed-policy' : null,
          applied_policy_version: w.kind === 2 ? null : 1,
        });
      }
      await trx.insertInto('workstations').values(rows).execute();
    }
  });
}
