/** Latest known state of each workstation. */
export interface WorkstationTable {
  device_id: string;
  hostname: string;
  os_json: string;
  agent_version: string;
  last_seen: string;
  compliant: number;
  checks_json: string;
}

/** Every accepted report, kept for history and idempotent re-sends. */
export interface ReportTable {
  report_id: string;
  device_id: string;
  received_at: string;
  sent_at: string;
  body_json: string;
}

export interface UserTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  created_at: string;
}

/** The database as Kysely sees it, on SQLite and PostgreSQL alike. */
export interface Database {
  workstations: WorkstationTable;
  reports: ReportTable;
  users: UserTable;
}
