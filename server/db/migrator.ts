import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { initial } from './migrations/0001-initial';
import { centralEndpoint } from './migrations/0002-central-endpoint';
import { consoleQueries } from './migrations/0003-console-queries';
import { failingChecksTrigger } from './migrations/0004-failing-checks-trigger';

// Migrations are written with Kysely's schema builder in types both engines share, so the same
// list runs on SQLite and PostgreSQL. Names sort in the order they must run.
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_central_endpoint': centralEndpoint,
  '0003_console_queries': consoleQueries,
  '0004_failing_checks_trigger': failingChecksTrigger,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Brings the schema up to date; throws with the failing migration's name. On PostgreSQL, Kysely
 * takes an advisory lock, so several instances starting together migrate once.
 */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message}`);
  }
}
