import { describe, expect, it } from 'vitest';
import type { PostureReport } from '../../../shared/api/report';
import type { PostureCheck } from '../../../electron/agent/posture/check-context';
import { localCheckContext } from '../../../electron/agent/posture/local-context';
import { DesktopEngine } from '../../../electron/main/engine/desktop-engine';
import { ReportQueue } from '../../../electron/main/engine/report-queue';
import { MemoryStore } from '../../../electron/main/store/key-value-store';
import { PolicySchema } from '../../../shared/policy/schema';

const check: PostureCheck = { id: 'firewall', run: async () => ({ status: 'fail', summary: 'off', evidence: { enabled: false }, remediation: 'turn it on' }) };

function engine(store: MemoryStore, send: (u: string, r: PostureReport) => Promise<void>) {
  return new DesktopEngine({ deviceId: 'dev-1', platform: 'linux', store, checkContext: localCheckContext, checks: [check], serverUrl: 'http://127.0.0.1:9', enrollmentTokenProvided: false, send });
}

describe('DesktopEngine reporting', () => {
  it('queues reports while offline and sends them once, in order, when the endpoint is back', async () => {
    const store = new MemoryStore();
    let online = false;
    const received: string[] = [];
    const e = engine(store, async (_u, r) => {
      if (!online) throw new Error('offline');
      received.push(r.reportId);
    });
    const first = await e.runChecks().then(() => e.lastReport().report!.reportId);
    const second = await e.runChecks().then(() => e.lastReport().report!.reportId);
    expect(e.reporting()).toMatchObject({ online: false, queued: 2, lastSentAt: null });
    expect(e.lastReport().delivered).toBe(false);

    // A restart keeps the queue (same store, new engine).
    online = true;
    const restarted = engine(store, async (_u, r) => void received.push(r.reportId));
    await restarted.flush();
    expect(received).toEqual([first, second]);
    expect(restarted.reporting()).toMatchObject({ online: true, queued: 0 });
    expect(restarted.lastReport().delivered).toBe(true);
    await restarted.flush();
    expect(received).toHaveLength(2);
  });

  it('shares one round between concurrent callers and judges compliance by policy', async () => {
    const e = engine(new MemoryStore(), async () => undefined);
    const [a, b] = await Promise.all([e.runChecks(), e.runChecks()]);
    expect(a).toBe(b);
    expect(a.compliant).toBe(false);
    e.applyPolicy(PolicySchema.parse({ version: 2, posture: { firewall: { mode: 'audit' } } }));
    expect((await e.runChecks()).compliant).toBe(true);
  });

  it('uses the cached policy at start, and the built-in default when the cache is corrupt', () => {
    const store = new MemoryStore();
    store.set('policy.cache', { version: 'seven' });
    expect(engine(store, async () => undefined).policy().version).toBe(0);
    store.set('policy.cache', PolicySchema.parse({ name: 'Payments floor', version: 7 }));
    expect(engine(store, async () => undefined).policy()).toMatchObject({ name: 'Payments floor', version: 7 });
  });
});

describe('ReportQueue', () => {
  it('drops the oldest past its bound and reads a corrupt queue as empty', () => {
    const store = new MemoryStore();
    const q = new ReportQueue(store, () => 2);
    const report = (n: number) => ({ reportId: `00000000-0000-4000-8000-00000000000${n}`, deviceId: 'd', hostname: 'h', os: { platform: 'linux' as const, release: '6' }, agentVersion: '0.1.0', sentAt: '2026-01-01T00:00:00.000Z', checks: [] });
    q.enqueue(report(1));
    q.enqueue(report(2));
    q.enqueue(report(3));
    expect(q.pending().map((r) => r.reportId.at(-1))).toEqual(['2', '3']);
    store.set('reports.queue', [{ broken: true }]);
    expect(q.pending()).toEqual([]);
  });
});
