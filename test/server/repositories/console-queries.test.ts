import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Engine } from '../../../server/db/database';
import { EnrollmentRepository } from '../../../server/repositories/enrollment-repository';
import { FleetTrendRepository } from '../../../server/repositories/fleet-trend-repository';
import { PeopleRepository } from '../../../server/repositories/people-repository';
import { ReportsRepository } from '../../../server/repositories/reports-repository';
import { RetentionRepository } from '../../../server/repositories/retention-repository';
import { ALL } from '../../../server/repositories/scope';
import { WorkstationsRepository, type ListQuery } from '../../../server/repositories/workstations-repository';
import type { ReportBody } from '../../../shared/api/report';
import type { WorkstationSummary } from '../../../shared/api/workstations';
import { canonicalJson } from '../../../shared/envelope/canonical-json';
import type { CheckResult } from '../../../shared/posture/check-result';
import { sampleReport } from '../../helpers/sample-report';
import { openTestDatabase } from '../../helpers/server-harness';
import { makeTempDir } from '../../helpers/temp-dir';
import { engines, useCluster } from './engines';

const cluster = useCluster();
const actor = { id: 'u1', email: 'it@example.test' };
const DAY = 86_400_000;

const check = (id: CheckResult['id'], status: CheckResult['status']): CheckResult => ({ id, status, summary: `${id} ${status}`, evidence: {}, durationMs: 1, ...(status === 'pass' ? {} : { remediation: 'fix it' }) });

