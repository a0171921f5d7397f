import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { ReportBodySchema, type ReportBody } from '../../../shared/api/report';
import { ensurePrivateDir, fsyncDir, writeAll } from './atomic-file';
import { planFold, type OutboxEntry } from './outbox-fold';
import { decodeRecord, encodeRecord, type OutboxRecord } from './outbox-record';

export type { OutboxEntry } from './outbox-fold';

/** What opening the outbox found: damaged records skipped, a torn last write cut off. */
export interface OutboxRecovery {
  damagedRecords: number;
  tornTailBytes: number;
}

export interface OutboxOptions {
  /** The limit (the applied policy's agent.outboxMaxEntries); read on every add. */
  maxEntries?: () => number;
  /** Compacts the log once it holds this many records more than live entries. */
  compactAfter?: number;
}

const LOG = 'outbox.log';

/**
 * A record could not be written (the disk is full, or another I/O error): nothing changed, on disk
 * or in memory. `diskFull` tells the one case a person can fix by freeing space.
 */
export class OutboxWriteError extends Error {
  override readonly name = 'OutboxWriteError';
  readonly diskFull: boolean;
  constructor(
    readonly dir: string,
    readonly errno: string,
    cause: unknown,
  ) {
    const diskFull = errno === 'ENOSPC' || errno === 'EDQUOT';
    super(diskFull ? `cannot write the outbox in ${dir}: the disk is full (${errno})` : `cannot write the outbox in ${dir} (${errno})`, { cause });
    this.diskFull = diskFull;
  }
}

function errnoOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'unknown';
}

/**
 * The durable outbox: reports wait here, in order, until the server acknowledged them.
 *
 * An append-only log of checksummed records (outbox-record.ts), fsynced before any call returns, so
 * a report the caller was told is queued survives a crash or power cut, and an acknowledgement
 * written is never undone. A crash in the middle of a write leaves at most a torn last line, which
 * opening cuts off (that write had not returned, so nobody was told it happened). The log is
 * compacted by writing the live entries to a new file and renaming it over the old one.
 * One process owns an outbox at a time (the agent holds it for its lifetime).
 */
export class Outbox {
  private readonly entries = new Map<number, ReportBody>();
  private nextSeq = 1;
  private records = 0;
  private fd: number;

  private constructor(
    readonly dir: string,
    private readonly options: OutboxOptions,
    readonly recovery: OutboxRecovery,
    lines: OutboxRecord[],
  ) {
    for (const record of lines) this.applyRecord(record);
    this.records = lines.length;
    this.fd = openSync(this.file, 'a', 0o600);
  }

  /** Opens (or creates) the outbox in `dir`, recovering from a crash if the last write was torn. */
  static open(dir: string, options: OutboxOptions = {}): Outbox {
    ensurePrivateDir(dir);
    const file = path.join(dir, LOG);
    const records: OutboxRecord[] = [];
    let damagedRecords = 0;
    let tornTailBytes = 0;
    if (existsSync(file)) {
      const data = readFileSync(file);
      let start = 0;
      for (;;) {
        const end = data.indexOf(0x0a, start);
        if (end === -1) {
          tornTailBytes = data.length - start;
          break;
        }
        const record = decodeRecord(data.subarray(start, end).toString('utf8'));
        if (record) records.push(record);
        else damagedRecords += 1;
        start = end + 1;
      }
      // The last write never finished: cut it off so the next record starts on a fresh line.
      if (tornTailBytes > 0) truncateSync(file, data.length - tornTailBytes);
    } else {
      closeSync(openSync(file, 'a', 0o600));
      fsyncDir(dir);
    }
    const outbox = new Outbox(dir, options, { damagedRecords, tornTailBytes }, records);
    if (damagedRecords > 0) outbox.compact();
    return outbox;
  }

  private get file(): string {
    return path.join(this.dir, LOG);
  }

  /** Reports waiting, oldest first. */
  get size(): number {
    return this.entries.size;
  }

  /** The next report to send. */
  peek(): OutboxEntry | undefined {
    for (const [seq, body] of this.entries) return { seq, body };
    return undefined;
  }

  /** Every waiting report, oldest first. */
  list(): OutboxEntry[] {
    return [...this.entries].map(([seq, body]) => ({ seq, body }));
  }

