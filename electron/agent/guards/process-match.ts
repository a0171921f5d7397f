import { KNOWN_APP_PROCESSES } from '../../../shared/policy/known-apps';
import type { ProcessInfo } from './adapters';

/** Linux truncates /proc/PID/comm to 15 bytes. */
const COMM_MAX = 15;

/** A process or app name reduced for comparison: lower case, no ".exe"/".app", no spaces. Pure. */
export function normalizeProcessName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\.(exe|app)$/, '')
    .replace(/\s+/g, '');
}

/**
 * Whether a running process is the named app ("Snipping Tool" matches SnippingTool.exe and the
 * Windows 11 ScreenClippingHost.exe, "OBS" matches obs64.exe through KNOWN_APP_PROCESSES;
 * "gnome-screenshot" matches the truncated comm "gnome-screensho"). Pure.
 */
export function processMatches(pattern: string, proc: Pick<ProcessInfo, 'name' | 'exeName'>): boolean {
  const written = normalizeProcessName(pattern);
  if (written === '') return false;
  const wanted = KNOWN_APP_PROCESSES[written] ?? [written];
  const exe = proc.exeName ? normalizeProcessName(proc.exeName) : null;
  const name = normalizeProcessName(proc.name);
  return wanted.some((want) => exe === want || name === want || (proc.name.length === COMM_MAX && want.startsWith(name)));
}
