import { describe, expect, it } from 'vitest';
import { checkNow } from '../../../electron/agent/posture/check-now';
import { PostureStateStore } from '../../../electron/agent/posture/posture-state-store';
import { createDesktopGuards } from '../../helpers/desktop-guards';
import { makeTempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/poll';
import type { PostureCheck } from '../../../electron/agent/posture/check-context';
import { localCheckContext } from '../../../electron/agent/posture/local-context';
import { DesktopEngine } from '../../../electron/main/engine/desktop-engine';
import type { DesktopSync } from '../../../electron/main/engine/desktop-sync';
import { createDesktopSync } from '../../helpers/desktop-sync';
import { MemoryStore } from '../../../electron/main/store/key-value-store';
import { PolicySchema } from '../../../shared/policy/schema';

const check: PostureCheck = { id: 'firewall', run: async () => ({ status: 'fail', summary: 'off', evidence: { enabled: false }, remediation: 'turn it on' }) };

function engine(store: MemoryStore, sync?: DesktopSync) {
  return new DesktopEngine({ deviceId: 'dev-1', platform: 'linux', store, checkContext: localCheckContext, checks: [check], ...(sync ? { sync, lifecycle: sync } : {}) });
}

describe('DesktopEngine without a server', () => {
  it('shares one round between concurrent callers and judges compliance by policy', async () => {
    const e = engine(new MemoryStore());
    const [a, b] = await Promise.all([e.runChecks(), e.runChecks()]);
    expect(a).toBe(b);
    expect(a.compliant).toBe(false);
    await e.applyPolicy(PolicySchema.parse({ version: 2, posture: { firewall: { mode: 'audit' } } }));
    expect((await e.runChecks()).compliant).toBe(true);
  });

  it('uses the cached policy at start, and the built-in default when the cache is corrupt', () => {
    const store = new MemoryStore();
    store.set('policy.cache', { version: 'seven' });
    expect(engine(store).policy().version).toBe(0);
    store.set('policy.cache', PolicySchema.parse({ name: 'Payments floor', version: 7 }));
    expect(engine(store).policy()).toMatchObject({ name: 'Payments floor', version: 7 });
  });

  it('reports nothing and says so while not enrolled', async () => {
    const s = createDesktopSync();
    const e = engine(new MemoryStore(), s.sync);
    await e.start();
    await e.runChecks();
    expect(e.lastReport()).toEqual({ report: null, delivered: false });
    expect(e.enrollment()).toMatchObject({ status: 'not-configured', serverUrl: null, tokenProvided: false });
    await e.stop({ reason: 'quit-by-agent', at: new Date() });
    await s.close();
  });
});

describe('DesktopEngine grace periods (issue 4: checkNow with a posture state store)', () => {
  const graced = (hours: number) => PolicySchema.parse({ posture: { firewall: { mode: 'enforce', graceHours: hours } } });

  it('judges exactly like `shiftguard check`, keeping the first failure across restarts, and blocks once the grace is over', async () => {
    const temp = makeTempDir();
    let now = new Date('2026-03-02T08:00:00.000Z');
    const store = new MemoryStore();
    store.set('policy.cache', graced(4));
    const ctx = (policy: Parameters<typeof localCheckContext>[0]) => ({ ...localCheckContext(policy), now: () => now });
    const start = () =>
      new DesktopEngine({ deviceId: 'dev-1', platform: 'linux', store, checkContext: ctx, checks: [check], postureState: PostureStateStore.inDir(temp.dir), now: () => now });

    const first = await start().runChecks();
    expect(first).toMatchObject({ compliant: true, allEnforcedPassed: false });
    expect(first.checks[0]).toMatchObject({ status: 'fail', judgement: 'grace', firstFailedAt: '2026-03-02T08:00:00.000Z', graceEndsAt: '2026-03-02T12:00:00.000Z', graceRemainingMinutes: 240 });

    // The app restarts three hours later: the grace clock was kept in the state file.
    now = new Date('2026-03-02T11:00:00.000Z');
    const restarted = start();
    const second = await restarted.runChecks();
    expect(second.checks[0]).toMatchObject({ judgement: 'grace', firstFailedAt: '2026-03-02T08:00:00.000Z', graceRemainingMinutes: 60 });
    // `shiftguard check` on the same state file reaches the same verdict.
    const cli = await checkNow(ctx(graced(4)), PostureStateStore.inDir(temp.dir), { checks: [check] });
    expect(cli.compliant).toBe(second.compliant);
    expect(cli.checks.map(({ durationMs: _d, ...c }) => c)).toEqual(second.checks.map(({ durationMs: _d, ...c }) => c));

    now = new Date('2026-03-02T12:00:01.000Z');
    const third = await restarted.runChecks();
    expect(third).toMatchObject({ compliant: false, checks: [{ judgement: 'blocking', graceRemainingMinutes: 0 }] });
    temp.cleanup();
  });

  it('runs the checks again when a grace period ends, so the verdict turns on time', async () => {
    const temp = makeTempDir();
    const store = new MemoryStore();
    store.set('policy.cache', graced(0.0005)); // 1.8 s
    const e = new DesktopEngine({ deviceId: 'dev-1', platform: 'linux', store, checkContext: localCheckContext, checks: [check], postureState: PostureStateStore.inDir(temp.dir) });
    expect((await e.runChecks()).checks[0]!.judgement).toBe('grace');
    await waitFor('the re-check at the end of the grace period', () => e.lastRun()?.checks[0]?.judgement === 'blocking');
    expect(e.lastRun()!.compliant).toBe(false);
    await e.stop({ reason: 'quit-by-agent', at: new Date() });
    temp.cleanup();
  });
});

describe('DesktopEngine policy and guards', () => {
  it('one applyPolicy reaches posture and the guards together, and stop() ends the guards', async () => {
    const g = await createDesktopGuards();
    const e = new DesktopEngine({ deviceId: 'dev-1', platform: 'linux', store: new MemoryStore(), checkContext: localCheckContext, checks: [check], guards: g.host });
    await e.start();
    expect(e.sensitive()).toMatchObject({ available: true, active: false });
    await e.applyPolicy(PolicySchema.parse({ name: 'Payments', version: 3, clipboard: { mode: 'lock' }, posture: { firewall: { mode: 'audit' } }, sensitive: { shortcut: 'F9' } }));
    expect((await e.runChecks()).compliant).toBe(true);
    expect(g.shortcuts.press('F9')).toBe(true);
    await g.host.settled();
    expect(e.sensitive()).toMatchObject({ active: true, reasons: [{ kind: 'manual' }], locked: ['clipboard-emptied', 'print-screen-blocked', 'app-windows-hidden'] });
    expect((await g.evidence())[0]!.controls.clipboard).toBe('lock');
    await e.stop({ reason: 'quit-by-agent', at: new Date() });
    expect(e.sensitive().active).toBe(false);
    expect((await g.evidence())[0]!.endReason).toBe('stopped');
    await g.cleanup();
  });
});
