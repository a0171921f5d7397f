import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

/** One change made by a person (or by the server on a person's behalf, e.g. retention). */
export const AuditEventSchema = z.object({
  id: IdSchema,
  at: TimestampSchema,
  /** Null for the server itself (retention pruning, first-run bootstrap). */
  actorId: IdSchema.nullable(),
  actorEmail: z.string().nullable(),
  /** Dotted verb, e.g. "policy.publish", "user.create", "workstation.delete". */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What changed; never secrets (tokens, passwords) and never card data. */
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

/** GET /api/v1/audit (admin, auditor). */
export const AuditQuerySchema = z.object({
  before: TimestampSchema.optional(),
  action: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const AuditListSchema = z.object({ items: z.array(AuditEventSchema) });

/** GET/PUT /api/v1/settings/retention (PUT: admin). */
export const RetentionSettingsSchema = z.object({
  /** Reports older than this are folded into daily aggregates and deleted. */
  reportDays: z.number().int().min(1).max(3650),
  /** Audit events older than this are deleted. */
  auditDays: z.number().int().min(30).max(3650),
});
export type RetentionSettings = z.infer<typeof RetentionSettingsSchema>;
