import { z } from 'zod';
import { CheckIdSchema, CheckResultSchema } from '../posture/check-result';
import { IdSchema, TimestampSchema } from './common';
import { AppliedPolicySchema, OsInfoSchema, ReportBodySchema } from './report';

/**
 * What a workstation is doing, as the console shows it:
 * - `reporting`: reports arrive on time;
 * - `stale`: no report for more than {@link STALE_AFTER_MISSED_INTERVALS} report intervals (the agent
 *   was closed, the machine is off or cut off);
 * - `stopped`: the agent said it was stopping (agent-stopped) and nothing came since;
 * - `enrolled`: enrolled, no report yet;
 * - `revoked`: the device was revoked and is refused.
 */
export const WorkstationStateSchema = z.enum(['reporting', 'stale', 'stopped', 'enrolled', 'revoked']);
export type WorkstationState = z.infer<typeof WorkstationStateSchema>;

/** Reports missed before a workstation counts as stale. */
export const STALE_AFTER_MISSED_INTERVALS = 2;

/** One row of GET /api/v1/workstations: the latest status of a workstation. */
export const WorkstationSummarySchema = z.object({
  deviceId: IdSchema,
  hostname: z.string(),
  teamId: IdSchema.nullable(),
  site: z.string().nullable(),
  os: OsInfoSchema.nullable(),
  agentVersion: z.string(),
  state: WorkstationStateSchema,
  /** Last report of any kind (null before the first). */
  lastSeen: TimestampSchema.nullable(),
  /** Null before the first posture report. */
  compliant: z.boolean().nullable(),
  sensitiveActive: z.boolean(),
  appliedPolicy: AppliedPolicySchema.nullable(),
  checks: z.array(CheckResultSchema),
  enrolledAt: TimestampSchema,
});
export type WorkstationSummary = z.infer<typeof WorkstationSummarySchema>;

/** Orders the workstation list supports (server-side, with keyset paging). */
export const WorkstationSortSchema = z.enum(['hostname', 'lastSeen', 'compliance']);
export type WorkstationSort = z.infer<typeof WorkstationSortSchema>;

