import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditEvent } from '../../shared/api/audit';
import type { Database } from '../db/tables';
import { iso } from './time';

/** Who made a change: a signed-in person, or the server itself (null). */
export type Actor = { id: string; email: string } | null;

/** One audit entry to write. `details` must hold no secret and no card data. */
export interface AuditEntry {
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes an audit entry with the change it describes: pass the change's transaction, so either both
 * are stored or neither.
 */
export async function recordAudit(db: Kysely<Database> | Transaction<Database>, actor: Actor, entry: AuditEntry, now = Date.now()): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: randomUUID(),
      at: now,
      actor_id: actor?.id ?? null,
      actor_email: actor?.email ?? null,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId,
      details_json: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/** Reads the audit trail, newest first. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records an entry on its own (for reads worth auditing, such as an export). */
  async record(actor: Actor, entry: AuditEntry, now = Date.now()): Promise<void> {
    await recordAudit(this.db, actor, entry, now);
  }

  async list(query: { before?: string | undefined; action?: string | undefined; limit: number }): Promise<AuditEvent[]> {
    let q = this.db.selectFrom('audit_events').selectAll().orderBy('at', 'desc').orderBy('id').limit(query.limit);
    if (query.before) q = q.where('at', '<', Date.parse(query.before));
    if (query.action) q = q.where('action', '=', query.action);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      at: iso(r.at),
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: JSON.parse(r.details_json) as Record<string, unknown>,
    }));
  }
}
