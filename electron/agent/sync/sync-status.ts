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
