import type { Generated } from 'kysely';

// Times are epoch milliseconds (see migrations/0002). Booleans are 0/1 integers on both engines.

export interface TeamTable {
  id: string;
  name: string;
  site: string | null;
  /** The policy this team follows; null means the default policy. */
  policy_id: string | null;
  created_at: number;
}

/** Enrollment tokens; only the sha256 of the secret is stored. */
export interface EnrollmentTokenTable {
  id: string;
  token_hash: string;
  team_id: string | null;
  site: string | null;
  label: string | null;
  expires_at: number;
  max_uses: number;
  uses: Generated<number>;
  revoked_at: number | null;
  created_at: number;
  created_by: string | null;
}

/** One enrolled device: identity, key, and its latest status. */
export interface WorkstationTable {
  device_id: string;
  machine_id_hash: string;
  public_key: string;
  team_id: string | null;
  site: string | null;
  token_id: string | null;
  hostname: string;
  agent_version: string;
  enrolled_at: number;
  revoked_at: number | null;
  os_json: string | null;
  checks_json: Generated<string>;
  compliant: number | null;
  sensitive_active: Generated<number>;
  /** observed_at of the sensitive-state report that set sensitive_active (reports may arrive late). */
  sensitive_changed_at: number | null;
  stopped: Generated<number>;
  stopped_at: number | null;
  last_seen: number | null;
  last_posture_at: number | null;
  report_interval_ms: Generated<number>;
  /** last_seen + missed intervals: past this, the workstation is stale. */
  stale_after: number | null;
  applied_policy_id: string | null;
  applied_policy_version: number | null;
  /** Ids of the failing checks as `,id,id,` (kept by a trigger from checks_json; see migrations/0003). */
  failing_checks: Generated<string>;
}

/** Every accepted report, kept for history and idempotent re-sends until retention prunes it. */
export interface ReportTable {
  report_id: string;
  device_id: string;
  kind: string;
  received_at: number;
  observed_at: number;
  /** sha256 of the canonical payload: tells an identical re-send from a conflicting one. */
  body_hash: string;
  body_json: string;
}

export interface DailyAggregateTable {
  device_id: string;
  day: string;
  posture: number;
  compliant_posture: number;
  sensitive_changes: number;
  guard_events: number;
  heartbeats: number;
  stops: number;
}

export interface PolicyTable {
  id: string;
  name: string;
  created_at: number;
}

export interface PolicyVersionTable {
  policy_id: string;
  version: number;
  status: 'draft' | 'published';
  document_json: string;
  rollout_json: string | null;
  created_at: number;
  published_at: number | null;
  created_by: string | null;
}

export interface CheckNowRequestTable {
  request_id: string;
  device_id: string;
  requested_at: number;
  delivered_at: number | null;
}

export interface UserTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  created_at: string;
  disabled: Generated<number>;
}

export interface UserTeamTable {
  user_id: string;
  team_id: string;
}

/** Sessions; only the sha256 of the cookie value is stored. */
export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface LoginAttemptTable {
  key: string;
  failures: number;
  window_start: number;
}

export interface AuditEventTable {
  id: string;
  at: number;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details_json: string;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** The database as Kysely sees it, on SQLite and PostgreSQL alike. */
export interface Database {
  teams: TeamTable;
  enrollment_tokens: EnrollmentTokenTable;
  workstations: WorkstationTable;
  reports: ReportTable;
  daily_aggregates: DailyAggregateTable;
  policies: PolicyTable;
  policy_versions: PolicyVersionTable;
  check_now_requests: CheckNowRequestTable;
  users: UserTable;
  user_teams: UserTeamTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  audit_events: AuditEventTable;
  settings: SettingTable;
}
