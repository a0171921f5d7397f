import { z } from 'zod';
import { signedEnvelopeSchema } from '../envelope/signed-envelope';
import { CheckResultSchema } from '../posture/check-result';
import { IdSchema, TimestampSchema } from './common';

// Re-exported so existing importers of the walking skeleton keep one place for the error shape.
export { ApiErrorSchema, type ApiError } from './errors';

/** Largest report envelope the server accepts (bytes); bigger bodies get 413 body_too_large. */
export const MAX_REPORT_BYTES = 256 * 1024;

export const OsInfoSchema = z.object({
  platform: z.enum(['win32', 'darwin', 'linux']),
  release: z.string().max(200),
  distro: z.string().max(200).optional(),
});
export type OsInfo = z.infer<typeof OsInfoSchema>;

/** The policy an agent has applied: which document and which version (null before any). */
export const AppliedPolicySchema = z.object({ policyId: IdSchema.nullable(), version: z.number().int().min(0) });
export type AppliedPolicy = z.infer<typeof AppliedPolicySchema>;

/** Fields every report carries, whatever its kind. */
const reportBase = {
  /** Unique per report; a re-send keeps it, and the server treats a same-id same-content report as a duplicate. */
  reportId: z.uuid(),
  deviceId: IdSchema,
  /** When the agent observed what it reports (not when it was sent: the outbox may hold it for days). */
  observedAt: TimestampSchema,
  agentVersion: z.string().min(1).max(64),
  appliedPolicy: AppliedPolicySchema,
};

/** Posture: the result of one run of the checks, judged by the agent against its applied policy. */
export const PostureReportBodySchema = z.object({
  ...reportBase,
  kind: z.literal('posture'),
  hostname: z.string().min(1).max(255),
  os: OsInfoSchema,
  checks: z.array(CheckResultSchema).max(50),
  /** Every enforced check passed (shared/posture/compliance.ts), as the agent judged it. */
  compliant: z.boolean(),
});
export type PostureReportBody = z.infer<typeof PostureReportBodySchema>;

/** What made sensitive mode start or end. */
export const SensitiveTriggerSchema = z.enum(['window-rule', 'integration', 'shortcut', 'grace-expired', 'max-duration', 'agent-stopped']);

/** Sensitive mode started or ended. `ruleId` names the policy window rule; never a window title or URL. */
export const SensitiveStateReportBodySchema = z.object({
  ...reportBase,
  kind: z.literal('sensitive-state'),
  active: z.boolean(),
  trigger: SensitiveTriggerSchema,
  ruleId: z.string().min(1).max(64).optional(),
});
export type SensitiveStateReportBody = z.infer<typeof SensitiveStateReportBodySchema>;

/** A card number as it may be reported: brand, length, last four. Never more. */
export const MaskedCardFindingSchema = z.object({
  brand: z.string().min(1).max(40),
  length: z.number().int().min(12).max(19),
  last4: z.string().regex(/^\d{4}$/),
});
export type MaskedCardFinding = z.infer<typeof MaskedCardFindingSchema>;

/** Which guard acted. */
export const GuardSchema = z.enum(['clipboard', 'capture', 'notes-app', 'notes-folder', 'scratchpad', 'scan']);
/** What it did. */
export const GuardActionSchema = z.enum(['scrubbed', 'cleared', 'blocked', 'terminated', 'minimized', 'redacted', 'quarantined', 'reported', 'purged']);

/** One guard event. `subject` is a process name or a file's base name, never content. */
export const GuardEventSchema = z.object({
  at: TimestampSchema,
  guard: GuardSchema,
  action: GuardActionSchema,
  subject: z.string().max(260).optional(),
  findings: z.array(MaskedCardFindingSchema).max(100).default([]),
  /**
   * Present when a full outbox folded several events of this guard and action into one entry: how
   * many there were. `at` is the first of them; `subject` and `findings` are dropped by the fold.
   */
  count: z.number().int().min(2).max(1_000_000_000).optional(),
});
export type GuardEvent = z.infer<typeof GuardEventSchema>;

/** Guard events since the last such report (masked findings only). */
export const GuardEventsReportBodySchema = z.object({
  ...reportBase,
  kind: z.literal('guard-events'),
  events: z.array(GuardEventSchema).min(1).max(500),
});
export type GuardEventsReportBody = z.infer<typeof GuardEventsReportBodySchema>;

