import { UsageError } from './usage';

/**
 * Runs one agent subcommand and returns the process exit code. Each command's module is
 * imported only when it runs: `check` is timed at shift start and must not pay for loading the
 * guards, the report sender and the evidence exporter.
 */
export async function agentMain(command: string, args: string[]): Promise<number> {
  switch (command) {
    case 'check':
      return (await import('./check-command')).checkCommand(args);
    case 'run':
      return (await import('./run-agent-command')).runAgentCommand(args);
    case 'evidence':
      return (await import('./evidence-command')).evidenceCommand(args);
    case 'scan':
      return (await import('./scan-command')).scanCommand(args);
    case 'enroll':
      return (await import('./enroll-command')).enrollCommand(args);
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}
