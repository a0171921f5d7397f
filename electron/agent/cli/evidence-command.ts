import path from 'node:path';
import { agentDataDir } from '../guards/agent-data-dir';
import { exportEvidence } from '../guards/evidence';
import { parseFlags, UsageError } from './usage';

/** `shiftguard evidence [--data DIR] [--since ISO-DATE]`: the sensitive-session evidence records as one JSON document. */
export async function evidenceCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { data: { type: 'string' }, since: { type: 'string' } });
  const since = values.since === undefined ? undefined : new Date(values.since);
  if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since: '${values.since}' is not a date`);
  const dir = path.join(path.resolve(values.data ?? agentDataDir()), 'evidence');
  process.stdout.write(`${JSON.stringify(await exportEvidence(dir, since), null, 2)}\n`);
  return 0;
}
