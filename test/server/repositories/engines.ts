import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../../server/db/database';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../../helpers/postgres';

/** The engines a suite runs on: SQLite always, PostgreSQL where its binaries exist (else a printed reason). */
export function engines(): Engine[] {
  const reason = postgresSkipReason();
  if (reason) console.warn(`PostgreSQL repository tests ${reason}`);
  return reason ? ['sqlite'] : ['sqlite', 'postgres'];
}

/** Starts one throwaway cluster for the file (when PostgreSQL is available) and stops it after. */
export function useCluster(): { current: PostgresCluster | undefined } {
  const ref: { current: PostgresCluster | undefined } = { current: undefined };
  beforeAll(async () => {
    if (!postgresSkipReason()) ref.current = await startPostgres();
  });
  afterAll(async () => {
    await ref.current?.stop();
  });
  return ref;
}
