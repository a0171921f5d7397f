import { z } from 'zod';
import { CheckResultSchema } from '../posture/check-result';

/** Largest report body the server accepts (bytes); bigger bodies get 413. */
export const MAX_REPORT_BYTES = 256 * 1024;

export const OsInfoSchema = z.object({
  platform: z.enum(['win32', 'darwin', 'linux']),
  release: z.string().max(200),
  distro: z.string().max(200).optional(),
});
export type OsInfo = z.infer<typeof OsInfoSchema>;

/** A posture report from one workstation (walking-skeleton form; signing arrives with enrollment). */
export const PostureReportSchema = z.object({
  reportId: z.uuid(),
  deviceId: z.string().min(1).max(128),
  hostname: z.string().min(1).max(255),
  os: OsInfoSchema,
  agentVersion: z.string().min(1).max(64),
  sentAt: z.iso.datetime({ offset: true }),
  checks: z.array(CheckResultSchema).max(50),
});
export type PostureReport = z.infer<typeof PostureReportSchema>;

/** One row of GET /api/v1/workstations: the latest status of a workstation. */
export const WorkstationSummarySchema = z.object({
  deviceId: z.string(),
  hostname: z.string(),
  os: OsInfoSchema,
  agentVersion: z.string(),
  lastSeen: z.string(),
  compliant: z.boolean(),
  checks: z.array(CheckResultSchema),
});
export type WorkstationSummary = z.infer<typeof WorkstationSummarySchema>;

export const WorkstationListSchema = z.object({ items: z.array(WorkstationSummarySchema) });
export type WorkstationList = z.infer<typeof WorkstationListSchema>;

/** Error body of every 4xx/5xx answer: a stable code and a human message. */
export const ApiErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;
