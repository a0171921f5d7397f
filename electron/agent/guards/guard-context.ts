import type { AuditLog } from './audit-log';
import type { EvidenceRecorder } from './evidence';
import type { GuardEventSink } from './guard-event';

/** What every guard writes to: the audit log always, the evidence record while a session runs. */
export interface GuardContext {
  audit: AuditLog;
  evidence: EvidenceRecorder;
  now: () => Date;
  /** Where actions are announced for reporting (the engine's listeners); absent in unit tests. */
  event?: GuardEventSink;
}
