import type { WindowMinimizer } from '../adapters';
import { runCommand, type CommandRunner } from '../../os/command-runner';
import { POWERSHELL, isValidPid, powershellArgs } from './powershell';

/**
 * Minimizes every visible top-level window of one process: EnumWindows, GetWindowThreadProcessId,
 * ShowWindowAsync(SW_MINIMIZE = 6) (async, so a hung app cannot hang us). The pid reaches the fixed
 * script through an environment variable, never spliced into the script text. Prints the count.
 */
export const MINIMIZE_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$target = [uint32]$env:SHIFTGUARD_TARGET_PID
Add-Type -Namespace ShiftGuard -Name Minimize -MemberDefinition @'
public delegate bool EnumProc(IntPtr hWnd, IntPtr lParam);
[DllImport("user32.dll")] public static extern bool EnumWindows(EnumProc callback, IntPtr lParam);
[DllImport("user32.dll")] public static extern bool IsWindowVisible(IntPtr hWnd);
[DllImport("user32.dll")] public static extern uint GetWindowThreadProcessId(IntPtr hWnd, out uint processId);
[DllImport("user32.dll")] public static extern bool ShowWindowAsync(IntPtr hWnd, int command);
public static int MinimizeAll(uint pid) {
  int count = 0;
  EnumWindows(delegate (IntPtr h, IntPtr l) {
    uint owner;
    GetWindowThreadProcessId(h, out owner);
    if (owner == pid && IsWindowVisible(h) && ShowWindowAsync(h, 6)) count++;
    return true;
  }, IntPtr.Zero);
  return count;
}
'@
[ShiftGuard.Minimize]::MinimizeAll($target)
`;

/** The count the minimize script printed (its last non-empty line); null when it printed none. Pure. */
export function parseMinimizeCount(stdout: string): number | null {
  const last = stdout.trim().split(/\r?\n/).pop()?.trim() ?? '';
  return /^\d+$/.test(last) ? Number(last) : null;
}

/** Windows minimizer through one PowerShell run per request (rare: note apps in sensitive mode). */
export class WindowsWindowMinimizer implements WindowMinimizer {
  constructor(private readonly run: CommandRunner = runCommand) {}

  async minimizeProcessWindows(pid: number): Promise<number> {
    if (!isValidPid(pid)) throw new RangeError(`not a process id: ${pid}`);
    // Add-Type compiles the helper: allow a few seconds on a cold start.
    const out = await this.run(POWERSHELL, powershellArgs(MINIMIZE_SCRIPT), { timeoutMs: 10_000, env: { SHIFTGUARD_TARGET_PID: String(pid) } });
    const count = parseMinimizeCount(out.stdout);
    if (out.exitCode !== 0 || count === null) {
      throw new Error(`minimizing pid ${pid} failed (exit ${out.exitCode}): ${out.stderr.trim().split(/\r?\n/)[0] ?? ''}`);
    }
    return count;
  }
}
