import { z } from 'zod';

/** Identifiers of the posture checks the agent knows. */
export const CHECK_IDS = ['disk-encryption', 'antivirus', 'usb', 'os-patches', 'firewall', 'screen-lock'] as const;
export const CheckIdSchema = z.enum(CHECK_IDS);
/** One of {@link CHECK_IDS}. */
export type CheckId = z.infer<typeof CheckIdSchema>;

/**
 * pass / fail are verdicts; unknown means the check could not decide (with the reason in the
 * summary) and never counts as pass; error means the probe itself broke.
 */
export const CheckStatusSchema = z.enum(['pass', 'fail', 'unknown', 'error']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** Evidence is structured facts (never free-form dumps of command output). */
export type EvidenceValue = string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };
export const EvidenceValueSchema: z.ZodType<EvidenceValue> = z.lazy(() =>
  z.union([
    z.string().max(2000),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(EvidenceValueSchema).max(200),
    z.record(z.string().max(100), EvidenceValueSchema),
  ]),
);

/** The result of one posture check, judged against the active policy. */
export const CheckResultSchema = z.object({
  id: CheckIdSchema,
  status: CheckStatusSchema,
  /** One plain-language sentence for the agent. */
  summary: z.string().min(1).max(500),
  evidence: z.record(z.string().max(100), EvidenceValueSchema),
  /** What the agent or IT should do; present for fail / unknown / error. */
  remediation: z.string().max(1000).optional(),
  durationMs: z.number().nonnegative(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;
