import type { GuardEvent } from '../../../shared/api/report';
import type { MaskedFinding } from './pan-port';

/**
 * What one guard did, as the reporter sees it: which guard, what it did, to what (a process name or
 * a file's base name, never content or a folder path) and the card numbers involved, masked. The
 * audit log and the evidence record keep the richer local detail; this is what may leave the device.
 */
export interface GuardActionEvent {
  at: Date;
  guard: GuardEvent['guard'];
  action: GuardEvent['action'];
  subject?: string;
  findings: MaskedFinding[];
}

/** How a guard announces an action (the engine stamps the time). */
export type GuardEventSink = (event: Omit<GuardActionEvent, 'at'>) => void;
