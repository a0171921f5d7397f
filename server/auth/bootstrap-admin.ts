import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables';
import { hashPassword } from './password';

/** What the first run created; the password is returned only when it was generated. */
export type BootstrapResult = { created: false } | { created: true; email: string; generatedPassword: string | undefined };

/**
 * Creates the first admin when there is no user yet: from SHIFTGUARD_ADMIN_EMAIL /
 * SHIFTGUARD_ADMIN_PASSWORD when set, otherwise admin@localhost with a generated password that
 * the caller prints once (it is stored only hashed).
 */
export async function bootstrapAdmin(db: Kysely<Database>, env: NodeJS.ProcessEnv = process.env): Promise<BootstrapResult> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false };
  const email = env.SHIFTGUARD_ADMIN_EMAIL?.trim() || 'admin@localhost';
  const given = env.SHIFTGUARD_ADMIN_PASSWORD;
  if (given !== undefined && given.length < 12) throw new Error('SHIFTGUARD_ADMIN_PASSWORD must be at least 12 characters');
  const password = given ?? randomBytes(18).toString('base64url');
  await db
    .insertInto('users')
    .values({ id: randomUUID(), email, password_hash: await hashPassword(password), role: 'admin', created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  return { created: true, email, generatedPassword: given === undefined ? password : undefined };
}
