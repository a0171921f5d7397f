import type { FirewallPart } from '../../../../shared/posture/facts';
import { psBool, type PsRecord } from './ps-output';

/**
 * Firewall profiles from Get-NetFirewallProfile (Name, Enabled). Enabled is a GpoBoolean:
 * True / False / NotConfigured (numbers 1 / 0 / 2 in raw JSON); NotConfigured in the active
 * store means the local default, which is on, but we do not guess: it stays unknown.
 */
export function firewallProfiles(records: readonly PsRecord[]): FirewallPart[] {
  return records
    .filter((r) => typeof r.Name === 'string')
    .map((r) => ({ name: String(r.Name), enabled: psBool(r.Enabled), detail: `Enabled=${String(r.Enabled)}` }));
}
