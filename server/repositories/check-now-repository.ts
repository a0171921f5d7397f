import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CheckNowRequest } from '../../shared/api/agent';
import type { Database } from '../db/tables';
import { recordAudit, type Actor } from './audit-repository';
import type { Scope } from './scope';
import { iso } from './time';

/** Pending "check now" requests, one row per device, each delivered once. */
export class CheckNowRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a request for devices (in scope, not revoked) or a whole team; returns the devices it reaches. */
  async create(target: { deviceIds?: string[] | undefined; teamId?: string | undefined }, scope: Scope, actor: Actor, now = Date.now()): Promise<{ requestId: string; deviceIds: string[] }> {
    const requestId = randomUUID();
    return this.db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('workstations').select('device_id').where('revoked_at', 'is', null);
      if (target.deviceIds) q = q.where('device_id', 'in', target.deviceIds);
      if (target.teamId) q = q.where('team_id', '=', target.teamId);
      if (scope.kind === 'teams') q = scope.teamIds.length === 0 ? q.where('device_id', '=', '') : q.where('team_id', 'in', [...scope.teamIds]);
      const deviceIds = (await q.execute()).map((r) => r.device_id);
      if (deviceIds.length > 0) {
        await trx.insertInto('check_now_requests').values(deviceIds.map((d) => ({ request_id: requestId, device_id: d, requested_at: now, delivered_at: null }))).execute();
      }
      await recordAudit(trx, actor, { action: 'workstation.check-now', targetType: target.teamId ? 'team' : 'workstation', targetId: target.teamId ?? null, details: { requestId, devices: deviceIds.length } }, now);
      return { requestId, deviceIds };
    });
  }

  /**
   * Takes the undelivered requests of a device (optionally only one request), marking them
   * delivered; the conditional update makes sure two instances never both deliver one.
   */
  async take(deviceId: string, requestId?: string, now = Date.now()): Promise<CheckNowRequest[]> {
    let q = this.db.selectFrom('check_now_requests').select(['request_id', 'requested_at']).where('device_id', '=', deviceId).where('delivered_at', 'is', null);
    if (requestId) q = q.where('request_id', '=', requestId);
    const pending = await q.execute();
    const taken: CheckNowRequest[] = [];
    for (const p of pending) {
      const done = await this.db
        .updateTable('check_now_requests')
        .set({ delivered_at: now })
        .where('request_id', '=', p.request_id)
        .where('device_id', '=', deviceId)
        .where('delivered_at', 'is', null)
        .executeTakeFirst();
      if (done.numUpdatedRows > 0n) taken.push({ requestId: p.request_id, requestedAt: iso(p.requested_at) });
    }
    return taken;
  }
}
