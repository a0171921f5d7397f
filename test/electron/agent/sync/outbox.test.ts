import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../../../electron/agent/sync/outbox';
import { makeTempDir } from '../../../helpers/temp-dir';
import { guardBody, heartbeatBody, postureBody } from './helpers/reports';

const cleanups: Array<() => void> = [];
function tempDir(): string {
  const tmp = makeTempDir();
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const ids = (outbox: Outbox) => outbox.list().map((e) => e.body.reportId);

describe('Outbox', () => {
  it('keeps reports in order across reopening, and forgets acknowledged ones for good', () => {
    const dir = tempDir();
    const a = postureBody();
    const b = guardBody(2);
    const c = heartbeatBody();
    let outbox = Outbox.open(dir);
    outbox.add(a);
    outbox.add(b);
    outbox.add(c);
    expect(outbox.peek()?.body.reportId).toBe(a.reportId);
    outbox.ack(outbox.peek()!.seq);
    outbox.close();
    outbox = Outbox.open(dir);
    expect(ids(outbox)).toEqual([b.reportId, c.reportId]);
    // What is stored is what will be sent: the schema's defaults filled in once, at add.
    expect(outbox.peek()?.body).toEqual(b);
    const d = postureBody();
    outbox.add(d);
    expect(ids(outbox)).toEqual([b.reportId, c.reportId, d.reportId]);
    outbox.close();
    expect(statSync(path.join(dir, 'outbox.log')).mode & 0o777).toBe(0o600);
  });

  it('recovers from a write torn at any byte: the earlier records stay, the torn one is gone', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    const kept = [postureBody(), guardBody(3)];
    for (const b of kept) outbox.add(b);
    const before = statSync(path.join(dir, 'outbox.log')).size;
    outbox.add(postureBody());
    outbox.close();
    const full = readFileSync(path.join(dir, 'outbox.log'));
    for (let cut = before; cut < full.length; cut++) {
      writeFileSync(path.join(dir, 'outbox.log'), full.subarray(0, cut));
      const reopened = Outbox.open(dir);
      expect(ids(reopened)).toEqual(kept.map((b) => b.reportId));
      expect(reopened.recovery.tornTailBytes).toBe(cut - before);
      // The next record starts on a clean line.
      const next = postureBody();
      reopened.add(next);
      reopened.close();
      expect(ids(Outbox.open(dir))).toEqual([...kept.map((b) => b.reportId), next.reportId]);
    }
  });

  it('skips a damaged record in the middle and keeps every intact one', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    const bodies = [postureBody(), postureBody(), postureBody()];
    for (const b of bodies) outbox.add(b);
    outbox.close();
    const file = path.join(dir, 'outbox.log');
    const lines = readFileSync(file, 'utf8').split('\n');
    // Flip one character inside the second record's JSON: its checksum no longer matches.
    lines[1] = lines[1]!.replace('"posture"', '"posturf"');
    writeFileSync(file, lines.join('\n'));
    const reopened = Outbox.open(dir);
    expect(reopened.recovery.damagedRecords).toBe(1);
    expect(ids(reopened)).toEqual([bodies[0]!.reportId, bodies[2]!.reportId]);
    reopened.close();
    // Recovery compacted the log: the damage is gone from disk.
    expect(Outbox.open(dir).recovery.damagedRecords).toBe(0);
  });

  it('ignores a garbage tail that is not a record', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    const a = postureBody();
    outbox.add(a);
    outbox.close();
    appendFileSync(path.join(dir, 'outbox.log'), 'deadbeef {"t":"ack","seq":1}\n');
    expect(ids(Outbox.open(dir))).toEqual([a.reportId]);
  });

  it('compacts the log once acknowledged records pile up, keeping order and sequence numbers', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir, { compactAfter: 10 });
    const keep = [];
    for (let i = 0; i < 30; i++) {
      const body = postureBody();
      const entry = outbox.add(body);
      if (i % 3 === 0) keep.push(entry);
      else outbox.ack(entry.seq);
    }
    const lines = readFileSync(path.join(dir, 'outbox.log'), 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(40);
    outbox.close();
    const reopened = Outbox.open(dir);
    expect(reopened.list()).toEqual(keep);
    const next = reopened.add(postureBody());
    expect(next.seq).toBeGreaterThan(keep.at(-1)!.seq);
  });

  it('folds old guard events into counts and drops old heartbeats when full, never touching posture or the head', () => {
    const dir = tempDir();
    let max = 1_000_000;
    const outbox = Outbox.open(dir, { maxEntries: () => max });
    const first = outbox.add(guardBody(1));
    const posture = [];
    for (let i = 0; i < 40; i++) {
      if (i % 4 === 0) posture.push(outbox.add(postureBody()).body.reportId);
      else if (i % 4 === 1) outbox.add(heartbeatBody());
      else outbox.add(guardBody(2, undefined, i % 2 === 0 ? 'clipboard' : 'capture'));
    }
    expect(outbox.size).toBe(41);
    max = 20;
    outbox.add(postureBody());
    const after = outbox.list();
    expect(after.length).toBeLessThanOrEqual(18);
    expect(after[0]).toEqual(first);
    for (const id of posture) expect(after.some((e) => e.body.reportId === id)).toBe(true);
    // Sequence order is kept.
    expect(after.map((e) => e.seq)).toEqual([...after.map((e) => e.seq)].sort((a, b) => a - b));
    const folded = after.filter((e) => e.body.kind === 'guard-events' && e.body.events.some((ev) => ev.count !== undefined));
    expect(folded).toHaveLength(1);
    const body = folded[0]!.body;
    if (body.kind !== 'guard-events') throw new Error('expected guard events');
    for (const ev of body.events) {
      expect(ev.subject).toBeUndefined();
      expect(ev.findings).toEqual([]);
    }
    outbox.close();
    // The fold is durable and re-reads the same.
    expect(Outbox.open(dir).list()).toEqual(after);
  });

  it('goes over the limit rather than fold posture results', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir, { maxEntries: () => 100 });
    for (let i = 0; i < 120; i++) outbox.add(postureBody());
    expect(outbox.size).toBe(120);
  });

  it('refuses a report that fails the schema before it reaches the disk', () => {
    const dir = tempDir();
    const outbox = Outbox.open(dir);
    expect(() => outbox.add({ ...postureBody(), reportId: 'not-a-uuid' })).toThrow();
    expect(outbox.size).toBe(0);
    outbox.close();
    expect(readFileSync(path.join(dir, 'outbox.log'), 'utf8')).toBe('');
  });
});
