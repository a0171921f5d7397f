import { z } from 'zod';
import { MANAGED_SCHEMAS, resolveManagedConfig, type ManagedConfig, type ManagedValues } from '../../agent/config/managed-config';
import { readManagedSource, type ManagedConfigProbe } from '../../agent/config/read-managed-config';
import type { KeyValueStore } from '../store/key-value-store';

const LAST_GOOD_KEY = 'managed.lastGood';
const LastGoodSchema = z.object(MANAGED_SCHEMAS).partial();

/**
 * Reads managed configuration and keeps the last good values in the store: a bad value (or an
 * unreadable source) falls back to what last validated, across restarts too.
 */
export async function loadManagedConfig(probe: ManagedConfigProbe, store: KeyValueStore): Promise<ManagedConfig> {
  const stored = LastGoodSchema.safeParse(store.get(LAST_GOOD_KEY) ?? {});
  const lastGood: ManagedValues = stored.success ? stored.data : {};
  const config = resolveManagedConfig(await readManagedSource(probe), lastGood);
  store.set(LAST_GOOD_KEY, config.values);
  return config;
}
