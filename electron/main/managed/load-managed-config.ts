import { z } from 'zod';
import { MANAGED_SCHEMAS, resolveManagedConfig, type ManagedConfig, type ManagedValues } from '../../agent/config/managed-config';
import { decideIdentityRule, type IdentityDecision } from '../../agent/config/managed-identity';
import { readManagedSource, type ManagedConfigProbe } from '../../agent/config/read-managed-config';
import type { KeyValueStore } from '../store/key-value-store';

const LAST_GOOD_KEY = 'managed.lastGood';
const LastGoodSchema = z.object(MANAGED_SCHEMAS).partial();

/** Managed configuration plus the identity rule decided from the same read. */
export interface LoadedManagedConfig extends ManagedConfig {
  identity: IdentityDecision;
}

/**
 * Reads managed configuration and keeps the last good values in the store: a bad value (or an
 * unreadable source) falls back to what last validated, across restarts too. The identity rule is
 * the exception: it is decided from this read alone (decideIdentityRule), never from a last good
 * value, and a broken one blocks enrollment instead.
 */
export async function loadManagedConfig(probe: ManagedConfigProbe, store: KeyValueStore): Promise<LoadedManagedConfig> {
  const stored = LastGoodSchema.safeParse(store.get(LAST_GOOD_KEY) ?? {});
  const lastGood: ManagedValues = stored.success ? stored.data : {};
  const raw = await readManagedSource(probe);
  const config = resolveManagedConfig(raw, lastGood);
  store.set(LAST_GOOD_KEY, config.values);
  return { ...config, identity: decideIdentityRule(raw) };
}
