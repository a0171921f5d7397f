import type SQLiteFile from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ServerSigningKey } from './crypto/server-key';
import type { Engine } from './db/database';
import type { Database } from './db/tables';
import { RateLimiter } from './devices/rate-limiter';
import { AgentHub } from './live/agent-hub';
import type { LiveBus } from './live/live-bus';
import { Metrics } from './metrics';
import { AuditRepository } from './repositories/audit-repository';
import { CheckNowRepository } from './repositories/check-now-repository';
import { EnrollmentRepository } from './repositories/enrollment-repository';
import { PeopleRepository } from './repositories/people-repository';
import { PoliciesRepository } from './repositories/policies-repository';
import { ReportsRepository } from './repositories/reports-repository';
import { FleetTrendRepository } from './repositories/fleet-trend-repository';
import { RetentionRepository } from './repositories/retention-repository';
import { WorkstationsRepository } from './repositories/workstations-repository';

/** Tunables of the HTTP layer (from ServerConfig; tests may shorten them). */
export interface AppSettings {
  /** Largest |server clock − signedAt| accepted on device envelopes. */
  maxClockSkewSeconds: number;
  /** Sustained reports per device per minute, and the burst on top. */
  reportsPerMinute: number;
  reportBurst: number;
  sessionTtlHours: number;
  /** Mark the session cookie Secure (set when the server is reached over HTTPS, e.g. behind a TLS proxy). */
  secureCookies: boolean;
}

export const DEFAULT_APP_SETTINGS: AppSettings = {
  maxClockSkewSeconds: 300,
  reportsPerMinute: 60,
  reportBurst: 30,
  sessionTtlHours: 12,
  secureCookies: false,
};

/** Everything routes need, made once per app. No request state lives here except per-instance caches. */
export class AppContext {
  readonly enrollment: EnrollmentRepository;
  readonly reports: ReportsRepository;
  readonly workstations: WorkstationsRepository;
  readonly fleetTrend: FleetTrendRepository;
  readonly policies: PoliciesRepository;
  readonly people: PeopleRepository;
  readonly checkNow: CheckNowRepository;
  readonly audit: AuditRepository;
  readonly retention: RetentionRepository;
  readonly hub: AgentHub;
  readonly reportLimiter: RateLimiter;
  readonly metrics = new Metrics();
  /** Every registered route as "METHOD /path" (the OpenAPI test checks each is described). */
  readonly routes: string[] = [];

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
    readonly key: ServerSigningKey,
    readonly bus: LiveBus,
    readonly settings: AppSettings,
    log: (message: string) => void,
    /** The raw SQLite file behind `db`, for the report path (SQLite only). */
    sqliteFile?: SQLiteFile.Database,
  ) {
    this.enrollment = new EnrollmentRepository(db);
    this.reports = new ReportsRepository(db, engine, sqliteFile);
    this.workstations = new WorkstationsRepository(db);
    this.fleetTrend = new FleetTrendRepository(db, engine);
    this.policies = new PoliciesRepository(db);
    this.people = new PeopleRepository(db);
    this.checkNow = new CheckNowRepository(db);
    this.audit = new AuditRepository(db);
    this.retention = new RetentionRepository(db, engine);
    this.hub = new AgentHub(bus, this.policies, this.checkNow, key, log);
    this.reportLimiter = new RateLimiter(settings.reportsPerMinute / 60, settings.reportBurst);
  }
}
