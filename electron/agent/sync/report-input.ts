import { randomUUID } from 'node:crypto';
import type { AppliedPolicy, ReportBody } from '../../../shared/api/report';
import { AGENT_VERSION } from '../../../shared/version';

type BaseField = 'reportId' | 'deviceId' | 'observedAt' | 'agentVersion' | 'appliedPolicy';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A report as producers hand it in: the kind-specific fields; the sync engine adds the rest. */
export type ReportInput = DistributiveOmit<ReportBody, BaseField> & { observedAt?: string };

/** Completes a report: a fresh unique id, this device, the applied policy, the agent version. */
export function completeReport(input: ReportInput, deviceId: string, appliedPolicy: AppliedPolicy, now: Date): ReportBody {
  return {
    ...input,
    reportId: randomUUID(),
    deviceId,
    observedAt: input.observedAt ?? now.toISOString(),
    agentVersion: AGENT_VERSION,
    appliedPolicy,
  } as ReportBody;
}
