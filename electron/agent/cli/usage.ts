import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Thrown for bad command lines: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command-line help, printed on bad input. */
export const AGENT_USAGE = `Usage: shiftguard <command> [options]

Commands:
  start                     central endpoint + agent on this machine (what npm start runs)
  server [--port N] [--data DIR]
                            the central endpoint (PORT, DATABASE_URL also honoured)
  check [--json] [--policy FILE] [--state-dir DIR]
                            run the posture checks now; exit 0 compliant, 1 not compliant, 2 error
                            (grace-period state kept in DIR, default $SHIFTGUARD_STATE_DIR or ~/.shiftguard)
  run [--server URL] [--token TOKEN] [--policy FILE] [--data DIR] [--once]
                            the headless agent: sensitive-mode guards, checks and signed reports
                            until stopped (enrolls first with --token when not enrolled)
  evidence [--data DIR] [--since DATE]
                            export the sensitive-session evidence records as JSON
  enroll --server URL --token TOKEN [--data DIR]
                            enroll this workstation with the central endpoint
  scan [--json] [--redact [--keep-original]] [--max-size MB] [--verbose] [paths...]
                            search files (default: home folder) for stored card numbers;
                            exit 0 none, 1 found, 2 error; --redact masks plain-text files
`;

/** Parses flags strictly: unknown flags or missing values become a UsageError. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
