import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CreatedEnrollmentToken, EnrollmentRequest, EnrollmentTokenInfo } from '../../shared/api/enrollment';
import type { Database, EnrollmentTokenTable } from '../db/tables';
import { recordAudit, type Actor } from './audit-repository';
import { iso, isoOrNull } from './time';

/** Enrollment was refused; the message is safe to show. */
export class EnrollmentRefusedError extends Error {
  override readonly name = 'EnrollmentRefusedError';
}

/** A referenced row (team, policy, user) does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** sha256 hex of a token secret: what the database keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toInfo(r: Selectable<EnrollmentTokenTable>): EnrollmentTokenInfo {
  return {
    id: r.id,
    teamId: r.team_id,
    site: r.site,
    label: r.label,
    expiresAt: iso(r.expires_at),
    maxUses: r.max_uses,
    uses: r.uses,
    revokedAt: isoOrNull(r.revoked_at),
    createdAt: iso(r.created_at),
  };
}

/** The device a successful enrollment made. */
export interface EnrolledDevice {
  deviceId: string;
  teamId: string | null;
  site: string | null;
}

/** Input of {@link EnrollmentRepository.createToken}. */
export interface NewEnrollmentToken {
  teamId?: string | undefined;
  site?: string | undefined;
  expiresInHours: number;
  maxUses: number;
  label?: string | undefined;
}

/** Enrollment tokens and device enrollment. */
export class EnrollmentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Makes a token; the secret is returned once and stored only hashed. */
  async createToken(input: NewEnrollmentToken, actor: Actor, now = Date.now()): Promise<CreatedEnrollmentToken> {
    const token = `sget_${randomBytes(24).toString('base64url')}`;
    return this.db.transaction().execute(async (trx) => {
      let site = input.site ?? null;
      if (input.teamId) {
        const team = await trx.selectFrom('teams').select(['id', 'site']).where('id', '=', input.teamId).executeTakeFirst();
        if (!team) throw new NotFoundError(`team ${input.teamId} does not exist`);
        site = team.site;
      }
      const row = {
        id: randomUUID(),
        token_hash: hashToken(token),
        team_id: input.teamId ?? null,
        site,
        label: input.label ?? null,
        expires_at: now + input.expiresInHours * 3_600_000,
        max_uses: input.maxUses,
        uses: 0,
        revoked_at: null,
        created_at: now,
        created_by: actor?.id ?? null,
      };
      await trx.insertInto('enrollment_tokens').values(row).execute();
      await recordAudit(
        trx,
        actor,
        {
          action: 'enrollment-token.create',
          targetType: 'enrollment-token',
          targetId: row.id,
          details: { teamId: row.team_id, site: row.site, maxUses: row.max_uses, expiresAt: iso(row.expires_at) },
        },
        now,
      );
      return { ...toInfo(row), token };
    });
  }

  async listTokens(): Promise<EnrollmentTokenInfo[]> {
    const rows = await this.db.selectFrom('enrollment_tokens').selectAll().orderBy('created_at', 'desc').execute();
    return rows.map(toInfo);
  }

  /** Revokes a token; false when there is no such (unrevoked) token. */
  async revokeToken(id: string, actor: Actor, now = Date.now()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx.updateTable('enrollment_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      await recordAudit(trx, actor, { action: 'enrollment-token.revoke', targetType: 'enrollment-token', targetId: id }, now);
      return true;
    });
  }

  /**
   * Enrolls a device with a token. The token's use is counted by one conditional UPDATE, so two
   * instances cannot both spend its last use. An earlier device of the same machine is revoked.
   */
  async enroll(request: EnrollmentRequest, now = Date.now()): Promise<EnrolledDevice> {
    return this.db.transaction().execute(async (trx) => {
      const token = await trx.selectFrom('enrollment_tokens').selectAll().where('token_hash', '=', hashToken(request.token)).executeTakeFirst();
      if (!token) throw new EnrollmentRefusedError('the enrollment token is not valid');
      if (token.revoked_at !== null) throw new EnrollmentRefusedError('the enrollment token was revoked');
      if (token.expires_at <= now) throw new EnrollmentRefusedError('the enrollment token has expired');
      const spent = await trx
        .updateTable('enrollment_tokens')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', token.id)
        .where('uses', '<', token.max_uses)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (spent.numUpdatedRows === 0n) throw new EnrollmentRefusedError('the enrollment token has no uses left');
      const previous = await trx
        .updateTable('workstations')
        .set({ revoked_at: now })
        .where('machine_id_hash', '=', request.machineIdHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      const deviceId = randomUUID();
      await trx
        .insertInto('workstations')
        .values({
          device_id: deviceId,
          machine_id_hash: request.machineIdHash,
          public_key: request.publicKey,
          team_id: token.team_id,
          site: token.site,
          token_id: token.id,
          hostname: request.hostname,
          agent_version: request.agentVersion,
          enrolled_at: now,
          revoked_at: null,
          os_json: null,
          compliant: null,
          last_seen: null,
          last_posture_at: null,
          stale_after: null,
          sensitive_changed_at: null,
          stopped_at: null,
          applied_policy_id: null,
          applied_policy_version: null,
        })
        .execute();
      await recordAudit(
        trx,
        null,
        {
          action: 'workstation.enroll',
          targetType: 'workstation',
          targetId: deviceId,
          details: { tokenId: token.id, teamId: token.team_id, site: token.site, hostname: request.hostname, revokedPrevious: Number(previous.numUpdatedRows) },
        },
        now,
      );
      return { deviceId, teamId: token.team_id, site: token.site };
    });
  }
}
