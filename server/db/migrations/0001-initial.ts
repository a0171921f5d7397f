import type { Kysely, Migration } from 'kysely';

/** The walking skeleton's schema (kept so existing databases migrate forward). */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('workstations')
      .addColumn('device_id', 'varchar(128)', (c) => c.primaryKey())
      .addColumn('hostname', 'varchar(255)', (c) => c.notNull())
      .addColumn('os_json', 'text', (c) => c.notNull())
      .addColumn('agent_version', 'varchar(64)', (c) => c.notNull())
      .addColumn('last_seen', 'varchar(40)', (c) => c.notNull())
      .addColumn('compliant', 'integer', (c) => c.notNull())
      .addColumn('checks_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('reports')
      .addColumn('report_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('device_id', 'varchar(128)', (c) => c.notNull())
      .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('sent_at', 'varchar(40)', (c) => c.notNull())
      .addColumn('body_json', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reports_device_idx').on('reports').columns(['device_id', 'received_at']).execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('email', 'varchar(320)', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'varchar(20)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
      .execute();
  },
};
