import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The per-install integration token: made once (256 random bits), kept in the agent's data folder
 * readable by the user only. The CRM or softphone integration is configured with it.
 */
export async function loadOrCreateApiToken(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'integration-token');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing.trim())) return existing.trim();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('base64url');
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Constant-time comparison of a presented token with the real one. */
export function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
