import { readFile } from 'node:fs/promises';
import type { CommandRunner } from '../os/command-runner';
import type { AgentPlatform } from '../posture/check-context';
import type { RawManagedSource } from './managed-config';
import { parseRegQueryValues } from './reg-query-values';

/** Where IT puts managed configuration on each platform. */
export const MANAGED_LOCATIONS = {
  win32: 'HKLM\\Software\\Policies\\ShiftGuard',
  darwin: '/Library/Managed Preferences/com.shiftguard.agent.plist',
  linux: '/etc/shiftguard/managed.json',
} as const;

/** Parses a JSON object of managed values (Linux file, or a macOS plist converted by plutil). */
export function parseManagedJson(source: string, text: string): RawManagedSource {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'unreadable', source, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'unreadable', source, reason: 'expected a JSON object' };
  return { kind: 'values', source, values: json as Record<string, unknown> };
}

export interface ManagedConfigProbe {
  platform: AgentPlatform;
  run: CommandRunner;
  readText?: (path: string) => Promise<string>;
  /** Overrides the platform location (tests, and SHIFTGUARD_MANAGED_CONFIG for Linux packaging checks). */
  location?: string;
}

/** Reads this machine's managed configuration source. Never throws: failures come back as "unreadable". */
export async function readManagedSource(probe: ManagedConfigProbe): Promise<RawManagedSource> {
  const location = probe.location ?? MANAGED_LOCATIONS[probe.platform];
  const readText = probe.readText ?? ((p: string) => readFile(p, 'utf8'));
  try {
    switch (probe.platform) {
      case 'win32': {
        const out = await probe.run('reg', ['query', location]);
        // reg exits 1 with "unable to find the specified registry key" when IT set nothing.
        if (out.exitCode !== 0) return /unable to find/i.test(out.stderr) ? { kind: 'absent', source: location } : { kind: 'unreadable', source: location, reason: `reg query exited ${out.exitCode}` };
        return { kind: 'values', source: location, values: parseRegQueryValues(out.stdout) };
      }
      case 'darwin': {
        // Configuration profiles land here as (often binary) plists; plutil converts to JSON.
        const out = await probe.run('plutil', ['-convert', 'json', '-o', '-', location]);
        if (out.exitCode !== 0) {
          return /no such file|doesn't exist|does not exist/i.test(out.stderr + out.stdout)
            ? { kind: 'absent', source: location }
            : { kind: 'unreadable', source: location, reason: (out.stderr || out.stdout).trim().slice(0, 300) || `plutil exited ${out.exitCode}` };
        }
        return parseManagedJson(location, out.stdout);
      }
      case 'linux': {
        let text: string;
        try {
          text = await readText(location);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          return code === 'ENOENT' ? { kind: 'absent', source: location } : { kind: 'unreadable', source: location, reason: code ?? 'cannot read' };
        }
        return parseManagedJson(location, text);
      }
    }
  } catch (error) {
    return { kind: 'unreadable', source: location, reason: (error as Error).message.slice(0, 300) };
  }
}
