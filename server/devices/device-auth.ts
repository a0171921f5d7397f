import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { parseDeviceAuthorization, deviceAuthSigningInput } from '../../shared/api/agent';
import { AnySignedEnvelopeSchema, envelopeSigningInput, envelopeSigningInputFromCanonical, type EnvelopePurpose } from '../../shared/envelope/signed-envelope';
import { canonicalJson } from '../../shared/envelope/canonical-json';
import { describeZodError, firstIssuePath } from '../../shared/validation';
import { publicKeyFromRaw, verifyText } from '../crypto/ed25519';
import { verifyPool } from '../crypto/verify-pool';
import type { DeviceKey, WorkstationsRepository } from '../repositories/workstations-repository';
import { ValidationError } from '../plugins/zod-validation';

/** A device request refused; `code` is the API error code, `status` the HTTP status. */
export class DeviceRefusedError extends Error {
  override readonly name = 'DeviceRefusedError';
  constructor(
    readonly status: number,
    readonly code: 'bad_signature' | 'unknown_device' | 'device_revoked' | 'device_key_unusable' | 'stale_timestamp' | 'card_number_refused' | 'rate_limited' | 'report_conflict',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** A verified device envelope. */
export interface VerifiedEnvelope<T> {
  device: DeviceKey;
  payload: T;
  /**
   * The payload exactly as sent, unknown fields included: what canonicalPayload (and so storage)
   * holds. Checks on stored content (card numbers) must look at this, not at the parsed payload,
   * which the schema stripped of fields it does not know.
   */
  sentPayload: unknown;
  /** The payload's canonical JSON (what was signed, without the header). */
  canonicalPayload: string;
  payloadHash: string;
}

/** Checks freshness of a device timestamp against the server clock. */
export function assertFresh(signedAt: string, now: number, maxSkewMs: number): void {
  const at = Date.parse(signedAt);
  if (!Number.isFinite(at) || Math.abs(now - at) > maxSkewMs) {
    throw new DeviceRefusedError(400, 'stale_timestamp', `signedAt is more than ${Math.round(maxSkewMs / 1000)} s away from the server clock; check the workstation's clock`);
  }
}

async function knownDevice(devices: WorkstationsRepository, deviceId: string): Promise<DeviceKey> {
  const device = await devices.deviceKey(deviceId);
  if (!device) throw new DeviceRefusedError(401, 'unknown_device', 'this device is not enrolled; enroll it again');
  if (device.revoked) throw new DeviceRefusedError(403, 'device_revoked', 'this device was revoked; enroll it again with a new token');
  // Keys enrolled before small-order keys were refused are checked here (once; then cached).
  try {
    publicKeyFromRaw(device.publicKey);
  } catch {
    throw new DeviceRefusedError(403, 'device_key_unusable', 'this device key cannot be trusted to sign; enroll it again with a new token');
  }
  return device;
}

/**
 * Verifies a device-signed envelope in the order that gives the clearest answer without doing
 * expensive work for strangers: shape → device known and not revoked → signature over the payload
 * exactly as sent → timestamp fresh → payload schema (naming the field).
 */
export async function verifyDeviceEnvelope<S extends z.ZodType>(
  raw: unknown,
  purpose: EnvelopePurpose,
  payloadSchema: S,
  options: { devices: WorkstationsRepository; now: number; maxSkewMs: number },
): Promise<VerifiedEnvelope<z.infer<S>>> {
  const shape = AnySignedEnvelopeSchema.safeParse(raw);
  if (!shape.success) throw new ValidationError(firstIssuePath(shape.error), describeZodError(shape.error));
  const envelope = shape.data;
  if (envelope.purpose !== purpose) throw new ValidationError('purpose', `purpose: expected "${purpose}"`);
  const device = await knownDevice(options.devices, envelope.keyId);
  const header = { purpose: envelope.purpose, keyId: envelope.keyId, signedAt: envelope.signedAt };
  // The payload is canonicalised once: for the signing input, for storage and for the hash. A
  // missing payload has no canonical form of its own; its signing input leaves the key out.
  const canonicalPayload = envelope.payload === undefined ? undefined : canonicalJson(envelope.payload);
  const signingInput = canonicalPayload === undefined ? envelopeSigningInput(header, envelope.payload) : envelopeSigningInputFromCanonical(header, canonicalPayload);
  if (!(await verifyPool().verify(signingInput, envelope.signature, device.publicKey))) {
    throw new DeviceRefusedError(401, 'bad_signature', 'the signature does not match the payload and the device key');
  }
  assertFresh(envelope.signedAt, options.now, options.maxSkewMs);
  const parsed = payloadSchema.safeParse(envelope.payload);
  if (!parsed.success) throw new ValidationError(`payload.${firstIssuePath(parsed.error)}`, `payload.${describeZodError(parsed.error)}`);
  const payload = parsed.data as z.infer<S> & { deviceId?: unknown };
  if (payload.deviceId !== undefined && payload.deviceId !== device.deviceId) throw new ValidationError('payload.deviceId', 'payload.deviceId: must equal the signing device (keyId)');
  if (canonicalPayload === undefined) throw new ValidationError('payload', 'payload: required');
  return { device, payload, sentPayload: envelope.payload, canonicalPayload, payloadHash: createHash('sha256').update(canonicalPayload).digest('hex') };
}

/** Verifies the `Authorization: ShiftGuard-Device …` header of a GET request from a device. */
export async function verifyDeviceHeader(
  header: string | undefined,
  method: string,
  path: string,
  options: { devices: WorkstationsRepository; now: number; maxSkewMs: number },
): Promise<DeviceKey> {
  const auth = parseDeviceAuthorization(header);
  if (!auth) throw new DeviceRefusedError(401, 'bad_signature', 'missing or malformed ShiftGuard-Device authorization header');
  const device = await knownDevice(options.devices, auth.deviceId);
  if (!verifyText(deviceAuthSigningInput(method, path, auth.timestamp), auth.signature, publicKeyFromRaw(device.publicKey))) {
    throw new DeviceRefusedError(401, 'bad_signature', 'the authorization signature does not verify');
  }
  assertFresh(auth.timestamp, options.now, options.maxSkewMs);
  return device;
}
