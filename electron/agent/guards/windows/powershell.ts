/** Arguments that run a fixed PowerShell script: no profile, no prompts, never a string built from input. */
export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script];
}

/** Windows PowerShell 5.1, present on every supported Windows; found on PATH (System32). */
export const POWERSHELL = 'powershell.exe';

/** A pid the OS could hold: a positive safe integer. Everything passed to a command is checked first. */
export function isValidPid(pid: number): boolean {
  return Number.isSafeInteger(pid) && pid > 0 && pid <= 0xffffffff;
}
