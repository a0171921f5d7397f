import { describe, expect, it } from 'vitest';
import { scratchpadEventsBetween, shouldPurgeBetween, type ScratchpadPurgeView } from '../../../shared/scratchpad/purge-events';

function view(over: { active?: boolean; endedAt?: string | null; purgeOn?: 'sensitive-exit' | 'shift-end' } = {}): ScratchpadPurgeView {
  return {
    sensitive: { available: true, unavailable: [], active: over.active ?? false, since: null, endsBy: null, reasons: [], locked: [] },
    shift: { startedAt: null, endedAt: over.endedAt ?? null, confirmed: [] },
    policy: { name: 'p', version: 1, blockNonCompliant: false, attestations: [], scratchpadPurgeOn: over.purgeOn ?? 'sensitive-exit', quitNeedsPin: false },
  };
}

const END_1 = '2026-03-02T16:30:00.000Z';
const END_2 = '2026-03-03T16:30:00.000Z';

describe('scratchpad purge between two app states', () => {
  it('sees a sensitive exit and a new shift end, nothing else', () => {
    expect(scratchpadEventsBetween(view({ active: true }), view())).toEqual(['sensitive-exit']);
    expect(scratchpadEventsBetween(view(), view({ active: true }))).toEqual([]);
    expect(scratchpadEventsBetween(view(), view({ endedAt: END_1 }))).toEqual(['shift-end']);
    expect(scratchpadEventsBetween(view({ endedAt: END_1 }), view({ endedAt: END_2 }))).toEqual(['shift-end']);
    // The same shift end pushed again (any other state change) is not a new one.
    expect(scratchpadEventsBetween(view({ endedAt: END_1 }), view({ endedAt: END_1 }))).toEqual([]);
    expect(scratchpadEventsBetween(view({ active: true }), view({ endedAt: END_1 }))).toEqual(['sensitive-exit', 'shift-end']);
  });

  it("purges on sensitive exit only under 'sensitive-exit', and at shift end under either policy", () => {
    expect(shouldPurgeBetween(view({ active: true, purgeOn: 'sensitive-exit' }), view({ purgeOn: 'sensitive-exit' }))).toBe(true);
    expect(shouldPurgeBetween(view({ active: true, purgeOn: 'shift-end' }), view({ purgeOn: 'shift-end' }))).toBe(false);
    expect(shouldPurgeBetween(view({ purgeOn: 'shift-end' }), view({ endedAt: END_1, purgeOn: 'shift-end' }))).toBe(true);
    expect(shouldPurgeBetween(view({ purgeOn: 'sensitive-exit' }), view({ endedAt: END_1, purgeOn: 'sensitive-exit' }))).toBe(true);
    expect(shouldPurgeBetween(view({ endedAt: END_1, purgeOn: 'shift-end' }), view({ endedAt: END_1, purgeOn: 'shift-end' }))).toBe(false);
  });
});