/** "Still here" between posture reports; keeps the workstation from turning stale. */
export const HeartbeatReportBodySchema = z.object({
  ...reportBase,
  kind: z.literal('heartbeat'),
  sensitiveActive: z.boolean(),
});
export type HeartbeatReportBody = z.infer<typeof HeartbeatReportBodySchema>;

/** The agent is stopping on purpose; the console shows "stopped" rather than "stale". */
export const AgentStoppedReportBodySchema = z.object({
  ...reportBase,
  kind: z.literal('agent-stopped'),
  reason: z.enum(['quit', 'quit-with-pin', 'shutdown', 'signal', 'update']),
});
export type AgentStoppedReportBody = z.infer<typeof AgentStoppedReportBodySchema>;

/** Why an agent refused a policy it was sent (the last good policy stays active). */
export const PolicyRefusalReasonSchema = z.enum([
  /** The envelope is signed by a key id other than the one pinned at enrollment. */
  'unknown-key',
  /** The signature does not verify with the pinned server key (tampered or forged). */
  'bad-signature',
  /** The envelope or the policy document fails the schema. */
  'invalid-schema',
  /** The copy was issued to another device (another team's or group's policy). */
  'other-device',
  /** A lower version of the applied policy (rollback), or an envelope signed before the applied one (replay). */
  'older-version',
]);
export type PolicyRefusalReason = z.infer<typeof PolicyRefusalReasonSchema>;

/** The agent refused a policy; `refusedPolicy` holds what the envelope claimed, when readable. */
export const PolicyRefusedReportBodySchema = z.object({
  ...reportBase,
  kind: z.literal('policy-refused'),
  reason: PolicyRefusalReasonSchema,
  refusedPolicy: z.object({ policyId: z.string().max(128).nullable(), version: z.number().int().nullable() }),
  /** How the policy arrived: the answer to a check-in, or the live channel. */
  via: z.enum(['check-in', 'live']),
});
export type PolicyRefusedReportBody = z.infer<typeof PolicyRefusedReportBodySchema>;

/** Kinds of report, the `kind` field of a report body. */
export const REPORT_KINDS = ['posture', 'sensitive-state', 'guard-events', 'heartbeat', 'agent-stopped', 'policy-refused'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Any report body; `kind` decides the rest. */
export const ReportBodySchema = z.discriminatedUnion('kind', [
  PostureReportBodySchema,
  SensitiveStateReportBodySchema,
  GuardEventsReportBodySchema,
  HeartbeatReportBodySchema,
  AgentStoppedReportBodySchema,
  PolicyRefusedReportBodySchema,
]);
export type ReportBody = z.infer<typeof ReportBodySchema>;

/**
 * POST /api/v1/reports: a report body in a device-signed envelope (purpose "report",
 * keyId = deviceId = payload.deviceId). See shared/envelope/signed-envelope.ts for the signed bytes.
 *
 * Answers: 201 {status:"created"}; 200 {status:"duplicate"} for an identical re-send;
 * 400 invalid_request (field named, e.g. "payload.checks.0.status") / stale_timestamp;
 * 401 bad_signature / unknown_device; 403 device_revoked; 409 report_conflict (same reportId,
 * different content); 413 body_too_large; 422 card_number_refused; 429 rate_limited (Retry-After);
 * 503 database_unavailable (Retry-After; nothing stored, send the same report again later).
 */
export const SignedReportSchema = signedEnvelopeSchema('report', ReportBodySchema);
export type SignedReport = z.infer<typeof SignedReportSchema>;

/** 200/201 answer to a report. */
export const ReportAcceptedSchema = z.object({ reportId: z.uuid(), status: z.enum(['created', 'duplicate']) });
export type ReportAccepted = z.infer<typeof ReportAcceptedSchema>;

/**
 * @deprecated The walking skeleton's unsigned report. The server no longer accepts it (it answers
 * 400: reports are signed envelopes, {@link SignedReportSchema}). Kept only because the desktop
 * engine (electron/main/engine) still stores and shows this shape until the sync engine (issue 9)
 * moves it to {@link PostureReportBody} in a signed envelope.
 */
export const PostureReportSchema = z.object({
  reportId: z.uuid(),
  deviceId: z.string().min(1).max(128),
  hostname: z.string().min(1).max(255),
  os: OsInfoSchema,
  agentVersion: z.string().min(1).max(64),
  sentAt: z.iso.datetime({ offset: true }),
  checks: z.array(CheckResultSchema).max(50),
});
/** @deprecated See {@link PostureReportSchema}. */
export type PostureReport = z.infer<typeof PostureReportSchema>;
