import os from 'node:os';
import { EnrollmentResponseSchema, type EnrollmentRequest } from '../../../shared/api/enrollment';
import { AGENT_VERSION, API_PREFIX } from '../../../shared/version';
import { DeviceKey } from './device-key';
import { forgetEnrollment, saveEnrolledDevice, syncPaths, type EnrolledDevice } from './device-state';
import { EndpointError, requestJson } from './http-client';
import { identityHash, type IdentityInputs, type IdentityRule } from './identity-rule';
import type { KeyProtector } from './key-protector';

/**
 * Enrollment failed. `reason` is what the person enrolling can act on; the message says it in words.
 * - `bad-url`: not an http(s) URL;
 * - `token-refused`: the server refused the token (unknown, expired, used up or revoked: the message says which);
 * - `unreachable`, `tls`, `not-shiftguard`, `server-error`: see RequestFailure.
 */
export class EnrollmentError extends Error {
  override readonly name = 'EnrollmentError';
  constructor(
    readonly reason: 'bad-url' | 'token-refused' | 'invalid-request' | 'unreachable' | 'tls' | 'not-shiftguard' | 'server-error',
    message: string,
  ) {
    super(message);
  }
}

export interface EnrollOptions {
  serverUrl: string;
  token: string;
  dataDir: string;
  protector: KeyProtector;
  identity: IdentityRule;
  identityInputs?: IdentityInputs;
  hostname?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/** Parses and checks the server URL: http(s), no credentials; returned without a trailing path. */
export function parseServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new EnrollmentError('bad-url', `'${text}' is not a URL (expected e.g. https://shiftguard.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new EnrollmentError('bad-url', `'${text}': only http:// and https:// URLs are supported`);
  if (url.username || url.password) throw new EnrollmentError('bad-url', `'${url.origin}': the URL must not carry a user name or password`);
  return url;
}

/**
 * Enrolls this workstation: makes a fresh Ed25519 key pair, sends its public half with the token and
 * the hashed identity, then saves the device id, the pinned server key and the protected private key.
 * Nothing is saved unless the server accepted; a new enrollment replaces the previous one.
 */
export async function enrollDevice(options: EnrollOptions): Promise<EnrolledDevice> {
  const server = parseServerUrl(options.serverUrl);
  const key = DeviceKey.generate();
  const hash = identityHash(options.identity, options.identityInputs);
  const request: EnrollmentRequest = {
    token: options.token,
    machineIdHash: hash,
    publicKey: key.publicKey,
    hostname: (options.hostname ?? os.hostname()).slice(0, 255) || 'unknown',
    agentVersion: AGENT_VERSION,
  };
  let json: unknown;
  try {
    ({ json } = await requestJson('POST', new URL(`${API_PREFIX}/enroll`, server), { body: request, ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}), timeoutMs: options.timeoutMs ?? 15_000 }));
  } catch (error) {
    if (!(error instanceof EndpointError)) throw error;
    switch (error.failure) {
      case 'refused':
        if (error.apiCode === 'enrollment_refused') throw new EnrollmentError('token-refused', `enrollment refused: ${error.message.replace(/ \(enrollment_refused\)$/, '')}; ask IT for a new enrollment token`);
        if (error.apiCode === 'invalid_request') throw new EnrollmentError('invalid-request', `enrollment refused: ${error.message}${/token/.test(error.message) ? '; check the token you were given' : ''}`);
        if (error.apiCode === 'not_found') throw new EnrollmentError('not-shiftguard', `${server.origin} has no enrollment endpoint: is this the ShiftGuard server URL?`);
        throw new EnrollmentError('server-error', `enrollment refused: ${error.message}`);
      case 'unreachable':
      case 'tls':
      case 'not-shiftguard':
      case 'server-error':
        throw new EnrollmentError(error.failure, error.message);
      default: {
        const never: never = error.failure;
        throw new EnrollmentError('server-error', String(never));
      }
    }
  }
  const answer = EnrollmentResponseSchema.safeParse(json);
  if (!answer.success) throw new EnrollmentError('not-shiftguard', `${server.origin} answered the enrollment with something unexpected: is this the ShiftGuard server URL?`);
  const device: EnrolledDevice = {
    serverUrl: server.origin,
    deviceId: answer.data.deviceId,
    teamId: answer.data.teamId,
    site: answer.data.site,
    serverPublicKey: answer.data.serverPublicKey,
    serverKeyId: answer.data.serverKeyId,
    maxClockSkewSeconds: answer.data.maxClockSkewSeconds,
    identityHash: hash,
    enrolledAt: new Date().toISOString(),
  };
  // A policy applied under the previous enrollment was issued to another device id: forget it.
  forgetEnrollment(options.dataDir);
  // The key first: a device.json never points at a key that is not on disk.
  key.save(syncPaths(options.dataDir).key, options.protector);
  saveEnrolledDevice(options.dataDir, device);
  return device;
}
