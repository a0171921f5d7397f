import type { Kysely, Migration } from 'kysely';

// Times are epoch milliseconds in bigint columns: the one representation both engines compare and
// index the same way (ISO strings compare correctly only with identical formatting).

/**
 * The central endpoint: enrolled devices, signed reports, policies, people, audit, retention.
 * The skeleton's unsigned workstation and report tables are replaced (they held no enrolled device).
 */
export const centralEndpoint: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('workstations').execute();
    await db.schema.dropTable('reports').execute();

    await db.schema
      .createTable('teams')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(120)', (c) => c.notNull().unique())
      .addColumn('site', 'varchar(120)')
      .addColumn('policy_id', 'varchar(36)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('enrollment_tokens')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('team_id', 'varchar(36)')
      .addColumn('site', 'varchar(120)')
      .addColumn('label', 'varchar(200)')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('max_uses', 'integer', (c) => c.notNull())
      .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('revoked_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'varchar(64)')
      .execute();

    await db.schema
      .createTable('workstations')
      .addColumn('device_id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('machine_id_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('public_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('team_id', 'varchar(36)')
      .addColumn('site', 'varchar(120)')
      .addColumn('token_id', 'varchar(36)')
      .addColumn('hostname', 'varchar(255)', (c) => c.notNull())
      .addColumn('agent_version', 'varchar(64)', (c) => c.notNull())
      .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('os_json', 'text')
      .addColumn('checks_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('compliant', 'integer')
      .addColumn('sensitive_active', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sensitive_changed_at', 'bigint')
      .addColumn('stopped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('stopped_at', 'bigint')
      .addColumn('last_seen', 'bigint')
      .addColumn('last_posture_at', 'bigint')
      .addColumn('report_interval_ms', 'bigint', (c) => c.notNull().defaultTo(15 * 60_000))
      .addColumn('stale_after', 'bigint')
      .addColumn('applied_policy_id', 'varchar(36)')
      .addColumn('applied_policy_version', 'integer')
      .execute();
    await db.schema.createIndex('workstations_team_idx').on('workstations').columns(['team_id', 'hostname']).execute();
    // Covers the fleet summary: counting 100,000 workstations reads this small index, not the rows
    // (which carry the checks JSON).
    await db.schema
      .createIndex('workstations_summary_idx')
      .on('workstations')
      .columns(['team_id', 'revoked_at', 'stopped', 'compliant', 'sensitive_active', 'stale_after'])
      .execute();
    await db.schema.createIndex('workstations_hostname_idx').on('workstations').columns(['hostname', 'device_id']).execute();
    await db.schema.createIndex('workstations_machine_idx').on('workstations').column('machine_id_hash').execute();

    await db.schema
      .createTable('reports')
      .addColumn('report_id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('observed_at', 'bigint', (c) => c.notNull())
      .addColumn('body_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('body_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reports_device_received_idx').on('reports').columns(['device_id', 'received_at']).execute();
    await db.schema.createIndex('reports_received_idx').on('reports').column('received_at').execute();

    await db.schema
      .createTable('daily_aggregates')
      .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('posture', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('compliant_posture', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sensitive_changes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('guard_events', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('heartbeats', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('stops', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('daily_aggregates_pk', ['device_id', 'day'])
      .execute();

    await db.schema
      .createTable('policies')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(120)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('policy_versions')
      .addColumn('policy_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(12)', (c) => c.notNull())
      .addColumn('document_json', 'text', (c) => c.notNull())
      .addColumn('rollout_json', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('published_at', 'bigint')
      .addColumn('created_by', 'varchar(64)')
      .addPrimaryKeyConstraint('policy_versions_pk', ['policy_id', 'version'])
      .execute();

    await db.schema
      .createTable('check_now_requests')
      .addColumn('request_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('device_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .addPrimaryKeyConstraint('check_now_pk', ['request_id', 'device_id'])
      .execute();
    await db.schema.createIndex('check_now_device_idx').on('check_now_requests').columns(['device_id', 'delivered_at']).execute();

    await db.schema.alterTable('users').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('user_teams')
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('team_id', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_teams_pk', ['user_id', 'team_id'])
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('login_attempts')
      .addColumn('key', 'varchar(400)', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'varchar(64)')
      .addColumn('actor_email', 'varchar(320)')
      .addColumn('action', 'varchar(100)', (c) => c.notNull())
      .addColumn('target_type', 'varchar(40)', (c) => c.notNull())
      .addColumn('target_id', 'varchar(128)')
      .addColumn('details_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_at_idx').on('audit_events').column('at').execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
