import { createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Ed25519PublicKeySchema } from '../../../shared/envelope/signed-envelope';

// Minimal enrollment state for the headless agent until the sync engine (issue 9) replaces it.

const StateSchema = z.object({
  serverUrl: z.string(),
  deviceId: z.uuid(),
  /** The device's Ed25519 private key, PKCS#8 PEM. The file is 0600 in a 0700 folder. */
  privateKeyPem: z.string(),
  serverPublicKey: Ed25519PublicKeySchema,
  serverKeyId: z.string(),
});
export type EnrollmentState = z.infer<typeof StateSchema>;

const file = (dir: string) => path.join(dir, 'enrollment.json');

/** The saved enrollment for `serverUrl`, or undefined when this agent is not enrolled there. */
export function loadEnrollment(dir: string, serverUrl: string): (EnrollmentState & { privateKey: KeyObject }) | undefined {
  if (!existsSync(file(dir))) return undefined;
  const parsed = StateSchema.safeParse(JSON.parse(readFileSync(file(dir), 'utf8')));
  if (!parsed.success || parsed.data.serverUrl !== serverUrl) return undefined;
  return { ...parsed.data, privateKey: createPrivateKey(parsed.data.privateKeyPem) };
}

/** Saves the enrollment, readable by this user only. */
export function saveEnrollment(dir: string, state: EnrollmentState): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file(dir), JSON.stringify(state, null, 2), { mode: 0o600 });
  chmodSync(file(dir), 0o600);
}
