import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { ReportBodySchema, type ReportBody } from '../../../shared/api/report';

// The report exactly as stored: checked against the schema but kept as written (no defaults
// filled in), so a re-send after a restart is byte-for-byte the payload sent before.
const StoredBodySchema = z.custom<ReportBody>((value) => ReportBodySchema.safeParse(value).success, { message: 'not a valid report body' });

/**
 * One line of the outbox log: `<crc32 of the JSON, 8 hex digits> <JSON>\n`. JSON never holds a raw
 * newline, so a line is a record; the checksum tells a complete record from a torn or damaged one.
 *
 * - `add`: a report entered the outbox (`seq` orders delivery);
 * - `ack`: the server acknowledged it (created or duplicate) and it left the outbox;
 * - `drop`: it left without an acknowledgement (the server refused it for good, or a fold);
 * - `fold`: in one record (so it applies whole or not at all): drop some entries and replace one
 *   entry's report with the folded summary, keeping that entry's place in the order;
 * - `meta`: first record of a compacted log, carrying the next sequence number.
 */
export const OutboxRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('add'), seq: z.number().int().min(1), body: StoredBodySchema }),
  z.object({ t: z.literal('ack'), seq: z.number().int().min(1) }),
  z.object({ t: z.literal('drop'), seq: z.number().int().min(1), reason: z.string().max(300) }),
  z.object({
    t: z.literal('fold'),
    drop: z.array(z.number().int().min(1)),
    replace: z.object({ seq: z.number().int().min(1), body: StoredBodySchema }).nullable(),
  }),
  z.object({ t: z.literal('meta'), nextSeq: z.number().int().min(1) }),
]);
export type OutboxRecord = z.infer<typeof OutboxRecordSchema>;

/** Encodes a record as one checksummed line. */
export function encodeRecord(record: OutboxRecord): Buffer {
  const json = JSON.stringify(record);
  const crc = crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0');
  return Buffer.from(`${crc} ${json}\n`, 'utf8');
}

/** Decodes one line (without its newline); null when the checksum, the JSON or the schema fails. */
export function decodeRecord(line: string): OutboxRecord | null {
  if (line.length < 10 || line[8] !== ' ') return null;
  const json = line.slice(9);
  const crc = crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0');
  if (crc !== line.slice(0, 8)) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = OutboxRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
