import os from 'node:os';
import { formatScanReport, progressLine, scanReportJson } from '../scan/reporter';
import { runScan } from '../scan/scan-run';
import { parseFlags, UsageError } from './usage';

const DEFAULT_MAX_MB = 100;

/**
 * `shiftguard scan [--json] [--redact [--keep-original]] [--max-size MB] [--verbose] [paths...]`:
 * searches files for stored card numbers (default: the home folder). Prints masked findings only.
 * Exit 0 nothing found, 1 card data found, 2 on error (a path that does not exist, a failed
 * redaction, bad arguments).
 */
export async function scanCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      json: { type: 'boolean' },
      redact: { type: 'boolean' },
      'keep-original': { type: 'boolean' },
      'max-size': { type: 'string' },
      verbose: { type: 'boolean' },
    },
    true,
  );
  const maxMb = values['max-size'] === undefined ? DEFAULT_MAX_MB : Number(values['max-size']);
  if (!Number.isFinite(maxMb) || maxMb <= 0) throw new UsageError(`--max-size: '${values['max-size']}' is not a positive number of megabytes`);
  if (values['keep-original'] && !values.redact) throw new UsageError('--keep-original only makes sense with --redact');
  const roots = positionals.length > 0 ? positionals : [os.homedir()];
  const bar = !values.json && process.stderr.isTTY === true;
  let last = 0;
  const report = await runScan(
    roots,
    { maxBytes: Math.floor(maxMb * 1024 * 1024), redact: values.redact === true, keepOriginal: values['keep-original'] === true },
    bar
      ? (p) => {
          const now = Date.now();
          if (now - last < 100 && p.filesDone < p.filesTotal) return;
          last = now;
          process.stderr.write(`\r${progressLine(p)}`);
        }
      : undefined,
  );
  if (bar) process.stderr.write('\r\x1b[2K');
  process.stdout.write(`${values.json ? scanReportJson(report) : formatScanReport(report, values.verbose === true)}\n`);
  if (report.findings.length > 0) return 1;
  return report.errors.length > 0 ? 2 : 0;
}
