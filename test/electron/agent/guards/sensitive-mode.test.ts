import { describe, expect, it } from 'vitest';
import { SensitiveMode, type SensitiveState } from '../../../../electron/agent/guards/sensitive-mode';
import { FakeClock } from '../../../helpers/fake-clock';

function setup(graceMs = 5000, maxDurationMs = 30 * 60_000) {
  const clock = new FakeClock();
  const mode = new SensitiveMode({ clock, graceMs, maxDurationMs });
  const log: string[] = [];
  const states: SensitiveState[] = [];
  mode.on('start', ({ trigger }) => log.push(`start:${trigger.id}`));
  mode.on('end', ({ reason }) => log.push(`end:${reason}`));
  mode.on('change', (s) => states.push(s));
  return { clock, mode, log, states };
}

const win = { id: 'window:pay', kind: 'window', detail: 'rule pay' } as const;
const crm = { id: 'integration:crm', kind: 'integration', detail: 'crm' } as const;

describe('SensitiveMode', () => {
  it('starts on the first trigger and ends after the grace period once none holds', () => {
    const { clock, mode, log } = setup();
    mode.hold(win);
    expect(mode.active).toBe(true);
    mode.release(win.id);
    expect(mode.active).toBe(true);
    const s = mode.state;
    expect(s.active && s.graceUntil).toBe(clock.now() + 5000);
    clock.advance(4999);
    expect(mode.active).toBe(true);
    clock.advance(1);
    expect(mode.active).toBe(false);
    expect(log).toEqual(['start:window:pay', 'end:released']);
  });

  it('keeps one session across overlapping triggers and ends only when the last goes', () => {
    const { clock, mode, log } = setup();
    mode.hold(win);
    const first = mode.state;
    clock.advance(1000);
    mode.hold(crm);
    mode.release(win.id);
    clock.advance(60_000);
    expect(mode.active).toBe(true);
    const s = mode.state;
    expect(s.active && first.active && s.sessionId === first.sessionId).toBe(true);
    expect(s.active && s.triggers.map((t) => t.id)).toEqual(['integration:crm']);
    expect(s.active && s.graceUntil).toBeNull();
    mode.release(crm.id);
    clock.advance(5000);
    expect(log).toEqual(['start:window:pay', 'end:released']);
  });

  it('continues the same session when a trigger returns within the grace period', () => {
    const { clock, mode, log } = setup();
    mode.hold(win);
    const id = mode.state.active ? mode.state.sessionId : '';
    mode.release(win.id);
    clock.advance(3000);
    mode.hold(win);
    clock.advance(10_000);
    expect(mode.state.active && mode.state.sessionId).toBe(id);
    expect(log).toEqual(['start:window:pay']);
  });

  it('ends at the maximum duration even while triggers hold, and drops them', () => {
    const { clock, mode, log } = setup(5000, 10 * 60_000);
    mode.hold(win);
    mode.hold(crm);
    clock.advance(10 * 60_000 - 1);
    expect(mode.active).toBe(true);
    clock.advance(1);
    expect(mode.active).toBe(false);
    expect(log).toEqual(['start:window:pay', 'end:max-duration']);
    expect(mode.isHeld(win.id)).toBe(false);
    // A fresh hold is a new, announced session.
    mode.hold(crm);
    expect(log.at(-1)).toBe('start:integration:crm');
    expect(clock.pendingTimers).toBe(1);
  });

  it('ends at once without a grace period, ignores unknown releases and duplicate holds', () => {
    const { mode, log, states } = setup(0);
    mode.release('nothing');
    mode.hold(win);
    mode.hold(win);
    mode.release(win.id);
    expect(log).toEqual(['start:window:pay', 'end:released']);
    expect(states.map((s) => s.active)).toEqual([true, false]);
  });

  it('releases all triggers of a kind, and stop() ends the session as stopped', () => {
    const { mode, log } = setup();
    mode.hold(win);
    mode.hold({ id: 'window:other', kind: 'window', detail: 'rule other' });
    mode.hold(crm);
    mode.releaseKind('window');
    expect(mode.state.active && mode.state.triggers.map((t) => t.id)).toEqual(['integration:crm']);
    mode.stop();
    expect(log).toEqual(['start:window:pay', 'end:stopped']);
  });
});
