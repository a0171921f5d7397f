import type { ManagedProblem } from '../../../shared/ipc/app-state';
import { resolveManagedConfig } from '../config/managed-config';
import { decideIdentityRule, identityRuleOrThrow, type IdentityDecision } from '../config/managed-identity';

export { ManagedConfigError } from '../config/managed-identity';
import { MANAGED_LOCATIONS, readManagedSource, type ManagedConfigProbe } from '../config/read-managed-config';
import { runCommand } from '../os/command-runner';
import { toAgentPlatform, type AgentPlatform } from '../posture/check-context';

/** The sync part of managed configuration: server, token, identity rule. */
export interface ManagedSyncConfig {
  /** Registry key, plist or file it came from; null when IT configured nothing. */
  source: string | null;
  serverUrl?: string;
  enrollmentToken?: string;
  /** The rule to enroll with, or why enrolling is refused (never a guessed machine id). */
  identity: IdentityDecision;
  /** Values that did not validate (ignored here: the headless agent keeps no last good values). */
  problems: ManagedProblem[];
}

export interface HeadlessManagedProbe {
  /** process.platform; an unsupported platform has no managed source (defaults apply). */
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  run?: ManagedConfigProbe['run'];
  readText?: ManagedConfigProbe['readText'];
}

/**
 * Where the headless agent reads managed configuration: the same per-OS source as the desktop app
 * (readManagedSource), so IT configures one place per OS. SHIFTGUARD_MANAGED_CONFIG replaces only
 * the Linux file (packaging checks and tests); on Windows and macOS it would name a registry key or
 * a profile, which IT never sets by environment.
 */
export function headlessManagedProbe(probe: HeadlessManagedProbe = {}): ManagedConfigProbe | null {
  const platform: AgentPlatform | null = toAgentPlatform(probe.platform ?? process.platform);
  if (!platform) return null;
  const env = probe.env ?? process.env;
  const base = { platform, run: probe.run ?? runCommand, ...(probe.readText ? { readText: probe.readText } : {}) };
  switch (platform) {
    case 'linux':
      return { ...base, location: env.SHIFTGUARD_MANAGED_CONFIG || MANAGED_LOCATIONS.linux };
    case 'win32':
    case 'darwin':
      return base;
  }
}

/**
 * Reads managed configuration for the keys sync uses (serverUrl, enrollmentToken, identitySource,
 * assetTag). Never throws: a broken identity rule or an unreadable source comes back as a blocked
 * `identity`, which enrollment turns into a ManagedConfigError (requireIdentityRule).
 */
export async function readManagedSyncConfig(options: HeadlessManagedProbe = {}): Promise<ManagedSyncConfig> {
  const probe = headlessManagedProbe(options);
  if (!probe) return { source: null, identity: { ok: true, rule: { source: 'machine-id' } }, problems: [] };
  const raw = await readManagedSource(probe);
  const config = resolveManagedConfig(raw, {});
  return {
    source: config.source,
    identity: decideIdentityRule(raw),
    problems: config.problems,
    ...(config.values.serverUrl !== undefined ? { serverUrl: config.values.serverUrl } : {}),
    ...(config.values.enrollmentToken !== undefined ? { enrollmentToken: config.values.enrollmentToken } : {}),
  };
}

/** The identity rule to enroll with; a blocked one throws ManagedConfigError (the CLI exits 2 with its message). */
export function requireIdentityRule(config: ManagedSyncConfig) {
  return identityRuleOrThrow(config.identity);
}
