import { readFileSync } from 'node:fs';
import { identityRuleFromManaged, type IdentityRule } from './identity-rule';

/** Where the headless agent reads managed configuration (the same file the desktop app reads on Linux). */
export const HEADLESS_MANAGED_FILE = '/etc/shiftguard/managed.json';

/** The sync part of managed configuration: server, token, identity rule. */
export interface ManagedSyncConfig {
  source: string | null;
  serverUrl?: string;
  enrollmentToken?: string;
  identity: IdentityRule;
}

/** Managed configuration is present but unusable; the message names the file and the key. */
export class ManagedConfigError extends Error {
  override readonly name = 'ManagedConfigError';
}

/**
 * Reads the managed configuration file (SHIFTGUARD_MANAGED_CONFIG, else /etc/shiftguard/managed.json)
 * for the keys sync uses: serverUrl, enrollmentToken, identitySource, assetTag. No file: defaults.
 */
export function readManagedSyncConfig(env: NodeJS.ProcessEnv = process.env): ManagedSyncConfig {
  const file = env.SHIFTGUARD_MANAGED_CONFIG ?? HEADLESS_MANAGED_FILE;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { source: null, identity: { source: 'machine-id' } };
    throw new ManagedConfigError(`cannot read managed configuration ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new ManagedConfigError(`managed configuration ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw new ManagedConfigError(`managed configuration ${file}: expected a JSON object`);
  const record = values as Record<string, unknown>;
  const get = (key: string) => Object.entries(record).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  let identity: IdentityRule;
  try {
    identity = identityRuleFromManaged(record);
  } catch (error) {
    throw new ManagedConfigError(`managed configuration ${file}: ${(error as Error).message}`);
  }
  const serverUrl = get('serverUrl');
  const enrollmentToken = get('enrollmentToken');
  return {
    source: file,
    identity,
    ...(typeof serverUrl === 'string' ? { serverUrl } : {}),
    ...(typeof enrollmentToken === 'string' ? { enrollmentToken } : {}),
  };
}
