import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { redactPans } from './pan-port';

/** One line of the local audit log. */
export interface AuditEntry {
  ts: string;
  type: string;
  [field: string]: unknown;
}

/**
 * Every string in a value with card numbers redacted: the last line of defence, not the first.
 * Object keys are scrubbed too, and so is a number whose decimal form holds a card number (it
 * comes back as the redacted string: JSON would otherwise print all its digits).
 */
export function scrubValue(value: unknown): unknown {
  if (typeof value === 'string') return redactPans(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    const redacted = redactPans(text);
    return redacted === text ? value : redacted;
  }
  if (Array.isArray(value)) return value.map(scrubValue);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [redactPans(k), scrubValue(v)]));
  }
  return value;
}

/**
 * The local audit log: append-only JSON Lines. Writes are queued in order and never block the
 * caller; a failed write is reported on stderr once and the entry kept in the line count.
 */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();
  private ready: Promise<void> | null = null;
  private readonly listeners = new Set<(entry: AuditEntry) => void>();

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends one entry. Returns the entry as written (already scrubbed). */
  append(type: string, fields: Record<string, unknown> = {}): AuditEntry {
    const entry = scrubValue({ ts: this.now().toISOString(), type, ...fields }) as AuditEntry;
    const line = `${JSON.stringify(entry)}\n`;
    this.ready ??= mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 }).then(() => undefined);
    const ready = this.ready;
    this.queue = this.queue
      .then(() => ready)
      .then(() => appendFile(this.file, line, { mode: 0o600 }))
      .catch((error: unknown) => console.error(`shiftguard: audit log write failed: ${(error as Error).message}`));
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Follows new entries (the UI, the CLI's console output). Returns how to stop. */
  onEntry(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every entry appended so far is on disk. */
  flush(): Promise<void> {
    return this.queue;
  }
}
