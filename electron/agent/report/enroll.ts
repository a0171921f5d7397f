import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import { EnrollmentResponseSchema, type EnrollmentRequest } from '../../../shared/api/enrollment';
import { API_PREFIX, AGENT_VERSION } from '../../../shared/version';
import { hashedMachineId } from './device-identity';
import { saveEnrollment, type EnrollmentState } from './enrollment-state';
import { ReportRejectedError } from './send-report';

/**
 * Enrolls this workstation: makes a fresh Ed25519 key pair, sends the public half with the token and
 * the hashed machine id, and saves the device id, the private key and the server's policy key.
 */
export async function enrollWorkstation(serverUrl: string, token: string, dataDir: string, timeoutMs = 10_000): Promise<EnrollmentState> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x;
  if (!x) throw new Error('could not export the device public key');
  const request: EnrollmentRequest = { token, machineIdHash: hashedMachineId(), publicKey: x, hostname: os.hostname(), agentVersion: AGENT_VERSION };
  const response = await fetch(new URL(`${API_PREFIX}/enroll`, serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) {
    const body = await response.text().catch(() => '');
    throw new ReportRejectedError(response.status, `enrollment refused (${response.status}): ${body.slice(0, 300)}`);
  }
  const answer = EnrollmentResponseSchema.parse(await response.json());
  const state: EnrollmentState = {
    serverUrl,
    deviceId: answer.deviceId,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    serverPublicKey: answer.serverPublicKey,
    serverKeyId: answer.serverKeyId,
  };
  saveEnrollment(dataDir, state);
  return state;
}
