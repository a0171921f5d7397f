import { EventEmitter } from 'node:events';
import type { PolicyRefusalReason } from '../../../shared/api/report';

/** What the sync engine shows about itself (the desktop app's status view; `shiftguard run` logs). */
export interface SyncStatus {
  enrolled: boolean;
  deviceId: string | null;
  serverUrl: string | null;
  /** The server refused this device (unknown, revoked): reports wait until it enrolls again. */
  needsEnrollment: boolean;
  /** Last report or check-in went through (true), failed (false), or nothing tried yet (null). */
  online: boolean | null;
  liveConnected: boolean;
  /** Reports waiting in the outbox. */
  queued: number;
  lastSentAt: string | null;
  lastError: string | null;
  policy: { source: 'built-in' | 'server'; policyId: string | null; version: number; name: string };
  lastRefusal: { at: string; reason: PolicyRefusalReason; detail: string; policyId: string | null; version: number | null } | null;
}

export function initialStatus(): SyncStatus {
  return {
    enrolled: false,
    deviceId: null,
    serverUrl: null,
    needsEnrollment: false,
    online: null,
    liveConnected: false,
    queued: 0,
    lastSentAt: null,
    lastError: null,
    policy: { source: 'built-in', policyId: null, version: 0, name: '' },
    lastRefusal: null,
  };
}

/**
 * Holds the status and tells subscribers of every change. `live` supplies the parts that are read
 * fresh each time (outbox size, policy in force).
 */
export class StatusBoard {
  private readonly state = initialStatus();
  private readonly events = new EventEmitter<{ status: [SyncStatus] }>();

  constructor(private readonly live: () => Pick<SyncStatus, 'queued' | 'policy'>) {}

  current(): SyncStatus {
    return { ...this.state, ...this.live() };
  }

  update(patch: Partial<SyncStatus>): void {
    Object.assign(this.state, patch);
    this.events.emit('status', this.current());
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.events.on('status', listener);
    return () => this.events.off('status', listener);
  }
}
