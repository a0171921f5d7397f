import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle, Engine } from '../../../server/db/database';
import { AuditRepository } from '../../../server/repositories/audit-repository';
import { CheckNowRepository } from '../../../server/repositories/check-now-repository';
import { EnrollmentRefusedError, EnrollmentRepository } from '../../../server/repositories/enrollment-repository';
import { PeopleRepository } from '../../../server/repositories/people-repository';
import { InvalidPolicyError, PoliciesRepository, PolicyConflictError } from '../../../server/repositories/policies-repository';
import { ReportsRepository } from '../../../server/repositories/reports-repository';
import { RetentionRepository } from '../../../server/repositories/retention-repository';
import { ALL } from '../../../server/repositories/scope';
import { WorkstationsRepository } from '../../../server/repositories/workstations-repository';
import { canonicalJson } from '../../../shared/envelope/canonical-json';
import type { ReportBody } from '../../../shared/api/report';
import { openTestDatabase } from '../../helpers/server-harness';
import { sampleReport } from '../../helpers/sample-report';
import { makeTempDir } from '../../helpers/temp-dir';
import { engines, useCluster } from './engines';

const cluster = useCluster();
const actor = { id: 'u1', email: 'it@example.test' };
const key = 'A'.repeat(43);

describe.each(engines())('repositories on %s', (engine: Engine) => {
  let handle: DatabaseHandle;
  let tmp: ReturnType<typeof makeTempDir>;
  let enrollment: EnrollmentRepository;
  let reports: ReportsRepository;
  let workstations: WorkstationsRepository;
  let policies: PoliciesRepository;
  let people: PeopleRepository;

  beforeEach(async () => {
    tmp = makeTempDir();
    handle = await openTestDatabase(engine, cluster.current, tmp.dir);
    enrollment = new EnrollmentRepository(handle.db);
    reports = new ReportsRepository(handle.db, engine, handle.sqlite);
    workstations = new WorkstationsRepository(handle.db);
    policies = new PoliciesRepository(handle.db);
    people = new PeopleRepository(handle.db);
  });
  afterEach(async () => {
    await handle.close();
    tmp.cleanup();
  });

  const machine = () => createHash('sha256').update(randomUUID()).digest('hex');
  async function enroll(teamId?: string, now = Date.now()) {
    const t = await enrollment.createToken(teamId ? { teamId, expiresInHours: 1, maxUses: 1 } : { site: 'hq', expiresInHours: 1, maxUses: 1 }, actor, now);
    return enrollment.enroll({ token: t.token, machineIdHash: machine(), publicKey: key, hostname: `desk-${randomUUID().slice(0, 8)}`, agentVersion: '1' }, now);
  }
  const ingest = (body: ReportBody, at = Date.now()) => {
    const text = canonicalJson(body);
    return reports.ingest({ body, canonicalBody: text, bodyHash: createHash('sha256').update(text).digest('hex') }, at);
  };

  describe('enrollment tokens', () => {
    it('stores only a hash, counts uses, and refuses expired, used-up and revoked tokens', async () => {
      const t = await enrollment.createToken({ site: 'hq', expiresInHours: 1, maxUses: 2 }, actor);
      const rows = await handle.db.selectFrom('enrollment_tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(t.token);
      const req = () => ({ token: t.token, machineIdHash: machine(), publicKey: key, hostname: 'h', agentVersion: '1' });
      await enrollment.enroll(req());
      await enrollment.enroll(req());
      await expect(enrollment.enroll(req())).rejects.toThrow(/no uses left/);
      const expired = await enrollment.createToken({ site: 'hq', expiresInHours: 1, maxUses: 5 }, actor, Date.now() - 2 * 3_600_000);
      await expect(enrollment.enroll({ ...req(), token: expired.token })).rejects.toThrow(/expired/);
      const revoked = await enrollment.createToken({ site: 'hq', expiresInHours: 1, maxUses: 5 }, actor);
      expect(await enrollment.revokeToken(revoked.id, actor)).toBe(true);
      await expect(enrollment.enroll({ ...req(), token: revoked.token })).rejects.toBeInstanceOf(EnrollmentRefusedError);
      await expect(enrollment.enroll({ ...req(), token: 'sget_not-a-real-token-at-all' })).rejects.toThrow(/not valid/);
    });

    it('gives each device the team of its token, and revokes an earlier device of the same machine', async () => {
      const team = await people.createTeam({ name: 'Payments', site: 'Lisbon' }, actor);
      const t = await enrollment.createToken({ teamId: team.id, expiresInHours: 1, maxUses: 2 }, actor);
      const m = machine();
      const first = await enrollment.enroll({ token: t.token, machineIdHash: m, publicKey: key, hostname: 'h', agentVersion: '1' });
      const second = await enrollment.enroll({ token: t.token, machineIdHash: m, publicKey: key, hostname: 'h', agentVersion: '1' });
      expect(second).toMatchObject({ teamId: team.id, site: 'Lisbon' });
      expect((await workstations.deviceKey(first.deviceId))?.revoked).toBe(true);
      expect((await workstations.deviceKey(second.deviceId))?.revoked).toBe(false);
    });
  });

  describe('reports and status', () => {
    it('stores once, tells duplicates from conflicts, and keeps the newest posture', async () => {
      const { deviceId } = await enroll();
      const body = sampleReport({ deviceId });
      expect(await ingest(body)).toBe('created');
      expect(await ingest(body)).toBe('duplicate');
      expect(await ingest({ ...body, compliant: true })).toBe('conflict');
      const older = sampleReport({ deviceId, compliant: true, observedAt: new Date(Date.now() - 60_000).toISOString() });
      expect(await ingest(older)).toBe('created');
      expect((await workstations.get(ALL, deviceId))?.compliant).toBe(false);
      expect(await reports.history(deviceId, { limit: 10 })).toHaveLength(2);
    });

    it('gives a batch (concurrent reports) the same outcomes and status as one report at a time', async () => {
      const now = Date.now();
      const at = (ms: number) => new Date(now + ms).toISOString();
      const base = (deviceId: string, ms: number) => ({ reportId: randomUUID(), deviceId, observedAt: at(ms), agentVersion: `v${ms}`, appliedPolicy: { policyId: null, version: 0 } });
      // Several reports per workstation, kinds mixed, a late (older) posture, an in-batch re-send and conflict.
      const sequence = (deviceId: string): ReportBody[] => {
        const first = sampleReport({ ...base(deviceId, 10), compliant: false, hostname: 'first' });
        return [
          first,
          { ...base(deviceId, 20), kind: 'sensitive-state', active: true, trigger: 'window-rule', ruleId: 'pay' },
          sampleReport({ ...base(deviceId, 5), compliant: true, hostname: 'late' }),
          first,
          { ...first, compliant: true },
          { ...base(deviceId, 30), kind: 'agent-stopped', reason: 'quit' },
          { ...base(deviceId, 40), kind: 'heartbeat', sensitiveActive: false, appliedPolicy: { policyId: randomUUID(), version: 3 } },
          sampleReport({ ...base(deviceId, 50), compliant: true, hostname: 'newest' }),
          { ...base(deviceId, 45), kind: 'sensitive-state', active: true, trigger: 'window-rule', ruleId: 'pay' },
        ];
      };
      const one = await enroll();
      const batched = await enroll();
      const oneByOne: string[] = [];
      for (const body of sequence(one.deviceId)) oneByOne.push(await ingest(body, now));
      const together = await Promise.all(sequence(batched.deviceId).map((body) => ingest(body, now)));
      expect(oneByOne).toEqual(['created', 'created', 'created', 'duplicate', 'conflict', 'created', 'created', 'created', 'created']);
      expect(together).toEqual(oneByOne);
      const strip = (w: Awaited<ReturnType<typeof workstations.get>>) => {
        const { deviceId: _d, hostname: _h, machineIdHash: _m, enrolledAt: _e, ...rest } = (w ?? {}) as Record<string, unknown>;
        return rest;
      };
      const a = await workstations.get(ALL, one.deviceId, now);
      const b = await workstations.get(ALL, batched.deviceId, now);
      expect(b?.hostname).toBe(a?.hostname);
      expect(strip(b)).toEqual(strip(a));
      expect(a).toMatchObject({ hostname: 'newest', compliant: true, sensitiveActive: true, state: 'reporting' });
    });

    it('gives a batch of many workstations (one report each) the same outcomes and status as one at a time', async () => {
      const now = Date.now();
      const at = (ms: number) => new Date(now + ms).toISOString();
      const base = (deviceId: string, ms: number) => ({ reportId: randomUUID(), deviceId, observedAt: at(ms), agentVersion: `v${ms}`, appliedPolicy: { policyId: null, version: 0 } });
      // Each workstation first gets a stored posture; then one more report each, all in one batch:
      // new of every kind, a late (older) posture, a re-send and a conflict of the stored report,
      // and a report whose id another workstation already used.
      const stored = (deviceId: string) => sampleReport({ ...base(deviceId, 10), compliant: false, hostname: 'first', checks: [{ id: 'usb', status: 'fail', summary: 'x', evidence: {}, durationMs: 1 }] });
      const scenarios: ((deviceId: string, first: ReportBody, other: ReportBody) => ReportBody)[] = [
        (d) => sampleReport({ ...base(d, 50), compliant: true, hostname: 'newest', checks: [] }),
        (d) => sampleReport({ ...base(d, 5), compliant: true, hostname: 'late' }),
        (d) => ({ ...base(d, 20), kind: 'sensitive-state', active: true, trigger: 'window-rule', ruleId: 'pay' }),
        (d) => ({ ...base(d, 30), kind: 'agent-stopped', reason: 'quit' }),
        (d) => ({ ...base(d, 40), kind: 'heartbeat', sensitiveActive: false, appliedPolicy: { policyId: '00000000-0000-4000-8000-000000000001', version: 3 } }),
        (d) => ({ ...base(d, 40), kind: 'guard-events', events: [{ at: at(1), guard: 'clipboard', action: 'scrubbed', findings: [] }] }),
        (_d, first) => first,
        (_d, first) => ({ ...first, compliant: true }) as ReportBody,
        (d, _first, other) => ({ ...sampleReport({ ...base(d, 60) }), reportId: other.reportId }),
      ];
      const pairs = await Promise.all(scenarios.map(async () => ({ one: (await enroll()).deviceId, batched: (await enroll()).deviceId })));
      const firsts = new Map<string, ReportBody>();
      for (const { one, batched } of pairs) {
        for (const d of [one, batched]) {
          const first = stored(d);
          firsts.set(d, first);
          expect(await ingest(first, now)).toBe('created');
        }
      }
      // "Another workstation's id": the stored report of the next pair's workstation (same side).
      const next = (i: number, side: 'one' | 'batched') => firsts.get(pairs[(i + 1) % pairs.length]![side])!;
      const oneByOne: string[] = [];
      for (const [i, make] of scenarios.entries()) oneByOne.push(await ingest(make(pairs[i]!.one, firsts.get(pairs[i]!.one)!, next(i, 'one')), now));
      const together = await Promise.all(scenarios.map((make, i) => ingest(make(pairs[i]!.batched, firsts.get(pairs[i]!.batched)!, next(i, 'batched')), now)));
      expect(oneByOne).toEqual(['created', 'created', 'created', 'created', 'created', 'created', 'duplicate', 'conflict', 'conflict']);
      expect(together).toEqual(oneByOne);
      const strip = (w: Awaited<ReturnType<typeof workstations.get>>) => {
        const { deviceId: _d, hostname: _h, machineIdHash: _m, enrolledAt: _e, ...rest } = (w ?? {}) as Record<string, unknown>;
        return rest;
      };
      for (const { one, batched } of pairs) {
        const a = await workstations.get(ALL, one, now);
        const b = await workstations.get(ALL, batched, now);
        expect(b?.hostname).toBe(a?.hostname);
        expect(strip(b)).toEqual(strip(a));
      }
      expect(await workstations.get(ALL, pairs[0]!.batched, now)).toMatchObject({ hostname: 'newest', compliant: true });
      expect(await workstations.get(ALL, pairs[1]!.batched, now)).toMatchObject({ hostname: 'first', compliant: false });
      expect((await workstations.fleetSummary(ALL, now)).failingChecks).toMatchObject({ usb: 2 * (scenarios.length - 1) });
    });

    it('derives reporting, stale, stopped, sensitive and revoked states', async () => {
      const now = Date.now();
      const a = await enroll();
      const b = await enroll();
      const c = await enroll();
      expect((await workstations.get(ALL, a.deviceId, now))?.state).toBe('enrolled');
      await ingest(sampleReport({ deviceId: a.deviceId }), now);
      await ingest(sampleReport({ deviceId: b.deviceId }), now - 60 * 60_000);
      const base = { reportId: randomUUID(), deviceId: c.deviceId, observedAt: new Date(now).toISOString(), agentVersion: '1', appliedPolicy: { policyId: null, version: 0 } };
      await ingest({ ...base, kind: 'sensitive-state', active: true, trigger: 'window-rule', ruleId: 'pay' }, now);
      expect((await workstations.get(ALL, c.deviceId, now))?.sensitiveActive).toBe(true);
      await ingest({ ...base, reportId: randomUUID(), observedAt: new Date(now + 1).toISOString(), kind: 'agent-stopped', reason: 'quit' }, now);
      expect(await workstations.get(ALL, a.deviceId, now)).toMatchObject({ state: 'reporting' });
      expect(await workstations.get(ALL, b.deviceId, now)).toMatchObject({ state: 'stale' });
      expect(await workstations.get(ALL, c.deviceId, now)).toMatchObject({ state: 'stopped', sensitiveActive: false });
      await ingest({ ...base, reportId: randomUUID(), observedAt: new Date(now + 2).toISOString(), kind: 'heartbeat', sensitiveActive: false }, now);
      expect(await workstations.get(ALL, c.deviceId, now)).toMatchObject({ state: 'reporting' });
      await workstations.revoke(a.deviceId, actor);
      const summary = await workstations.fleetSummary(ALL, now);
      expect(summary.totals).toMatchObject({ total: 2, revoked: 1, stale: 1, nonCompliant: 1, unknown: 1 });
      const stale = await workstations.list(ALL, { limit: 10, state: 'stale' }, now);
      expect(stale.items.map((w) => w.deviceId)).toEqual([b.deviceId]);
    });

    it('pages by hostname with a cursor', async () => {
      for (let i = 0; i < 5; i++) await enroll();
      const first = await workstations.list(ALL, { limit: 2 });
      const second = await workstations.list(ALL, { limit: 2, cursor: first.nextCursor ?? '' });
      const third = await workstations.list(ALL, { limit: 2, cursor: second.nextCursor ?? '' });
      const names = [...first.items, ...second.items, ...third.items].map((w) => w.hostname);
      expect(names).toEqual([...names].sort());
      expect(new Set(names).size).toBe(5);
      expect(third.nextCursor).toBeNull();
    });

    it('limits supervisors to their teams in lists, details and counts', async () => {
      const mine = await people.createTeam({ name: 'Mine', site: null }, actor);
      const other = await people.createTeam({ name: 'Other', site: null }, actor);
      const a = await enroll(mine.id);
      const b = await enroll(other.id);
      await enroll();
      const scope = { kind: 'teams' as const, teamIds: [mine.id] };
      expect((await workstations.list(scope, { limit: 10 })).items.map((w) => w.deviceId)).toEqual([a.deviceId]);
      expect(await workstations.get(scope, b.deviceId)).toBeUndefined();
      expect((await workstations.fleetSummary(scope)).totals.total).toBe(1);
      expect((await workstations.list({ kind: 'teams', teamIds: [] }, { limit: 10 })).items).toHaveLength(0);
    });

    it('deletes one workstation with all its data, and audits it', async () => {
      const { deviceId } = await enroll();
      await ingest(sampleReport({ deviceId }));
      expect(await workstations.delete(deviceId, actor)).toBe(true);
      expect(await workstations.get(ALL, deviceId)).toBeUndefined();
      expect(await reports.history(deviceId, { limit: 10 })).toHaveLength(0);
      const audit = await new AuditRepository(handle.db).list({ limit: 10, action: 'workstation.delete' });
      expect(audit[0]).toMatchObject({ actorEmail: actor.email, targetId: deviceId });
    });
  });

  describe('policies', () => {
    it('refuses invalid documents, naming the field', async () => {
      await expect(policies.create('Bad', { reportIntervalMinutes: 0 }, actor)).rejects.toMatchObject({ name: 'InvalidPolicyError', field: 'document.reportIntervalMinutes' });
      const { id } = await policies.create('Good', {}, actor);
      await expect(policies.addVersion(id, { clipboard: { mode: 'shred' } }, actor)).rejects.toBeInstanceOf(InvalidPolicyError);
    });

    it('publishes drafts once, only upwards, and resolves team, default and rollout', async () => {
      const team = await people.createTeam({ name: 'Pilot', site: null }, actor);
      const { id } = await policies.create('Base', { reportIntervalMinutes: 5 }, actor);
      const device = await enroll(team.id);
      const other = await enroll();
      expect(await policies.effectiveFor(device.deviceId)).toBeUndefined();
      await policies.publish(id, 1, { stage: 'all' }, actor);
      await expect(policies.publish(id, 1, { stage: 'all' }, actor)).rejects.toBeInstanceOf(PolicyConflictError);
      await policies.setDefault(id, actor);
      expect(await policies.effectiveFor(other.deviceId)).toMatchObject({ policyId: id, version: 1 });
      const v2 = await policies.addVersion(id, { reportIntervalMinutes: 7 }, actor);
      const v3 = await policies.addVersion(id, { reportIntervalMinutes: 9 }, actor);
      await policies.publish(id, v3, { stage: 'devices', deviceIds: [device.deviceId] }, actor);
      await expect(policies.publish(id, v2, { stage: 'all' }, actor)).rejects.toThrow(/already published/);
      expect(await policies.effectiveFor(device.deviceId)).toMatchObject({ version: 3, document: { version: 3, reportIntervalMinutes: 9 } });
      expect(await policies.effectiveFor(other.deviceId)).toMatchObject({ version: 1 });
      await policies.updateRollout(id, v3, { stage: 'all' }, actor);
      expect(await policies.effectiveFor(other.deviceId)).toMatchObject({ version: 3 });
      const { id: teamPolicy } = await policies.create('Team', {}, actor);
      await policies.publish(teamPolicy, 1, { stage: 'all' }, actor);
      await policies.assignToTeam(team.id, teamPolicy, actor);
      expect(await policies.effectiveFor(device.deviceId)).toMatchObject({ policyId: teamPolicy, version: 1 });
      const listed = await policies.list();
      expect(listed.find((p) => p.id === teamPolicy)?.teamIds).toEqual([team.id]);
    });
  });

  describe('people', () => {
    it('keeps sessions server-side, ends them on role change, and counts login failures', async () => {
      const id = await people.createUser({ email: 'Sup@Example.test', password: 'a long enough password', role: 'supervisor', teamIds: [] }, actor);
      expect(await people.authenticate('sup@example.test', 'wrong password!!')).toBeNull();
      const user = await people.authenticate('sup@example.test', 'a long enough password');
      expect(user).toMatchObject({ id, role: 'supervisor' });
      const { cookie } = await people.createSession(user!, 60_000);
      expect(await people.session(cookie)).toMatchObject({ user: { id } });
      await people.updateUser(id, { role: 'auditor' }, actor);
      expect(await people.session(cookie)).toBeUndefined();
      for (let i = 0; i < 3; i++) await people.recordLoginFailure('email:x');
      expect(await people.loginFailures('email:x')).toBe(3);
      expect(await people.loginFailures('email:x', Date.now() + 16 * 60_000)).toBe(0);
    });
  });

  describe('check-now and retention', () => {
    it('delivers each check-now request once', async () => {
      const { deviceId } = await enroll();
      const repo = new CheckNowRepository(handle.db);
      const { requestId, deviceIds } = await repo.create({ deviceIds: [deviceId] }, ALL, actor);
      expect(deviceIds).toEqual([deviceId]);
      expect(await repo.take(deviceId)).toEqual([expect.objectContaining({ requestId })]);
      expect(await repo.take(deviceId)).toEqual([]);
    });

    it('folds old reports into daily aggregates and prunes them', async () => {
      const { deviceId } = await enroll();
      const old = Date.parse('2020-03-04T10:00:00Z');
      await ingest(sampleReport({ deviceId, compliant: true }), old);
      await ingest(sampleReport({ deviceId, compliant: false }), old + 1000);
      await ingest(sampleReport({ deviceId }), Date.now());
      const retention = new RetentionRepository(handle.db, engine);
      await retention.update({ reportDays: 30, auditDays: 365 }, actor);
      expect(await retention.prune()).toMatchObject({ reportsPruned: 2 });
      expect(await retention.prune()).toMatchObject({ reportsPruned: 0 });
      expect(await reports.history(deviceId, { limit: 10 })).toHaveLength(1);
      expect(await reports.dailyAggregates(deviceId)).toEqual([{ day: '2020-03-04', posture: 2, compliantPosture: 1, sensitiveChanges: 0, guardEvents: 0, heartbeats: 0, stops: 0 }]);
    });
  });
});
