import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Role, User } from '../../shared/api/auth';
import type { Team } from '../../shared/api/common';
import { hashPassword, verifyPassword } from '../auth/password';
import type { Database } from '../db/tables';
import { recordAudit, type Actor } from './audit-repository';
import { NotFoundError } from './enrollment-repository';
import { ALL, type Scope } from './scope';

/** A signed-in person as the server uses it. */
export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  teamIds: string[];
}

/** A valid session. */
export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: number;
}

/** The email is taken (users) or the name is taken (teams). */
export class DuplicateError extends Error {
  override readonly name = 'DuplicateError';
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Login failures allowed per email and per client address within {@link LOGIN_WINDOW_MS}. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60_000;

/** Users, teams, sessions and login throttling, stored in the database so every instance agrees. */
export class PeopleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private async teamIdsOf(userId: string): Promise<string[]> {
    return (await this.db.selectFrom('user_teams').select('team_id').where('user_id', '=', userId).execute()).map((r) => r.team_id);
  }

  async listUsers(): Promise<User[]> {
    const [users, links] = await Promise.all([
      this.db.selectFrom('users').selectAll().orderBy('email').execute(),
      this.db.selectFrom('user_teams').selectAll().execute(),
    ]);
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      role: u.role as Role,
      teamIds: links.filter((l) => l.user_id === u.id).map((l) => l.team_id),
      disabled: u.disabled === 1,
      createdAt: u.created_at,
    }));
  }

  async createUser(input: { email: string; password: string; role: Role; teamIds: string[] }, actor: Actor, now = Date.now()): Promise<string> {
    const id = randomUUID();
    const passwordHash = await hashPassword(input.password);
    const email = input.email.toLowerCase();
    await this.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) throw new DuplicateError(`a user ${email} exists`);
      await trx.insertInto('users').values({ id, email, password_hash: passwordHash, role: input.role, created_at: new Date(now).toISOString() }).execute();
      if (input.teamIds.length > 0) await trx.insertInto('user_teams').values(input.teamIds.map((t) => ({ user_id: id, team_id: t }))).execute();
      await recordAudit(trx, actor, { action: 'user.create', targetType: 'user', targetId: id, details: { email, role: input.role, teamIds: input.teamIds } }, now);
    });
    return id;
  }

  async updateUser(id: string, change: { role?: Role | undefined; teamIds?: string[] | undefined; disabled?: boolean | undefined; password?: string | undefined }, actor: Actor, now = Date.now()): Promise<void> {
    const passwordHash = change.password ? await hashPassword(change.password) : undefined;
    await this.db.transaction().execute(async (trx) => {
      if (!(await trx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst())) throw new NotFoundError(`user ${id} does not exist`);
      const set: { role?: string; disabled?: number; password_hash?: string } = {};
      if (change.role) set.role = change.role;
      if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
      if (passwordHash) set.password_hash = passwordHash;
      if (Object.keys(set).length > 0) await trx.updateTable('users').set(set).where('id', '=', id).execute();
      if (change.teamIds) {
        await trx.deleteFrom('user_teams').where('user_id', '=', id).execute();
        if (change.teamIds.length > 0) await trx.insertInto('user_teams').values(change.teamIds.map((t) => ({ user_id: id, team_id: t }))).execute();
      }
      // Role, team or password changes end the user's sessions, so old rights do not linger.
      if (change.role || change.teamIds || change.disabled || passwordHash) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      await recordAudit(
        trx,
        actor,
        { action: 'user.update', targetType: 'user', targetId: id, details: { role: change.role, teamIds: change.teamIds, disabled: change.disabled, passwordChanged: passwordHash !== undefined } },
        now,
      );
    });
  }

  /** Teams in scope (a supervisor sees only their own). */
  async listTeams(scope: Scope = ALL): Promise<Team[]> {
    let q = this.db.selectFrom('teams').select(['id', 'name', 'site']).orderBy('name');
    if (scope.kind === 'teams') q = scope.teamIds.length === 0 ? q.where('id', '=', '') : q.where('id', 'in', [...scope.teamIds]);
    return (await q.execute()).map((t) => ({ id: t.id, name: t.name, site: t.site }));
  }

  async createTeam(input: { name: string; site: string | null }, actor: Actor, now = Date.now()): Promise<Team> {
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('teams').select('id').where('name', '=', input.name).executeTakeFirst()) throw new DuplicateError(`a team named ${input.name} exists`);
      await trx.insertInto('teams').values({ id, name: input.name, site: input.site, policy_id: null, created_at: now }).execute();
      await recordAudit(trx, actor, { action: 'team.create', targetType: 'team', targetId: id, details: input }, now);
    });
    return { id, ...input };
  }

  /**
   * Checks a password. Returns the user, or null; disabled accounts and unknown emails cost the same
   * scrypt work as a wrong password, so timing does not tell which emails exist.
   */
  async authenticate(email: string, password: string): Promise<SessionUser | null> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || row.disabled === 1) return null;
    return { id: row.id, email: row.email, role: row.role as Role, teamIds: await this.teamIdsOf(row.id) };
  }

  /** Failures recorded for a throttle key within the window. */
  async loginFailures(key: string, now = Date.now()): Promise<number> {
    const row = await this.db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
    return row && row.window_start > now - LOGIN_WINDOW_MS ? row.failures : 0;
  }

  async recordLoginFailure(key: string, now = Date.now()): Promise<void> {
    const row = await this.db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row || row.window_start <= now - LOGIN_WINDOW_MS) {
      await this.db
        .insertInto('login_attempts')
        .values({ key, failures: 1, window_start: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures: 1, window_start: now }))
        .execute();
    } else {
      await this.db.updateTable('login_attempts').set((eb) => ({ failures: eb('failures', '+', 1) })).where('key', '=', key).execute();
    }
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('key', '=', key).execute();
  }

  /** Starts a session; returns the cookie value (stored only hashed) and the CSRF token. */
  async createSession(user: SessionUser, ttlMs: number, now = Date.now()): Promise<{ cookie: string; session: Session }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlMs;
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('sessions').values({ id_hash: sha256(cookie), user_id: user.id, csrf_token: csrfToken, created_at: now, expires_at: expiresAt }).execute();
      await recordAudit(trx, { id: user.id, email: user.email }, { action: 'session.login', targetType: 'user', targetId: user.id }, now);
    });
    return { cookie, session: { user, csrfToken, expiresAt } };
  }

  /** The session behind a cookie value, if valid and the user still enabled. */
  async session(cookie: string, now = Date.now()): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['users.id', 'users.email', 'users.role', 'users.disabled', 'sessions.csrf_token', 'sessions.expires_at'])
      .where('sessions.id_hash', '=', sha256(cookie))
      .executeTakeFirst();
    if (!row || row.expires_at <= now || row.disabled === 1) return undefined;
    return { user: { id: row.id, email: row.email, role: row.role as Role, teamIds: await this.teamIdsOf(row.id) }, csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async deleteSession(cookie: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', sha256(cookie)).execute();
  }
}

// A valid scrypt hash of a random password: verifying against it costs what a real check costs.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
