import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The report ids an agent ever queued and the ones acknowledged, read from its outbox log (`<crc> <json>` lines). */
export function outboxReportIds(agentDataDir: string): { queued: string[]; acked: Set<number>; pending: string[] } {
  const file = path.join(agentDataDir, 'sync', 'outbox', 'outbox.log');
  const queued: string[] = [];
  const bySeq = new Map<number, string>();
  const acked = new Set<number>();
  const dropped = new Set<number>();
  if (!existsSync(file)) return { queued, acked, pending: [] };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const json = line.slice(line.indexOf(' ') + 1);
    if (!json) continue;
    let record: { t?: string; seq?: number; seqs?: number[]; body?: { reportId?: string } };
    try {
      record = JSON.parse(json) as typeof record;
    } catch {
      continue;
    }
    if (record.t === 'add' && record.seq !== undefined && record.body?.reportId) {
      queued.push(record.body.reportId);
      bySeq.set(record.seq, record.body.reportId);
    } else if (record.t === 'ack' && record.seq !== undefined) acked.add(record.seq);
    else if (record.t === 'drop' && record.seq !== undefined) dropped.add(record.seq);
  }
  const pending = [...bySeq].filter(([seq]) => !acked.has(seq) && !dropped.has(seq)).map(([, id]) => id);
  return { queued, acked, pending };
}
