import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Ed25519PublicKeySchema } from '../../../shared/envelope/signed-envelope';
import { writeFileAtomic } from './atomic-file';

/** What enrollment leaves on disk (device.json; the private key is in device-key.json). */
export const EnrolledDeviceSchema = z.object({
  serverUrl: z.url(),
  deviceId: z.uuid(),
  teamId: z.uuid().nullable(),
  site: z.string().nullable(),
  /** The pinned policy-signing key: every policy must verify with it. */
  serverPublicKey: Ed25519PublicKeySchema,
  serverKeyId: z.string(),
  maxClockSkewSeconds: z.number().int().positive(),
  identityHash: z.string(),
  enrolledAt: z.iso.datetime({ offset: true }),
});
export type EnrolledDevice = z.infer<typeof EnrolledDeviceSchema>;

/** The files of the sync engine inside the agent's data folder. */
export function syncPaths(dataDir: string) {
  const dir = path.join(dataDir, 'sync');
  return {
    dir,
    device: path.join(dir, 'device.json'),
    key: path.join(dir, 'device-key.json'),
    policy: path.join(dir, 'policy.json'),
    outbox: path.join(dir, 'outbox'),
  };
}

/** The saved enrollment, or undefined when this agent is not enrolled (or the file is unusable). */
export function loadEnrolledDevice(dataDir: string): EnrolledDevice | undefined {
  const file = syncPaths(dataDir).device;
  if (!existsSync(file)) return undefined;
  try {
    const parsed = EnrolledDeviceSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function saveEnrolledDevice(dataDir: string, device: EnrolledDevice): void {
  writeFileAtomic(syncPaths(dataDir).device, JSON.stringify(device, null, 2), 0o600);
}

/** Forgets the enrollment and the applied policy (the outbox stays: its reports are still owed). */
export function forgetEnrollment(dataDir: string): void {
  const paths = syncPaths(dataDir);
  for (const file of [paths.device, paths.key, paths.policy]) rmSync(file, { force: true });
}