describe.each(engines())('console queries on %s', (engine: Engine) => {
  let handle: DatabaseHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  let enrollment: EnrollmentRepository;
  let reports: ReportsRepository;
  let workstations: WorkstationsRepository;

  beforeEach(async () => {
    tmp = makeTempDir();
    handle = await openTestDatabase(engine, cluster.current, tmp.dir);
    enrollment = new EnrollmentRepository(handle.db);
    reports = new ReportsRepository(handle.db, engine);
    workstations = new WorkstationsRepository(handle.db);
  });
  afterEach(async () => {
    await handle.close();
    tmp.cleanup();
  });

  async function enroll(hostname: string, teamId?: string, now = Date.now()) {
    const t = await enrollment.createToken(teamId ? { teamId, expiresInHours: 1, maxUses: 1 } : { site: 'hq', expiresInHours: 1, maxUses: 1 }, actor, now);
    const machine = createHash('sha256').update(randomUUID()).digest('hex');
    return enrollment.enroll({ token: t.token, machineIdHash: machine, publicKey: 'A'.repeat(43), hostname, agentVersion: '1' }, now);
  }
  const ingest = (body: ReportBody, at = Date.now()) => {
    const text = canonicalJson(body);
    return reports.ingest({ body, canonicalBody: text, bodyHash: createHash('sha256').update(text).digest('hex') }, at);
  };
  const posture = (deviceId: string, hostname: string, checks: CheckResult[], at: number, policyId: string | null = null) =>
    ingest(sampleReport({ deviceId, hostname, checks, compliant: checks.every((c) => c.status === 'pass'), observedAt: new Date(at).toISOString(), appliedPolicy: { policyId, version: policyId ? 1 : 0 } }), at);

  /** Every page of a query, following the cursor. */
  async function all(query: Omit<ListQuery, 'limit' | 'cursor'>, limit = 2): Promise<WorkstationSummary[]> {
    const items: WorkstationSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: WorkstationSummary[]; nextCursor: string | null } = await workstations.list(ALL, { ...query, limit, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('sorts by hostname, last seen and compliance in both directions, paging with a cursor', async () => {
    const now = Date.now();
    const policy = randomUUID();
    const a = await enroll('alpha');
    const b = await enroll('bravo');
    const c = await enroll('charlie');
    const d = await enroll('delta');
    await enroll('echo'); // never reports
    await posture(a.deviceId, 'alpha', [check('firewall', 'pass')], now - 3000);
    await posture(b.deviceId, 'bravo', [check('firewall', 'fail'), check('usb', 'fail')], now - 1000, policy);
    await posture(c.deviceId, 'charlie', [check('firewall', 'pass'), check('usb', 'fail')], now - 2000, policy);
    await posture(d.deviceId, 'delta', [check('firewall', 'pass')], now - 4000);

    const names = (items: WorkstationSummary[]) => items.map((w) => w.hostname);
    expect(names(await all({}))).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(names(await all({ sort: 'hostname', order: 'desc' }))).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha']);
    expect(names(await all({ sort: 'lastSeen', order: 'desc' }))).toEqual(['bravo', 'charlie', 'alpha', 'delta', 'echo']);
    expect(names(await all({ sort: 'lastSeen', order: 'asc' }))).toEqual(['echo', 'delta', 'alpha', 'charlie', 'bravo']);
    // Non-compliant, then no verdict, then compliant; hostname within each.
    expect(names(await all({ sort: 'compliance' }))).toEqual(['bravo', 'charlie', 'echo', 'alpha', 'delta']);
    expect(names(await all({ sort: 'compliance', order: 'desc' }))).toEqual(['delta', 'alpha', 'echo', 'charlie', 'bravo']);

    expect(names(await all({ failingCheck: 'usb' }))).toEqual(['bravo', 'charlie']);
    expect(names(await all({ failingCheck: 'firewall' }))).toEqual(['bravo']);
    expect(names(await all({ failingCheck: 'antivirus' }))).toEqual([]);
    expect(names(await all({ policyId: policy, sort: 'lastSeen', order: 'desc' }, 1))).toEqual(['bravo', 'charlie']);

    const summary = await workstations.fleetSummary(ALL, now);
    expect(summary.failingChecks).toEqual({ 'disk-encryption': 0, antivirus: 0, usb: 2, 'os-patches': 0, firewall: 1, 'screen-lock': 0 });

    // A newer posture report moves the workstation out of the failing set.
    await posture(b.deviceId, 'bravo', [check('firewall', 'pass'), check('usb', 'pass')], now);
    expect(names(await all({ failingCheck: 'usb' }))).toEqual(['charlie']);
    expect((await workstations.fleetSummary(ALL, now)).failingChecks).toMatchObject({ usb: 1, firewall: 0 });
    // A revoked workstation is not counted.
    await workstations.revoke(c.deviceId, actor);
    expect((await workstations.fleetSummary(ALL, now)).failingChecks).toMatchObject({ usb: 0 });
  });

  it('ignores a cursor of another shape instead of failing', async () => {
    await enroll('alpha');
    const page = await workstations.list(ALL, { limit: 5, sort: 'compliance', cursor: Buffer.from('["x","y"]').toString('base64url') });
    expect(page.items).toHaveLength(1);
  });

  it('draws the trend from reports, daily aggregates and the current state, per scope', async () => {
    const people = new PeopleRepository(handle.db);
    const mine = await people.createTeam({ name: 'Mine', site: null }, actor);
    const other = await people.createTeam({ name: 'Other', site: null }, actor);
    const now = Date.UTC(2030, 0, 20, 12);
    const long = now - 200 * DAY;
    const a = await enroll('alpha', mine.id, long);
    const b = await enroll('bravo', mine.id, long);
    const c = await enroll('charlie', other.id, long);
    const late = await enroll('delta', mine.id, now - 2 * DAY); // exists from two days ago
    // Three days ago: a compliant all day, b compliant then not, c (other team) non-compliant.
    const d3 = now - 3 * DAY;
    await posture(a.deviceId, 'alpha', [check('usb', 'pass')], d3);
    await posture(b.deviceId, 'bravo', [check('usb', 'pass')], d3);
    await posture(b.deviceId, 'bravo', [check('usb', 'fail')], d3 + 60_000);
    // Its failing check's evidence happens to say "compliant": true; the report is still non-compliant.
    await posture(c.deviceId, 'charlie', [{ ...check('usb', 'fail'), evidence: { compliant: true, devices: [] } }], d3);
    // Yesterday: only a heartbeat from a (seen, no verdict); b silent; delta compliant.
    const d1 = now - DAY;
    await ingest({ reportId: randomUUID(), deviceId: a.deviceId, observedAt: new Date(d1).toISOString(), agentVersion: '1', appliedPolicy: { policyId: null, version: 0 }, kind: 'heartbeat', sensitiveActive: false }, d1);
    await posture(late.deviceId, 'delta', [check('usb', 'pass')], d1);
    // Today (the current state): a's and b's latest verdicts are the ones above.

    const trend = new FleetTrendRepository(handle.db, engine);
    const scope = { kind: 'teams' as const, teamIds: [mine.id] };
    const today = (await workstations.fleetSummary(scope, now)).totals;
    const days = await trend.trend(scope, 5, today, now);
    expect(days.map((d) => d.day)).toEqual(['2030-01-16', '2030-01-17', '2030-01-18', '2030-01-19', '2030-01-20']);
    expect(days[0]).toEqual({ day: '2030-01-16', total: 2, compliant: 0, nonCompliant: 0, unknown: 2, stale: 2 });
    expect(days[1]).toEqual({ day: '2030-01-17', total: 2, compliant: 1, nonCompliant: 1, unknown: 0, stale: 0 });
    expect(days[2]).toEqual({ day: '2030-01-18', total: 3, compliant: 0, nonCompliant: 0, unknown: 3, stale: 3 });
    expect(days[3]).toEqual({ day: '2030-01-19', total: 3, compliant: 1, nonCompliant: 0, unknown: 2, stale: 1 });
    expect(days[4]).toMatchObject({ day: '2030-01-20', total: 3, compliant: 2, nonCompliant: 1 });

    const wholeBefore = await trend.trend(ALL, 5, (await workstations.fleetSummary(ALL, now)).totals, now);
    expect(wholeBefore[1]).toEqual({ day: '2030-01-17', total: 3, compliant: 1, nonCompliant: 2, unknown: 0, stale: 0 });

    // Retention folds the old reports into daily aggregates; the trend of those days stays the same.
    await new RetentionRepository(handle.db, engine).update({ reportDays: 2, auditDays: 365 }, actor, now);
    const pruned = await new RetentionRepository(handle.db, engine).prune(now);
    expect(pruned.reportsPruned).toBeGreaterThan(0);
    const after = await trend.trend(scope, 5, today, now);
    expect(after).toEqual(days);
    // The whole fleet sees the other team too.
    const whole = await trend.trend(ALL, 5, (await workstations.fleetSummary(ALL, now)).totals, now);
    expect(whole[1]).toEqual({ day: '2030-01-17', total: 3, compliant: 1, nonCompliant: 2, unknown: 0, stale: 0 });
    expect(await trend.trend({ kind: 'teams', teamIds: [] }, 3, today, now)).toMatchObject([{ total: 0 }, { total: 0 }, {}]);
  });
});
