import { checkCommand } from './check-command';
import { evidenceCommand } from './evidence-command';
import { runAgentCommand } from './run-agent-command';
import { scanCommand } from './scan-command';
import { UsageError } from './usage';

/** Runs one agent subcommand and returns the process exit code. */
export async function agentMain(command: string, args: string[]): Promise<number> {
  switch (command) {
    case 'check':
      return checkCommand(args);
    case 'run':
      return runAgentCommand(args);
    case 'evidence':
      return evidenceCommand(args);
    case 'scan':
      return scanCommand(args);
    case 'enroll':
      throw new Error(`'shiftguard ${command}' is not part of this build yet`);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}
