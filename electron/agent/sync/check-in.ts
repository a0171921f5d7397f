import { CheckInResponseSchema, type CheckInPayload, type CheckNowRequest } from '../../../shared/api/agent';
import type { AppliedPolicy } from '../../../shared/api/report';
import { AGENT_VERSION, API_PREFIX } from '../../../shared/version';
import type { DeviceKey } from './device-key';
import type { EnrolledDevice } from './device-state';
import { requestJson } from './http-client';

/** What a check-in brought back. */
export interface CheckInResult {
  /** The signed policy exactly as received (verified over these bytes), or null when up to date. */
  rawPolicy: unknown;
  checkNow: CheckNowRequest[];
}

/** POST /agent/check-in: states the applied policy; throws EndpointError when it fails. */
export async function postCheckIn(device: EnrolledDevice, key: DeviceKey, applied: AppliedPolicy, fetchImpl?: typeof fetch): Promise<CheckInResult> {
  const payload: CheckInPayload = { deviceId: device.deviceId, appliedPolicy: applied, agentVersion: AGENT_VERSION };
  const { json } = await requestJson('POST', new URL(`${API_PREFIX}/agent/check-in`, device.serverUrl), {
    body: key.envelope('check-in', device.deviceId, payload),
    ...(fetchImpl ? { fetchImpl } : {}),
  });
  const answer = CheckInResponseSchema.safeParse(json);
  // Schema defaults must not touch the signed bytes: the policy is handed on raw.
  const rawPolicy = (json as { policy?: unknown } | null)?.policy ?? null;
  return { rawPolicy, checkNow: answer.success ? answer.data.checkNow : [] };
}
