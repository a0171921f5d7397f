/**
 * Pure parser for `ps -eo comm=` (Linux) / `ps -axo comm=` (macOS): one command per line, on
 * macOS often a full path. Returns the set of base names.
 */
export function parseProcessNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t) continue;
    names.add(t.split('/').pop() ?? t);
  }
  return names;
}

/** An endpoint security agent recognised by its running process. */
export interface KnownAgent {
  name: string;
  /** Process base names (Linux comm is cut at 15 characters, so names are listed as ps shows them). */
  processes: readonly string[];
  platforms: readonly ('linux' | 'darwin')[];
}

/** EDR / antivirus agents recognised by process; each vendor documents these daemon names. */
export const KNOWN_AGENTS: readonly KnownAgent[] = [
  { name: 'CrowdStrike Falcon', processes: ['falcon-sensor', 'falcond', 'com.crowdstrike.falcon.Agent'], platforms: ['linux', 'darwin'] },
  { name: 'SentinelOne', processes: ['s1-agent', 's1-orchestrator', 'sentineld', 'SentinelAgent'], platforms: ['linux', 'darwin'] },
  { name: 'Sophos', processes: ['sophos_threat_d', 'SophosScanD', 'sophosspl', 'sophos-spl'], platforms: ['linux', 'darwin'] },
  // ESET Endpoint Security for macOS runs its on-access scanner as a helper app of that name.
  { name: 'ESET', processes: ['esets_daemon', 'oaeventd', 'esets', 'ESET Real-time File System Protection'], platforms: ['linux', 'darwin'] },
  { name: 'Trend Micro Deep Security', processes: ['ds_agent'], platforms: ['linux'] },
  { name: 'Jamf Protect', processes: ['JamfProtect'], platforms: ['darwin'] },
  { name: 'Elastic Endpoint', processes: ['elastic-endpoint', 'elastic-endpoin'], platforms: ['linux', 'darwin'] },
];

/** Agents whose processes are running. */
export function runningAgents(names: ReadonlySet<string>, platform: 'linux' | 'darwin'): KnownAgent[] {
  return KNOWN_AGENTS.filter((a) => a.platforms.includes(platform) && a.processes.some((p) => names.has(p)));
}
