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
 * Whether a running process is the named app ("Snipping Tool" matches SnippingTool.exe,
 * "gnome-screenshot" matches the truncated comm "gnome-screensho"). Pure.
 */
export function processMatches(pattern: string, proc: Pick<ProcessInfo, 'name' | 'exeName'>): boolean {
  const want = normalizeProcessName(pattern);
  if (want === '') return false;
  if (proc.exeName && normalizeProcessName(proc.exeName) === want) return true;
  const name = normalizeProcessName(proc.name);
  if (name === want) return true;
  return proc.name.length === COMM_MAX && want.startsWith(name);
}
