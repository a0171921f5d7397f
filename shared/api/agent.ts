import { z } from 'zod';
import { signedEnvelopeSchema } from '../envelope/signed-envelope';
import { IdSchema, TimestampSchema } from './common';
import { SignedPolicySchema } from './policy';
import { AppliedPolicySchema } from './report';

/**
 * POST /api/v1/agent/check-in: a device-signed envelope (purpose "check-in", keyId = deviceId).
 * Agents check in at start, on every report interval, when the live channel says so, and after
 * applying a policy (to report the version they applied).
 */
export const CheckInPayloadSchema = z.object({
  deviceId: IdSchema,
  appliedPolicy: AppliedPolicySchema,
  agentVersion: z.string().min(1).max(64),
});
export type CheckInPayload = z.infer<typeof CheckInPayloadSchema>;
export const SignedCheckInSchema = signedEnvelopeSchema('check-in', CheckInPayloadSchema);
export type SignedCheckIn = z.infer<typeof SignedCheckInSchema>;

/** A request to run the posture checks now (from an admin or supervisor). */
export const CheckNowRequestSchema = z.object({ requestId: IdSchema, requestedAt: TimestampSchema });
export type CheckNowRequest = z.infer<typeof CheckNowRequestSchema>;

/**
 * Answer to a check-in. `policy` is the signed policy this device should run when it differs from
 * `appliedPolicy` (null when the agent is up to date, or when nothing is published: the agent then
 * keeps the built-in default). `checkNow` lists pending check-now requests (each delivered once).
 */
export const CheckInResponseSchema = z.object({
  serverTime: TimestampSchema,
  policy: SignedPolicySchema.nullable(),
  checkNow: z.array(CheckNowRequestSchema),
});
export type CheckInResponse = z.infer<typeof CheckInResponseSchema>;

/**
 * GET /api/v1/agent/events: Server-Sent Events for one device. The device authenticates with a
 * signed header (see {@link deviceAuthSigningInput}):
 *
 *   Authorization: ShiftGuard-Device id=<deviceId>, ts=<ISO timestamp>, sig=<base64url Ed25519>
 *
 * Each event is `event: <type>` + `data: <JSON of LiveEvent>`; comments (`: ping`) keep the
 * connection open every 25 s. On `policy-published` the agent verifies and applies `policy`; on
 * `check-now` it runs the checks and sends a posture report. After a reconnect the agent checks in,
 * so nothing published while it was away is missed.
 */
export const LiveEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), deviceId: IdSchema, serverTime: TimestampSchema }),
  z.object({ type: z.literal('policy-published'), policy: SignedPolicySchema }),
  z.object({ type: z.literal('check-now'), request: CheckNowRequestSchema }),
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;

/** The scheme name of the device Authorization header. */
export const DEVICE_AUTH_SCHEME = 'ShiftGuard-Device';

/**
 * Text a device signs to authenticate a GET (UTF-8): `shiftguard-device-auth-v1\n<METHOD>\n<path>\n<ts>`.
 * `path` is the request path without the query string, e.g. `/api/v1/agent/events`.
 */
export function deviceAuthSigningInput(method: string, path: string, timestamp: string): string {
  return `shiftguard-device-auth-v1\n${method.toUpperCase()}\n${path}\n${timestamp}`;
}

/** Parses `ShiftGuard-Device id=…, ts=…, sig=…`; null when the header is not of that form. */
export function parseDeviceAuthorization(header: string | undefined): { deviceId: string; timestamp: string; signature: string } | null {
  if (!header?.startsWith(`${DEVICE_AUTH_SCHEME} `)) return null;
  const parts = new Map<string, string>();
  for (const item of header.slice(DEVICE_AUTH_SCHEME.length + 1).split(',')) {
    const eq = item.indexOf('=');
    if (eq > 0) parts.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const deviceId = parts.get('id');
  const timestamp = parts.get('ts');
  const signature = parts.get('sig');
  return deviceId && timestamp && signature ? { deviceId, timestamp, signature } : null;
}

/** Builds the header value for {@link parseDeviceAuthorization}. */
export function formatDeviceAuthorization(deviceId: string, timestamp: string, signature: string): string {
  return `${DEVICE_AUTH_SCHEME} id=${deviceId}, ts=${timestamp}, sig=${signature}`;
}
