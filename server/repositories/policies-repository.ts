import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { PolicyInfo, Rollout } from '../../shared/api/policy';
import { PolicySchema, type Policy } from '../../shared/policy/schema';
import { describeZodError, firstIssuePath } from '../../shared/validation';
import type { Database, PolicyVersionTable } from '../db/tables';
import { recordAudit, type Actor } from './audit-repository';
import { NotFoundError } from './enrollment-repository';
import { iso, isoOrNull } from './time';

/** A policy document failed the shared schema; `field` names the first failing field. */
export class InvalidPolicyError extends Error {
  override readonly name = 'InvalidPolicyError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A change that conflicts with the stored state (publishing twice, publishing an old version). */
export class PolicyConflictError extends Error {
  override readonly name = 'PolicyConflictError';
}

/** The policy version a device should run. */
export interface EffectivePolicy {
  policyId: string;
  version: number;
  publishedAt: number;
  document: Policy;
}

const DEFAULT_POLICY_KEY = 'default_policy_id';

/** Checks a document with the shared schema; the version inside is set by the server. */
export function validatePolicyDocument(document: unknown, name: string, version: number): Policy {
  const input = typeof document === 'object' && document !== null ? { ...document, name, version } : document;
  const result = PolicySchema.safeParse(input);
  if (!result.success) throw new InvalidPolicyError(`document.${firstIssuePath(result.error)}`, describeZodError(result.error));
  return result.data;
}

/** Whether a rollout includes a device (stable hashing for percentages). */
export function rolloutIncludes(rollout: Rollout, policyId: string, deviceId: string): boolean {
  switch (rollout.stage) {
    case 'all':
      return true;
    case 'devices':
      return rollout.deviceIds.includes(deviceId);
    case 'percent': {
      const bucket = createHash('sha256').update(`${policyId}:${deviceId}`).digest().readUInt32BE(0) % 100;
      return bucket < rollout.percent;
    }
    default: {
      const never: never = rollout;
      throw new Error(`unknown rollout ${JSON.stringify(never)}`);
    }
  }
}

function versionInfo(r: Selectable<PolicyVersionTable>) {
  return {
    version: r.version,
    status: r.status,
    rollout: r.rollout_json === null ? null : (JSON.parse(r.rollout_json) as Rollout),
    createdAt: iso(r.created_at),
    publishedAt: isoOrNull(r.published_at),
    document: JSON.parse(r.document_json) as Policy,
  };
}

/**
 * Versioned policies: drafts are validated on save and again on publish, so an invalid document can
 * never be published; published versions only go up (agents refuse rollbacks).
 */
export class PoliciesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A new policy with its first draft (version 1). */
  async create(name: string, document: unknown, actor: Actor, now = Date.now()): Promise<{ id: string; version: number }> {
    const valid = validatePolicyDocument(document, name, 1);
    const id = randomUUID();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('policies').values({ id, name, created_at: now }).execute();
      await trx
        .insertInto('policy_versions')
        .values({ policy_id: id, version: 1, status: 'draft', document_json: JSON.stringify(valid), rollout_json: null, created_at: now, published_at: null, created_by: actor?.id ?? null })
        .execute();
      await recordAudit(trx, actor, { action: 'policy.create', targetType: 'policy', targetId: id, details: { name } }, now);
    });
    return { id, version: 1 };
  }

  /** A new draft version (highest version + 1). */
  async addVersion(policyId: string, document: unknown, actor: Actor, now = Date.now()): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const policy = await trx.selectFrom('policies').select(['id', 'name']).where('id', '=', policyId).executeTakeFirst();
      if (!policy) throw new NotFoundError(`policy ${policyId} does not exist`);
      const top = await trx.selectFrom('policy_versions').select((eb) => eb.fn.max('version').as('v')).where('policy_id', '=', policyId).executeTakeFirst();
      const version = Number(top?.v ?? 0) + 1;
      const valid = validatePolicyDocument(document, policy.name, version);
      await trx
        .insertInto('policy_versions')
        .values({ policy_id: policyId, version, status: 'draft', document_json: JSON.stringify(valid), rollout_json: null, created_at: now, published_at: null, created_by: actor?.id ?? null })
        .execute();
      await recordAudit(trx, actor, { action: 'policy.version.create', targetType: 'policy', targetId: policyId, details: { version } }, now);
      return version;
    });
  }

  /** Publishes a draft to a rollout stage, after validating it again. */
  async publish(policyId: string, version: number, rollout: Rollout, actor: Actor, now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const policy = await trx.selectFrom('policies').select(['id', 'name']).where('id', '=', policyId).executeTakeFirst();
      const row = await trx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).where('version', '=', version).executeTakeFirst();
      if (!policy || !row) throw new NotFoundError(`policy ${policyId} has no version ${version}`);
      if (row.status !== 'draft') throw new PolicyConflictError(`version ${version} is already published`);
      const newer = await trx
        .selectFrom('policy_versions')
        .select('version')
        .where('policy_id', '=', policyId)
        .where('status', '=', 'published')
        .where('version', '>', version)
        .executeTakeFirst();
      if (newer) throw new PolicyConflictError(`version ${newer.version} is already published; agents would refuse the older version ${version}`);
      validatePolicyDocument(JSON.parse(row.document_json), policy.name, version);
      const done = await trx
        .updateTable('policy_versions')
        .set({ status: 'published', rollout_json: JSON.stringify(rollout), published_at: now })
        .where('policy_id', '=', policyId)
        .where('version', '=', version)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (done.numUpdatedRows === 0n) throw new PolicyConflictError(`version ${version} was published meanwhile`);
      await recordAudit(trx, actor, { action: 'policy.publish', targetType: 'policy', targetId: policyId, details: { version, rollout } }, now);
    });
  }

  /** Changes the rollout of a published version (e.g. pilot devices → all). */
  async updateRollout(policyId: string, version: number, rollout: Rollout, actor: Actor, now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('policy_versions')
        .set({ rollout_json: JSON.stringify(rollout) })
        .where('policy_id', '=', policyId)
        .where('version', '=', version)
        .where('status', '=', 'published')
        .executeTakeFirst();
      if (done.numUpdatedRows === 0n) throw new NotFoundError(`policy ${policyId} has no published version ${version}`);
      await recordAudit(trx, actor, { action: 'policy.rollout', targetType: 'policy', targetId: policyId, details: { version, rollout } }, now);
    });
  }

  /** Assigns a policy to a team (null: the team follows the default policy). */
  async assignToTeam(teamId: string, policyId: string | null, actor: Actor, now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (policyId && !(await trx.selectFrom('policies').select('id').where('id', '=', policyId).executeTakeFirst())) {
        throw new NotFoundError(`policy ${policyId} does not exist`);
      }
      const done = await trx.updateTable('teams').set({ policy_id: policyId }).where('id', '=', teamId).executeTakeFirst();
      if (done.numUpdatedRows === 0n) throw new NotFoundError(`team ${teamId} does not exist`);
      await recordAudit(trx, actor, { action: 'policy.assign', targetType: 'team', targetId: teamId, details: { policyId } }, now);
    });
  }

  /** Makes a policy the default for devices whose team has none (and devices without a team). */
  async setDefault(policyId: string, actor: Actor, now = Date.now()): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await trx.selectFrom('policies').select('id').where('id', '=', policyId).executeTakeFirst())) throw new NotFoundError(`policy ${policyId} does not exist`);
      await trx
        .insertInto('settings')
        .values({ key: DEFAULT_POLICY_KEY, value: policyId })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: policyId }))
        .execute();
      await recordAudit(trx, actor, { action: 'policy.set-default', targetType: 'policy', targetId: policyId }, now);
    });
  }

  async list(): Promise<PolicyInfo[]> {
    const [policies, versions, teams, def] = await Promise.all([
      this.db.selectFrom('policies').selectAll().orderBy('name').execute(),
      this.db.selectFrom('policy_versions').selectAll().orderBy('version', 'desc').execute(),
      this.db.selectFrom('teams').select(['id', 'policy_id']).where('policy_id', 'is not', null).execute(),
      this.db.selectFrom('settings').select('value').where('key', '=', DEFAULT_POLICY_KEY).executeTakeFirst(),
    ]);
    return policies.map((p) => ({
      id: p.id,
      name: p.name,
      isDefault: def?.value === p.id,
      teamIds: teams.filter((t) => t.policy_id === p.id).map((t) => t.id),
      versions: versions.filter((v) => v.policy_id === p.id).map(versionInfo),
    }));
  }

  /**
   * The policy a device should run: its team's policy (or the default), at the newest published
   * version whose rollout includes the device. Undefined when nothing applies (built-in default).
   */
  async effectiveFor(deviceId: string): Promise<EffectivePolicy | undefined> {
    const device = await this.db
      .selectFrom('workstations')
      .leftJoin('teams', 'teams.id', 'workstations.team_id')
      .select(['teams.policy_id as team_policy'])
      .where('workstations.device_id', '=', deviceId)
      .executeTakeFirst();
    if (!device) return undefined;
    let policyId = device.team_policy;
    if (!policyId) policyId = (await this.db.selectFrom('settings').select('value').where('key', '=', DEFAULT_POLICY_KEY).executeTakeFirst())?.value ?? null;
    if (!policyId) return undefined;
    const versions = await this.db
      .selectFrom('policy_versions')
      .select(['version', 'rollout_json', 'published_at', 'document_json'])
      .where('policy_id', '=', policyId)
      .where('status', '=', 'published')
      .orderBy('version', 'desc')
      .execute();
    for (const v of versions) {
      const rollout = JSON.parse(v.rollout_json ?? '{"stage":"all"}') as Rollout;
      if (rolloutIncludes(rollout, policyId, deviceId)) {
        return { policyId, version: v.version, publishedAt: v.published_at ?? 0, document: JSON.parse(v.document_json) as Policy };
      }
    }
    return undefined;
  }
}
