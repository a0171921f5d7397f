import { createHash } from 'node:crypto';
import os from 'node:os';
import machineId from 'node-machine-id';
import { z } from 'zod';

/**
 * How this workstation proves it is the same desk when it enrolls again (docs/agent-identity.md).
 * - `machine-id` (default): the OS machine id. Right for persistent desktops.
 * - `hostname`: the computer name. For non-persistent VDI pools whose desktops get a fresh machine
 *   id every session but keep a stable, unique name per desk.
 * - `asset-tag`: a tag IT sets in managed configuration (`assetTag`) per desk or per pool slot.
 * The raw value never leaves the machine: the server gets a salted sha256 of it.
 */
export const IdentitySourceSchema = z.enum(['machine-id', 'hostname', 'asset-tag']);
export type IdentitySource = z.infer<typeof IdentitySourceSchema>;

export const IdentityRuleSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('machine-id') }),
  z.object({ source: z.literal('hostname') }),
  z.object({ source: z.literal('asset-tag'), assetTag: z.string().trim().min(1).max(200) }),
]);
export type IdentityRule = z.infer<typeof IdentityRuleSchema>;

/** The identity rule in managed configuration is unusable. */
export class IdentityRuleError extends Error {
  override readonly name = 'IdentityRuleError';
}

/**
 * The rule from managed configuration values (`identitySource`, `assetTag`, keys matched
 * case-insensitively as registry policies are usually "IdentitySource"). Nothing set: machine-id.
 */
export function identityRuleFromManaged(values: Record<string, unknown>): IdentityRule {
  const get = (key: string) => Object.entries(values).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const source = get('identitySource') ?? 'machine-id';
  const parsed = IdentityRuleSchema.safeParse({ source, assetTag: get('assetTag') });
  if (!parsed.success) {
    throw new IdentityRuleError(
      source === 'asset-tag' ? 'identitySource is asset-tag but assetTag is missing or empty' : `identitySource: expected machine-id, hostname or asset-tag, got ${JSON.stringify(source)}`,
    );
  }
  return parsed.data;
}

/** Where the raw identity comes from (tests hand in fixed values). */
export interface IdentityInputs {
  machineId(): string;
  hostname(): string;
}

export const osIdentityInputs: IdentityInputs = {
  machineId: () => machineId.machineIdSync(true),
  hostname: () => os.hostname(),
};

/** The hashed identity the enrollment request carries as `machineIdHash`. */
export function identityHash(rule: IdentityRule, inputs: IdentityInputs = osIdentityInputs): string {
  let raw: string;
  switch (rule.source) {
    case 'machine-id':
      try {
        // Same form as report/device-identity.ts, so a desk keeps its hash across agent versions.
        raw = inputs.machineId();
      } catch {
        // Containers without /etc/machine-id: the hostname is at least stable there.
        raw = `host:${inputs.hostname()}`;
      }
      break;
    case 'hostname':
      // Windows names are case-insensitive; DNS suffixes differ between sessions on some pools.
      raw = `vdi-host:${inputs.hostname().toLowerCase().split('.')[0]}`;
      break;
    case 'asset-tag':
      raw = `asset:${rule.assetTag}`;
      break;
    default: {
      const never: never = rule;
      throw new IdentityRuleError(`unknown identity source ${JSON.stringify(never)}`);
    }
  }
  return createHash('sha256').update(`shiftguard:${raw}`).digest('hex');
}
