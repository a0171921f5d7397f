import { z } from 'zod';
import { LanguageSchema } from '../../../shared/i18n/languages';
import { SettingKeySchema, type ManagedProblem } from '../../../shared/ipc/app-state';

/**
 * Settings IT can preset without touching the app (Windows registry policy, macOS managed
 * preferences, /etc/shiftguard/managed.json). Managed values win over the agent's own choices,
 * and the settings they set, plus any named in lockedSettings, show as locked in the UI.
 */
export const MANAGED_SCHEMAS = {
  serverUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).max(2000),
  enrollmentToken: z.string().min(8, 'expected at least 8 characters').max(512),
  language: LanguageSchema,
  startAtLogin: z.preprocess((v) => (v === 0 || v === 1 ? v === 1 : v), z.boolean({ error: 'expected true/false (or 1/0)' })),
  /** How the workstation is identified to the server (issue 9, docs/agent-identity.md): machine-id, hostname or asset-tag. */
  identitySource: z.enum(['machine-id', 'hostname', 'asset-tag'], { error: 'expected machine-id, hostname or asset-tag' }),
  assetTag: z.string().trim().min(1).max(200),
  lockedSettings: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(/[,;\s]+/).filter(Boolean) : v),
    z.array(SettingKeySchema).max(20),
  ),
} as const;

export type ManagedKey = keyof typeof MANAGED_SCHEMAS;
/** The managed values that validated; any subset may be present. */
export type ManagedValues = { [K in ManagedKey]?: z.infer<(typeof MANAGED_SCHEMAS)[K]> };

const KEYS = Object.keys(MANAGED_SCHEMAS) as ManagedKey[];
/** The identity rule's keys: never filled from last good values (see decideIdentityRule in managed-identity.ts). */
const IDENTITY_KEYS: ReadonlySet<ManagedKey> = new Set(['identitySource', 'assetTag']);

/** What one source yielded: absent (nothing configured), unreadable, or raw key/values. */
export type RawManagedSource =
  | { kind: 'absent'; source: string }
  | { kind: 'unreadable'; source: string; reason: string }
  | { kind: 'values'; source: string; values: Record<string, unknown> };

/** Managed configuration after validation and the last-good fallback. */
export interface ManagedConfig {
  /** Where it came from (registry key, plist or file path), null when nothing is configured. */
  source: string | null;
  values: ManagedValues;
  problems: ManagedProblem[];
}

/**
 * Validates raw managed values key by key. A bad value is reported and the last good value for
 * that key stays in force (not for the identity rule's keys); an unreadable source keeps the whole last good configuration. Key
 * names match case-insensitively (registry policies are usually "ServerUrl").
 */
export function resolveManagedConfig(raw: RawManagedSource, lastGood: ManagedValues): ManagedConfig {
  switch (raw.kind) {
    case 'absent':
      return { source: null, values: {}, problems: [] };
    case 'unreadable':
      return { source: raw.source, values: { ...lastGood }, problems: [{ key: '(source)', message: `${raw.source}: ${raw.reason}` }] };
    case 'values':
      break;
  }
  const values: Record<string, unknown> = {};
  const problems: ManagedProblem[] = [];
  for (const [name, value] of Object.entries(raw.values)) {
    const key = KEYS.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) {
      problems.push({ key: name.slice(0, 100), message: 'unknown setting (ignored)' });
      continue;
    }
    const parsed = MANAGED_SCHEMAS[key].safeParse(value);
    if (parsed.success) {
      values[key] = parsed.data;
    } else if (IDENTITY_KEYS.has(key)) {
      // A stale identity rule is as much a guess as the machine id: decideIdentityRule blocks enrollment instead.
      problems.push({ key, message: `${parsed.error.issues[0]?.message ?? 'invalid value'}; no last good value is used for the identity rule (docs/agent-identity.md)` });
    } else {
      const kept = lastGood[key] !== undefined;
      if (kept) values[key] = lastGood[key];
      problems.push({ key, message: `${parsed.error.issues[0]?.message ?? 'invalid value'}${kept ? '; the last good value stays in force' : '; ignored'}` });
    }
  }
  return { source: raw.source, values: values as ManagedValues, problems };
}

/** The settings that show as locked: every setting IT set, plus those IT named in lockedSettings. */
export function lockedSettings(values: ManagedValues): Array<z.infer<typeof SettingKeySchema>> {
  const locked = new Set(values.lockedSettings ?? []);
  for (const key of SettingKeySchema.options) if (values[key] !== undefined) locked.add(key);
  return SettingKeySchema.options.filter((k) => locked.has(k));
}
