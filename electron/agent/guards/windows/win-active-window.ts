import type { ActiveWindow } from '../adapters';
import type { SpawnFn } from '../common/line-process';
import { StreamedActiveWindowSource, type ForegroundLine } from '../common/streamed-active-window';
import { POWERSHELL, powershellArgs } from './powershell';

/**
 * A fixed PowerShell script (no input is ever spliced into it): user32's GetForegroundWindow,
 * GetWindowText and GetWindowThreadProcessId every 100 ms, one JSON line printed only when the
 * answer changes. It exits when its stdin closes, so it never outlives the agent.
 */
export const FOREGROUND_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
Add-Type -Namespace ShiftGuard -Name Foreground -MemberDefinition @'
[DllImport("user32.dll")] public static extern IntPtr GetForegroundWindow();
[DllImport("user32.dll", CharSet = CharSet.Unicode)] public static extern int GetWindowText(IntPtr hWnd, System.Text.StringBuilder text, int count);
[DllImport("user32.dll")] public static extern uint GetWindowThreadProcessId(IntPtr hWnd, out uint processId);
'@
$stdin = [System.IO.StreamReader]::new([Console]::OpenStandardInput()).ReadLineAsync()
$last = $null; $lastPid = -1; $name = $null
while (-not $stdin.IsCompleted) {
  $h = [ShiftGuard.Foreground]::GetForegroundWindow()
  $line = '{"pid":0}'
  if ($h -ne [IntPtr]::Zero) {
    $sb = New-Object System.Text.StringBuilder 1024
    [void][ShiftGuard.Foreground]::GetWindowText($h, $sb, $sb.Capacity)
    $procId = [uint32]0
    [void][ShiftGuard.Foreground]::GetWindowThreadProcessId($h, [ref]$procId)
    if ($procId -ne $lastPid) { $lastPid = $procId; $name = $null; try { $name = (Get-Process -Id $procId).ProcessName } catch { } }
    $line = ConvertTo-Json -Compress @{ pid = $procId; title = $sb.ToString(); process = $name }
  }
  if ($line -ne $last) { [Console]::Out.WriteLine($line); [Console]::Out.Flush(); $last = $line }
  Start-Sleep -Milliseconds 100
}
`;

/** One line of the foreground script: {"pid":0} when nothing is in front, else pid, title, process. Pure. */
export function parseWindowsForegroundLine(line: string): ForegroundLine {
  const text = line.trim();
  if (!text.startsWith('{')) return { kind: 'ignore' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'ignore' };
  }
  if (typeof value !== 'object' || value === null) return { kind: 'ignore' };
  const { pid, title, process } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid < 0) return { kind: 'ignore' };
  if (pid === 0) return { kind: 'window', window: null };
  const window: ActiveWindow = { title: typeof title === 'string' ? title : '', pid };
  if (typeof process === 'string' && process !== '') window.processName = process;
  return { kind: 'window', window };
}

/** The window in front on Windows, from one long-running PowerShell process. */
export class WindowsActiveWindowSource extends StreamedActiveWindowSource {
  constructor(options: { spawn?: SpawnFn; restartDelayMs?: number; now?: () => number } = {}) {
    super({ file: POWERSHELL, args: powershellArgs(FOREGROUND_SCRIPT), stream: 'stdout', parse: parseWindowsForegroundLine, ...options });
  }
}
