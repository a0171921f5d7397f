import { z } from 'zod';
import { CheckResultSchema } from '../posture/check-result';
import { OsInfoSchema } from './report';


/** @deprecated Walking-skeleton report (unsigned); replaced by SignedReportSchema in ./report and removed once the server switches. */
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
