// Times the console's server-side queries over a seeded fleet (default 100,000 workstations, SQLite;
// --engine postgres uses a throwaway cluster): list pages in every order and with filters, the fleet
// summary (with failing-check counts) and the 14-day trend. Prints JSON lines; see docs/PERFORMANCE.md.
//   node --import tsx test/bench/console-queries.ts [--engine sqlite|postgres] [--fleet 100000] [--runs 7]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Engine } from '../../server/db/database';
import { FleetTrendRepository } from '../../server/repositories/fleet-trend-repository';
import { ALL } from '../../server/repositories/scope';
import { WorkstationsRepository, type ListQuery } from '../../server/repositories/workstations-repository';
import { startPostgres } from '../helpers/postgres';
import { seededTeamId, seedFleet } from '../helpers/seed-fleet';
import { openTestDatabase } from '../helpers/server-harness';
import { makeTempDir } from '../helpers/temp-dir';

const { values } = parseArgs({ options: { engine: { type: 'string', default: 'sqlite' }, fleet: { type: 'string', default: '100000' }, runs: { type: 'string', default: '7' } } });
const engine = values.engine as Engine;
const N = Number(values.fleet);
const RUNS = Number(values.runs);

const tmp = makeTempDir();
const cluster = engine === 'postgres' ? await startPostgres() : undefined;
const handle = await openTestDatabase(engine, cluster, tmp.dir);
const now = Date.now();
try {
  const t0 = performance.now();
  await seedFleet(handle.db, N, now);
  await sql`analyze`.execute(handle.db);
  console.log(JSON.stringify({ engine, seeded: N, seedMs: Math.round(performance.now() - t0) }));
  const repo = new WorkstationsRepository(handle.db);
  const trend = new FleetTrendRepository(handle.db, engine);
  const supervisor = { kind: 'teams' as const, teamIds: [seededTeamId(1)] };
  const cases: [string, () => Promise<unknown>][] = [
    ['summary (all, with failing checks)', () => repo.fleetSummary(ALL, now)],
    ['summary (one team of four)', () => repo.fleetSummary(supervisor, now)],
    ['trend 14 days (all)', async () => trend.trend(ALL, 14, (await repo.fleetSummary(ALL, now)).totals, now)],
  ];
  const lists: [string, ListQuery][] = [
    ['list hostname asc', { limit: 100 }],
    ['list hostname desc', { limit: 100, sort: 'hostname', order: 'desc' }],
    ['list lastSeen desc', { limit: 100, sort: 'lastSeen', order: 'desc' }],
    ['list compliance asc', { limit: 100, sort: 'compliance' }],
    ['list failingCheck=firewall, lastSeen desc', { limit: 100, failingCheck: 'firewall', sort: 'lastSeen', order: 'desc' }],
    ['list policyId, hostname', { limit: 100, policyId: 'seed-policy' }],
    ['list failingCheck=antivirus (matches none: full scan)', { limit: 100, failingCheck: 'antivirus' }],
  ];
  for (const [name, query] of lists) cases.push([name, () => repo.list(ALL, query, now)]);
  // A page deep into the lastSeen order: the cursor of page 500.
  let cursor: string | null = null;
  for (let i = 0; i < 500 && N > 50_000; i++) cursor = (await repo.list(ALL, { limit: 100, sort: 'lastSeen', order: 'desc', ...(cursor ? { cursor } : {}) }, now)).nextCursor;
  if (cursor) { const c = cursor; cases.push(['list lastSeen desc, page 501 (cursor)', () => repo.list(ALL, { limit: 100, sort: 'lastSeen', order: 'desc', cursor: c }, now)]); }
  for (const [name, run] of cases) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      await run();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ engine, query: name, medianMs: Number(times[Math.floor(times.length / 2)]!.toFixed(1)), maxMs: Number(times.at(-1)!.toFixed(1)) }));
  }
} finally {
  await handle.close();
  await cluster?.stop();
  tmp.cleanup();
}
