import type { AuditLog } from './audit-log';
import type { EvidenceRecorder } from './evidence';

/** What every guard writes to: the audit log always, the evidence record while a session runs. */
export interface GuardContext {
  audit: AuditLog;
  evidence: EvidenceRecorder;
  now: () => Date;
}
