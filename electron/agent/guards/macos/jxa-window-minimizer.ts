import type { WindowMinimizer } from '../adapters';
import { runCommand, type CommandRunner } from '../../os/command-runner';
import { PermissionRefusedError, permissionRefusal } from './accessibility';

/**
 * Sets AXMinimized on every window of the process with the given pid (System Events; needs
 * Accessibility permission). The pid arrives as argv[0], never spliced into the script.
 */
export const MINIMIZE_JXA = String.raw`
function run(argv) {
  var pid = parseInt(argv[0], 10);
  var procs = Application('System Events').processes.whose({ unixId: pid });
  if (procs.length === 0) return '0';
  var wins = procs[0].windows();
  var n = 0;
  for (var i = 0; i < wins.length; i++) { wins[i].attributes.byName('AXMinimized').value = true; n++; }
  return String(n);
}
`;

/** macOS minimizer through osascript, once per request; a refused permission is an error saying which. */
export class MacWindowMinimizer implements WindowMinimizer {
  constructor(private readonly run: CommandRunner = runCommand) {}

  async minimizeProcessWindows(pid: number): Promise<number> {
    if (!Number.isSafeInteger(pid) || pid <= 0) throw new RangeError(`not a process id: ${pid}`);
    const out = await this.run('osascript', ['-l', 'JavaScript', '-e', MINIMIZE_JXA, String(pid)], { timeoutMs: 5000 });
    const last = out.stdout.trim();
    if (out.exitCode === 0 && /^\d+$/.test(last)) return Number(last);
    const refusal = permissionRefusal(out.stderr);
    if (refusal) throw new PermissionRefusedError(refusal);
    throw new Error(`minimizing pid ${pid} failed (exit ${out.exitCode}): ${out.stderr.trim()}`);
  }
}
