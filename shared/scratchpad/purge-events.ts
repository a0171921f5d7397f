import type { AppState } from '../ipc/app-state';
import { shouldPurgeScratchpad } from './mask-scratchpad';

/** The part of the app state the scratchpad's purge follows. */
export type ScratchpadPurgeView = Pick<AppState, 'sensitive' | 'shift' | 'policy'>;

/** The purge events that happened between two app states the renderer received, in order. */
export function scratchpadEventsBetween(prev: ScratchpadPurgeView, next: ScratchpadPurgeView): Array<'sensitive-exit' | 'shift-end'> {
  const events: Array<'sensitive-exit' | 'shift-end'> = [];
  if (prev.sensitive.active && !next.sensitive.active) events.push('sensitive-exit');
  // A changed endedAt, not startedAt going null: a shift ended and the next one started between
  // two pushes still leaves its end time behind.
  if (next.shift.endedAt !== null && next.shift.endedAt !== prev.shift.endedAt) events.push('shift-end');
  return events;
}

/**
 * Whether the pad must be emptied going from `prev` to `next`, under the policy in force now
 * (shouldPurgeScratchpad decides per event).
 */
export function shouldPurgeBetween(prev: ScratchpadPurgeView, next: ScratchpadPurgeView): boolean {
  return scratchpadEventsBetween(prev, next).some((event) => shouldPurgeScratchpad(next.policy.scratchpadPurgeOn, event));
}