  /**
   * Queues a report durably (it is on disk when this returns) and folds old detailed events if the
   * outbox is over its limit. The body is normalised by the schema first, so what is stored is
   * exactly what will be signed and sent, now and after any restart.
   */
  add(body: ReportBody): OutboxEntry {
    const normalised = ReportBodySchema.parse(body);
    const seq = this.nextSeq;
    this.write({ t: 'add', seq, body: normalised });
    try {
      this.foldIfFull();
    } catch (error) {
      // The report is queued; only the fold failed (disk full). It is tried again on the next add.
      if (!(error instanceof OutboxWriteError)) throw error;
    }
    return { seq, body: normalised };
  }

  /** The server acknowledged the report (created or duplicate): it leaves the outbox for good. */
  ack(seq: number): void {
    if (!this.entries.has(seq)) return;
    this.write({ t: 'ack', seq });
    this.compactIfWorthIt();
  }

  /** The server refused the report for good: it leaves the outbox without an acknowledgement. */
  drop(seq: number, reason: string): void {
    if (!this.entries.has(seq)) return;
    this.write({ t: 'drop', seq, reason: reason.slice(0, 300) });
    this.compactIfWorthIt();
  }

  close(): void {
    closeSync(this.fd);
  }

  private foldIfFull(): void {
    const max = this.options.maxEntries?.();
    if (max === undefined || this.entries.size <= max) return;
    const plan = planFold(this.list(), max, randomUUID);
    if (plan) this.write({ t: 'fold', drop: plan.drop, replace: plan.replace });
  }

  /**
   * Appends one record durably, or changes nothing: a write that failed part-way (disk full) is cut
   * back off, or its fragment would glue itself to the next record and damage both on reopening.
   */
  private write(record: OutboxRecord): void {
    const before = fstatSync(this.fd).size;
    try {
      writeAll(this.fd, encodeRecord(record));
      fsyncSync(this.fd);
    } catch (error) {
      try {
        ftruncateSync(this.fd, before);
      } catch {
        // Cannot even shrink the file: opening it next time cuts the torn last line off.
      }
      throw new OutboxWriteError(this.dir, errnoOf(error), error);
    }
    this.applyRecord(record);
    this.records += 1;
  }

  private applyRecord(record: OutboxRecord): void {
    switch (record.t) {
      case 'add':
        this.entries.set(record.seq, record.body);
        this.nextSeq = Math.max(this.nextSeq, record.seq + 1);
        return;
      case 'ack':
      case 'drop':
        this.entries.delete(record.seq);
        return;
      case 'fold':
        for (const seq of record.drop) this.entries.delete(seq);
        // Map.set on an existing key keeps its place in the order.
        if (record.replace && this.entries.has(record.replace.seq)) this.entries.set(record.replace.seq, record.replace.body);
        return;
      case 'meta':
        this.nextSeq = Math.max(this.nextSeq, record.nextSeq);
        return;
      default: {
        const never: never = record;
        throw new Error(`unknown outbox record ${JSON.stringify(never)}`);
      }
    }
  }

  private compactIfWorthIt(): void {
    const after = this.options.compactAfter ?? 1000;
    if (this.records - this.entries.size < after) return;
    try {
      this.compact();
    } catch (error) {
      // Compaction only saves space; the record that led here is written. Tried again on the next one.
      if (!(error instanceof OutboxWriteError)) throw error;
    }
  }

  /** Rewrites the log with only the live entries (atomic: a crash leaves the old or the new log). */
  compact(): void {
    const tmp = `${this.file}.compact`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeAll(fd, encodeRecord({ t: 'meta', nextSeq: this.nextSeq }));
        for (const [seq, body] of this.entries) writeAll(fd, encodeRecord({ t: 'add', seq, body }));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      // The log itself is untouched and still right; the partial copy would only take space.
      rmSync(tmp, { force: true });
      throw new OutboxWriteError(this.dir, errnoOf(error), error);
    }
    closeSync(this.fd);
    renameSync(tmp, this.file);
    fsyncDir(this.dir);
    this.fd = openSync(this.file, 'a', 0o600);
    this.records = this.entries.size + 1;
  }

  /** Bytes of the log on disk (for status and tests). */
  bytesOnDisk(): number {
    return statSync(this.file).size;
  }
}
