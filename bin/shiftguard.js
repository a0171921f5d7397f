#!/usr/bin/env node
// Thin launcher: lets the TypeScript sources run directly (tsx), then hands the command line
// to the server or the agent. Exit codes: 0 ok, 1 a negative verdict, 2 usage or runtime error.
import { register } from 'tsx/esm/api';

register();

const [command, ...args] = process.argv.slice(2);
const { AGENT_USAGE } = await import('../electron/agent/cli/usage.ts');

function isUsageError(error) {
  return error?.name === 'UsageError' || String(error?.code ?? '').startsWith('ERR_PARSE_ARGS');
}

try {
  let code;
  // `shiftguard <command> --help` is a request for help, not an unknown option.
  const wantsHelp = args.includes('--help') || args.includes('-h');
  switch (wantsHelp ? 'help' : command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(AGENT_USAGE);
      code = command === undefined ? 2 : 0;
      break;
    case 'server':
      code = await (await import('../server/cli.ts')).serverMain(args);
      break;
    case 'start':
      code = await (await import('./start.ts')).startMain(args);
      break;
    default:
      code = await (await import('../electron/agent/cli/main.ts')).agentMain(command, args);
  }
  process.exitCode = code;
} catch (error) {
  if (isUsageError(error)) {
    process.stderr.write(`shiftguard: ${error.message}\n\n${AGENT_USAGE}`);
  } else {
    process.stderr.write(`shiftguard: ${error?.message ?? error}\n`);
  }
  process.exitCode = 2;
}
