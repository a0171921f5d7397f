import { IdentityRuleSchema, type IdentityRule } from '../sync/identity-rule';
import { MANAGED_SCHEMAS, type RawManagedSource } from './managed-config';

/**
 * Why enrollment is blocked by managed configuration. Stable codes:
 * - `managed_identity_invalid`: identitySource or assetTag is set but unusable (`key` names which).
 * - `managed_source_unreadable`: the managed source exists but cannot be read, so the rule IT set is unknown.
 */
export interface IdentityBlock {
  code: 'managed_identity_invalid' | 'managed_source_unreadable';
  /** The managed-configuration key IT has to fix (identitySource, assetTag), or "(source)". */
  key: string;
  /** Registry key, plist or file the problem is in. */
  source: string;
  /** Plain message that names the source and the key; fit for the agent UI and the CLI. */
  message: string;
}

/** The identity rule to enroll with, or why there is none. */
export type IdentityDecision = { ok: true; rule: IdentityRule } | { ok: false; block: IdentityBlock };

/**
 * Thrown where an enrollment is attempted while the identity rule is blocked (the desktop sync
 * engine, `shiftguard enroll`, `shiftguard run`); the message names the source and the key.
 */
export class ManagedConfigError extends Error {
  override readonly name = 'ManagedConfigError';
  readonly code: IdentityBlock['code'];
  readonly key: string;
  constructor(readonly block: IdentityBlock) {
    super(block.message);
    this.code = block.code;
    this.key = block.key;
  }
}

/** The rule, or a ManagedConfigError: for the sync engine's identity getter and the CLI. */
export function identityRuleOrThrow(decision: IdentityDecision): IdentityRule {
  if (!decision.ok) throw new ManagedConfigError(decision.block);
  return decision.rule;
}

/**
 * Decides the identity rule from the raw managed source (docs/agent-identity.md). Unlike the other
 * managed settings there is no "last good value" fallback and no default when something is set
 * but wrong: a guessed identity on a non-persistent VDI desktop enrolls a new workstation every
 * session (ghost workstations), so a broken rule blocks enrollment until IT fixes it. Nothing set
 * (no source, or no identity keys) is the documented default, machine-id.
 */
export function decideIdentityRule(raw: RawManagedSource): IdentityDecision {
  switch (raw.kind) {
    case 'absent':
      return { ok: true, rule: { source: 'machine-id' } };
    case 'unreadable':
      return block('managed_source_unreadable', '(source)', raw.source, `${raw.source} cannot be read (${raw.reason}), so the identity rule IT set is unknown`);
    case 'values':
      break;
  }
  // Keys match case-insensitively, as in resolveManagedConfig (registry policies are "IdentitySource").
  const get = (key: string): { present: boolean; value: unknown } => {
    const entry = Object.entries(raw.values).find(([k]) => k.toLowerCase() === key.toLowerCase());
    return { present: entry !== undefined, value: entry?.[1] };
  };
  const sourceValue = get('identitySource');
  if (!sourceValue.present) return { ok: true, rule: { source: 'machine-id' } };
  const source = MANAGED_SCHEMAS.identitySource.safeParse(sourceValue.value);
  if (!source.success) {
    return block('managed_identity_invalid', 'identitySource', raw.source, `identitySource in ${raw.source} is ${describe(sourceValue.value)}: expected machine-id, hostname or asset-tag`);
  }
  if (source.data !== 'asset-tag') return { ok: true, rule: { source: source.data } };
  const tag = get('assetTag');
  const rule = IdentityRuleSchema.safeParse({ source: 'asset-tag', assetTag: tag.value });
  if (!rule.success) {
    const what = tag.present ? `assetTag is ${describe(tag.value)} (expected 1 to 200 characters)` : 'assetTag is missing';
    return block('managed_identity_invalid', 'assetTag', raw.source, `identitySource in ${raw.source} is asset-tag but ${what}`);
  }
  return { ok: true, rule: rule.data };
}

function block(code: IdentityBlock['code'], key: string, source: string, detail: string): IdentityDecision {
  return { ok: false, block: { code, key, source, message: `enrollment blocked by managed configuration: ${detail}` } };
}

/** A short, safe rendering of a bad value (it is IT's configuration, not a secret, but may be long). */
function describe(value: unknown): string {
  if (typeof value === 'string') return value.trim() === '' ? 'empty' : JSON.stringify(value.slice(0, 60));
  return value === null ? 'null' : typeof value === 'object' ? `a ${Array.isArray(value) ? 'list' : 'structure'}` : JSON.stringify(value);
}