/** GET /api/v1/workstations query: filters combine with AND; supervisors only ever see their teams. */
export const WorkstationListQuerySchema = z.object({
  teamId: IdSchema.optional(),
  state: WorkstationStateSchema.optional(),
  compliant: z.enum(['true', 'false']).optional(),
  sensitive: z.enum(['true', 'false']).optional(),
  /** Hostname prefix. */
  q: z.string().min(1).max(255).optional(),
  /** Only workstations whose latest posture has this check failing. */
  failingCheck: CheckIdSchema.optional(),
  /** Only workstations that applied this policy (by id; the built-in default has none). */
  policyId: IdSchema.optional(),
  /**
   * Order: `hostname`; `lastSeen` (never seen counts as oldest); `compliance` (non-compliant, then no
   * verdict yet, then compliant; hostname within each). Ties are broken by hostname and device id.
   */
  sort: WorkstationSortSchema.default('hostname'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** Opaque cursor from the previous page's `nextCursor` (of the same sort and order). */
  cursor: z.string().max(400).optional(),
});
export type WorkstationListQuery = z.infer<typeof WorkstationListQuerySchema>;

export const WorkstationListSchema = z.object({ items: z.array(WorkstationSummarySchema), nextCursor: z.string().nullable() });
export type WorkstationList = z.infer<typeof WorkstationListSchema>;

/** One stored report, as history shows it. */
export const StoredReportSchema = z.object({
  reportId: z.uuid(),
  receivedAt: TimestampSchema,
  body: ReportBodySchema,
});
export type StoredReport = z.infer<typeof StoredReportSchema>;

/** GET /api/v1/workstations/:id/history query. */
export const HistoryQuerySchema = z.object({
  kind: z.enum(['posture', 'sensitive-state', 'guard-events', 'heartbeat', 'agent-stopped', 'policy-refused']).optional(),
  /** Only reports received before this time (for paging back). */
  before: TimestampSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/** Reports per day that retention folded into aggregates. */
export const DailyAggregateSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  posture: z.number().int(),
  compliantPosture: z.number().int(),
  sensitiveChanges: z.number().int(),
  guardEvents: z.number().int(),
  heartbeats: z.number().int(),
  stops: z.number().int(),
});
export type DailyAggregate = z.infer<typeof DailyAggregateSchema>;

/** GET /api/v1/workstations/:id/history: newest first, plus the daily aggregates of pruned days. */
export const WorkstationHistorySchema = z.object({
  workstation: WorkstationSummarySchema,
  reports: z.array(StoredReportSchema),
  dailyAggregates: z.array(DailyAggregateSchema),
});
export type WorkstationHistory = z.infer<typeof WorkstationHistorySchema>;

/** GET /api/v1/workstations/:id/export (admin): everything stored about one workstation. */
export const WorkstationExportSchema = WorkstationHistorySchema.extend({ exportedAt: TimestampSchema });
export type WorkstationExport = z.infer<typeof WorkstationExportSchema>;

/** Counts of one fleet slice. */
export const FleetCountsSchema = z.object({
  total: z.number().int(),
  compliant: z.number().int(),
  nonCompliant: z.number().int(),
  /** No posture report yet. */
  unknown: z.number().int(),
  stale: z.number().int(),
  stopped: z.number().int(),
  sensitiveActive: z.number().int(),
  revoked: z.number().int(),
});
export type FleetCounts = z.infer<typeof FleetCountsSchema>;

/** GET /api/v1/fleet/summary: the whole visible fleet and each team. */
export const FleetSummarySchema = z.object({
  generatedAt: TimestampSchema,
  totals: FleetCountsSchema,
  byTeam: z.array(FleetCountsSchema.extend({ teamId: IdSchema.nullable() })),
  /** Per check id: visible, unrevoked workstations whose latest posture has that check failing. */
  failingChecks: z.record(CheckIdSchema, z.number().int()),
});
export type FleetSummary = z.infer<typeof FleetSummarySchema>;

/** GET /api/v1/fleet/trend query. */
export const FleetTrendQuerySchema = z.object({ days: z.coerce.number().int().min(2).max(90).default(30) });
export type FleetTrendQuery = z.infer<typeof FleetTrendQuerySchema>;

/**
 * One day of the fleet trend (UTC days). Past days come from the reports of that day and, for days
 * retention has pruned, the daily aggregates: a workstation that existed that day counts as
 * `compliant` when every posture report it sent that day was compliant, `nonCompliant` when one was
 * not, `unknown` when it sent none; `stale` is the part of `unknown` that sent nothing at all.
 * The last day (today) is the current state, the same numbers as the fleet summary
 * (there `stale` overlaps the other three).
 */
export const FleetTrendDaySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  total: z.number().int(),
  compliant: z.number().int(),
  nonCompliant: z.number().int(),
  unknown: z.number().int(),
  stale: z.number().int(),
});
export type FleetTrendDay = z.infer<typeof FleetTrendDaySchema>;

/** GET /api/v1/fleet/trend: the visible fleet, oldest day first, today last. */
export const FleetTrendSchema = z.object({ generatedAt: TimestampSchema, days: z.array(FleetTrendDaySchema) });
export type FleetTrend = z.infer<typeof FleetTrendSchema>;

/**
 * POST /api/v1/check-now (admin or supervisor for own teams): ask workstations to run their
 * checks now; delivered over the live channel to connected agents and at the next check-in to the rest.
 */
export const CheckNowCommandSchema = z
  .object({ deviceIds: z.array(IdSchema).min(1).max(1000).optional(), teamId: IdSchema.optional() })
  .refine((c) => (c.deviceIds === undefined) !== (c.teamId === undefined), { message: 'give exactly one of deviceIds or teamId', path: ['deviceIds'] });
export type CheckNowCommand = z.infer<typeof CheckNowCommandSchema>;
export const CheckNowAcceptedSchema = z.object({ requestId: IdSchema, devices: z.number().int() });
