import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database';
import { ALL } from '../../../server/repositories/scope';
import { WorkstationsRepository, type ListQuery } from '../../../server/repositories/workstations-repository';
import type { WorkstationSummary } from '../../../shared/api/workstations';
import { SEED_TEAMS, seeded, seededTeamId, seedFleet, type SeededWorkstation } from '../../helpers/seed-fleet';
import { makeTempDir } from '../../helpers/temp-dir';

// 100,000 workstations in SQLite: the list pages, sorts and filters them correctly and the summary
// counts them exactly. No timing here: test/bench/console-queries.ts measures (docs/PERFORMANCE.md).
const N = 100_000;
const now = Date.UTC(2030, 0, 1);
const all: SeededWorkstation[] = Array.from({ length: N }, (_, i) => seeded(i, now));
const byHost = (a: SeededWorkstation, b: SeededWorkstation) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0);

describe('a fleet of 100,000 workstations (SQLite)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let handle: DatabaseHandle;
  let repo: WorkstationsRepository;

  beforeAll(async () => {
    tmp = makeTempDir();
    handle = await openDatabase({ dataDir: tmp.dir, databaseUrl: undefined });
    await seedFleet(handle.db, N, now);
    await sql`analyze`.execute(handle.db);
    repo = new WorkstationsRepository(handle.db);
  }, 120_000);
  afterAll(async () => {
    await handle.close();
    tmp.cleanup();
  });

  const hosts = (items: WorkstationSummary[]) => items.map((w) => w.hostname);
  async function pages(query: Omit<ListQuery, 'cursor'>, scope = ALL): Promise<WorkstationSummary[]> {
    const items: WorkstationSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: WorkstationSummary[]; nextCursor: string | null } = await repo.list(scope, { ...query, ...(cursor ? { cursor } : {}) }, now);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('counts the fleet, each team and each failing check exactly', async () => {
    const s = await repo.fleetSummary(ALL, now);
    expect(s.totals).toMatchObject({ total: N, compliant: 0.4 * N, nonCompliant: 0.4 * N, unknown: 0.2 * N, revoked: 0 });
    expect(s.failingChecks).toEqual({ 'disk-encryption': 0, antivirus: 0, usb: 0.4 * N, 'os-patches': 0, firewall: 0.2 * N, 'screen-lock': 0 });
    expect(s.byTeam).toHaveLength(SEED_TEAMS);
    const team = await repo.fleetSummary({ kind: 'teams', teamIds: [seededTeamId(1)] }, now);
    expect(team.totals.total).toBe(N / SEED_TEAMS);
    expect(team.failingChecks.firewall).toBe(all.filter((w) => w.team === 1 && w.kind === 1).length);
  });

  it('answers the first and last pages of each order', async () => {
    const first = (query: Omit<ListQuery, 'limit'>) => repo.list(ALL, { ...query, limit: 50 }, now).then((p) => hosts(p.items));
    expect(await first({})).toEqual(all.slice(0, 50).map((w) => w.hostname));
    expect(await first({ sort: 'hostname', order: 'desc' })).toEqual(all.slice(-50).reverse().map((w) => w.hostname));
    const bySeen = [...all].sort((a, b) => (a.lastSeen ?? 0) - (b.lastSeen ?? 0) || (a.deviceId < b.deviceId ? -1 : 1));
    expect(await first({ sort: 'lastSeen', order: 'desc' })).toEqual(bySeen.slice(-50).reverse().map((w) => w.hostname));
    expect(await first({ sort: 'lastSeen' })).toEqual(bySeen.slice(0, 50).map((w) => w.hostname));
    const rank = (w: SeededWorkstation) => (w.kind <= 1 ? 0 : w.kind === 2 ? 1 : 2);
    const byCompliance = [...all].sort((a, b) => rank(a) - rank(b) || byHost(a, b));
    expect(await first({ sort: 'compliance' })).toEqual(byCompliance.slice(0, 50).map((w) => w.hostname));
    expect(await first({ sort: 'compliance', order: 'desc' })).toEqual(byCompliance.slice(-50).reverse().map((w) => w.hostname));
  });

  it('walks a whole filtered, sorted set by cursor without gaps or repeats', async () => {
    const firewall = await pages({ failingCheck: 'firewall', sort: 'lastSeen', order: 'desc', limit: 1000 });
    const expected = all.filter((w) => w.kind === 1).sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0) || (a.deviceId < b.deviceId ? 1 : -1));
    expect(firewall.map((w) => w.deviceId)).toEqual(expected.map((w) => w.deviceId));

    const scope = { kind: 'teams' as const, teamIds: [seededTeamId(2)] };
    const policy = await pages({ policyId: 'seed-policy', sort: 'compliance', limit: 700 }, scope);
    expect(hosts(policy)).toEqual(all.filter((w) => w.kind === 4 && w.team === 2).sort(byHost).map((w) => w.hostname));

    const prefix = await pages({ q: 'ws-0123', failingCheck: 'usb', compliant: 'false', limit: 7 });
    expect(hosts(prefix)).toEqual(all.filter((w) => w.hostname.startsWith('ws-0123') && w.kind <= 1).map((w) => w.hostname));
  });

  it('reads each order from an index, not by sorting the table', async () => {
    // The exact SQL the repository sends, asked for its plan: no "USE TEMP B-TREE FOR ORDER BY".
    for (const sort of ['hostname', 'lastSeen', 'compliance'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const compiled = (await captureSql(handle, () => repo.list(ALL, { sort, order, limit: 50 }, now)))[0];
        if (!compiled) throw new Error('no query captured');
        const plan = await handle.db.executeQuery(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
        const text = JSON.stringify(plan.rows);
        expect(text, `${sort} ${order}`).toMatch(/USING INDEX workstations_(hostname|last_seen|compliance)_idx/);
        expect(text, `${sort} ${order}`).not.toContain('TEMP B-TREE');
      }
    }
  });
});

/** The SQL statements a call sends (the executor's executeQuery wrapped for the call). */
async function captureSql(handle: DatabaseHandle, run: () => Promise<unknown>): Promise<{ sql: string; parameters: readonly unknown[] }[]> {
  const seen: { sql: string; parameters: readonly unknown[] }[] = [];
  const executor = handle.db.getExecutor();
  const original = executor.executeQuery.bind(executor);
  executor.executeQuery = ((compiled: { sql: string; parameters: readonly unknown[] }, ...rest: unknown[]) => {
    seen.push({ sql: compiled.sql, parameters: compiled.parameters });
    return (original as (...a: unknown[]) => Promise<never>)(compiled, ...rest);
  }) as typeof executor.executeQuery;
  try {
    await run();
  } finally {
    executor.executeQuery = original;
  }
  return seen;
}
