import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../electron/agent/sync/backoff';
import { identityHash, identityRuleFromManaged, IdentityRuleError } from '../../../../electron/agent/sync/identity-rule';
import { SseParser } from '../../../../electron/agent/sync/sse-parser';
import { seededRandom } from '../../../helpers/prng';

describe('identity rule (non-persistent VDI)', () => {
  const session = (machineId: string, hostname: string) => ({ machineId: () => machineId, hostname: () => hostname });

  it('machine-id: a fresh machine id per VDI session makes a new identity', () => {
    const rule = identityRuleFromManaged({});
    expect(rule).toEqual({ source: 'machine-id' });
    expect(identityHash(rule, session('aaaa', 'DESK-07'))).not.toBe(identityHash(rule, session('bbbb', 'DESK-07')));
  });

  it('hostname: the same desk across sessions, whatever the machine id, case or DNS suffix', () => {
    const rule = identityRuleFromManaged({ IdentitySource: 'hostname' });
    const a = identityHash(rule, session('aaaa', 'DESK-07'));
    expect(identityHash(rule, session('bbbb', 'desk-07.pool.corp.example'))).toBe(a);
    expect(identityHash(rule, session('aaaa', 'DESK-08'))).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('asset-tag: the tag IT set decides, and it must be set', () => {
    const rule = identityRuleFromManaged({ identitySource: 'asset-tag', assetTag: ' SEAT-12 ' });
    expect(identityHash(rule, session('aaaa', 'x'))).toBe(identityHash(rule, session('bbbb', 'y')));
    expect(() => identityRuleFromManaged({ identitySource: 'asset-tag' })).toThrow(IdentityRuleError);
    expect(() => identityRuleFromManaged({ identitySource: 'mac-address' })).toThrow(/expected machine-id, hostname or asset-tag/);
  });

  it('never puts the raw value in the hash input unsalted', () => {
    const rule = identityRuleFromManaged({ identitySource: 'hostname' });
    expect(identityHash(rule, session('a', 'desk'))).not.toBe(createHash('sha256').update('desk').digest('hex'));
  });
});

describe('backoff', () => {
  it('grows exponentially to the cap, jittered below the ceiling, and honours Retry-After', () => {
    const random = seededRandom(7);
    for (let attempt = 0; attempt < 20; attempt++) {
      const d = backoffDelay(attempt, random, { baseMs: 1000, capMs: 60_000 });
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(Math.min(60_000, 1000 * 2 ** attempt));
    }
    expect(backoffDelay(0, () => 0.99, { baseMs: 1000, retryAfterMs: 30_000 })).toBe(30_000);
    // Jitter: two agents at the same attempt rarely pick the same delay.
    const draws = new Set(Array.from({ length: 50 }, () => backoffDelay(10, random, { baseMs: 1000, capMs: 300_000 })));
    expect(draws.size).toBeGreaterThan(40);
  });
});

describe('SSE parser', () => {
  it('parses events split across chunks, skips comments, joins data lines', () => {
    const parser = new SseParser();
    const text = ': ping\n\nevent: hello\ndata: {"a":1}\n\nevent: policy-published\r\ndata: line1\r\ndata: line2\r\n\r\n';
    const events = [];
    for (let i = 0; i < text.length; i += 3) events.push(...parser.push(text.slice(i, i + 3)));
    expect(events).toEqual([
      { event: 'hello', data: '{"a":1}' },
      { event: 'policy-published', data: 'line1\nline2' },
    ]);
  });
});
