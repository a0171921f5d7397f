import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../../shared/policy/schema';
import { CheckResultSchema } from '../../../../shared/posture/check-result';
import type { PostureCheck } from '../../../../electron/agent/posture/check-context';
import { checkNow, PostureService } from '../../../../electron/agent/posture/check-now';
import { PostureStateStore } from '../../../../electron/agent/posture/posture-state-store';
import { ALL_CHECKS, runChecks } from '../../../../electron/agent/posture/run-checks';
import { fakeContext, fakeRunner } from './helpers';

const check = (id: PostureCheck['id'], run: PostureCheck['run']): PostureCheck => ({ id, run });
const passing = (id: PostureCheck['id']) => check(id, async () => ({ status: 'pass', summary: 'ok', evidence: {} }));

describe('runChecks', () => {
  it('a hanging check becomes an error at its deadline while the others still report', async () => {
    const hanging = check('antivirus', () => new Promise(() => undefined));
    const throwing = check('usb', async () => {
      throw new TypeError('boom');
    });
    const results = await runChecks(fakeContext('linux', fakeRunner({})), [passing('firewall'), hanging, throwing], { timeoutMs: 200 });
    expect(results.map((r) => [r.id, r.status, r.evidence.error ?? null])).toEqual([
      ['firewall', 'pass', null],
      ['antivirus', 'error', 'CheckTimeoutError'],
      ['usb', 'error', 'TypeError'],
    ]);
    for (const r of results) expect(CheckResultSchema.safeParse(r).success).toBe(true);
  });
  it('checks start together (parallel), and "off" controls are not run', async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const waiting = (id: PostureCheck['id']) =>
      check(id, async () => {
        started.push(id);
        if (started.length === 2) release();
        await gate;
        return { status: 'pass', summary: 'ok', evidence: {} };
      });
    const policy = PolicySchema.parse({ posture: { screenLock: { mode: 'off' } } });
    const results = await runChecks(fakeContext('linux', fakeRunner({}), undefined, { policy }), [waiting('firewall'), waiting('usb'), passing('screen-lock')]);
    expect(results.map((r) => r.id)).toEqual(['firewall', 'usb']);
  });
  it('ALL_CHECKS has one check per id', () => {
    expect(ALL_CHECKS.map((c) => c.id)).toEqual(['disk-encryption', 'antivirus', 'usb', 'os-patches', 'firewall', 'screen-lock']);
  });
});

describe('check now with a persisted grace store', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the first-failure time in the state file across runs, then blocks after the grace period', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sg-posture-'));
    const policy = PolicySchema.parse({ posture: { firewall: { graceHours: 2 } } });
    const failing = check('firewall', async () => ({ status: 'fail', summary: 'off', evidence: {} }));
    let now = new Date('2026-06-01T08:00:00Z');
    const ctx = () => fakeContext('linux', fakeRunner({}), undefined, { policy, now: () => now });
    const first = await checkNow(ctx(), PostureStateStore.inDir(dir), { checks: [failing] });
    expect(first.checks[0]).toMatchObject({ judgement: 'grace', graceRemainingMinutes: 120 });
    expect(first.compliant).toBe(true);
    const saved = JSON.parse(await readFile(path.join(dir, 'posture-state.json'), 'utf8'));
    expect(saved.grace.firstFailure.firewall).toBe('2026-06-01T08:00:00.000Z');
    now = new Date('2026-06-01T10:30:00Z');
    const second = await checkNow(ctx(), PostureStateStore.inDir(dir), { checks: [failing] });
    expect(second.checks[0]).toMatchObject({ judgement: 'blocking', firstFailedAt: '2026-06-01T08:00:00.000Z' });
    expect(second.compliant).toBe(false);
  });
  it('a corrupt state file starts fresh; an unwritable one is a warning, not a failed check', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sg-posture-'));
    const store = new PostureStateStore(path.join(dir, 'posture-state.json'));
    await import('node:fs/promises').then((fs) => fs.writeFile(store.file, '{not json'));
    const a = await checkNow(fakeContext('linux', fakeRunner({})), store, { checks: [passing('usb')] });
    expect(a.checks[0]?.status).toBe('pass');
    const blocked = new PostureStateStore(path.join(dir, 'posture-state.json', 'nested', 'x.json'));
    const b = await checkNow(fakeContext('linux', fakeRunner({})), blocked, { checks: [check('usb', async () => ({ status: 'fail', summary: 'x', evidence: {} }))] });
    expect(b.warnings[0]).toMatch(/posture state not saved/);
  });
  it('"check now" while a run is under way joins that run', async () => {
    let runs = 0;
    const slow = check('usb', async () => {
      runs += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { status: 'pass', summary: 'ok', evidence: {} };
    });
    const service = new PostureService(() => fakeContext('linux', fakeRunner({})), undefined, [slow]);
    const [a, b] = await Promise.all([service.checkNow(), service.checkNow()]);
    expect(a).toBe(b);
    expect(runs).toBe(1);
    await service.checkNow();
    expect(runs).toBe(2);
    expect(service.last?.checks[0]?.id).toBe('usb');
  });
});
