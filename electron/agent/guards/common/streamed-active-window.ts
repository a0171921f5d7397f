import type { ActiveWindow, ActiveWindowSource } from '../adapters';
import { LineProcess, type SpawnFn } from './line-process';

/** What one line from a foreground-window helper says. */
export type ForegroundLine = { kind: 'window'; window: ActiveWindow | null } | { kind: 'error'; message: string } | { kind: 'ignore' };

export interface StreamedActiveWindowOptions {
  file: string;
  args: readonly string[];
  stream: 'stdout' | 'stderr';
  parse(line: string): ForegroundLine;
  spawn?: SpawnFn;
  /** How long after the helper ended before it is started again; default 5 s. */
  restartDelayMs?: number;
  now?: () => number;
}

/** Raised by current() while the helper is not running; the window trigger audits the first one. */
export class ActiveWindowUnavailableError extends Error {
  override readonly name = 'ActiveWindowUnavailableError';
}

/**
 * An ActiveWindowSource fed by one long-running helper that prints a line whenever the window in
 * front changes. current() only returns the last line's window: no process per look. When the
 * helper is missing or ends, current() fails with the reason, and the helper is started again after
 * a pause (never in a tight loop).
 */
export class StreamedActiveWindowSource implements ActiveWindowSource {
  private latest: ActiveWindow | null = null;
  private failure: string | null = null;
  private failedAt = 0;
  private closed = false;
  private readonly process: LineProcess;

  constructor(private readonly options: StreamedActiveWindowOptions) {
    this.process = new LineProcess({
      file: options.file,
      args: options.args,
      stream: options.stream,
      ...(options.spawn ? { spawn: options.spawn } : {}),
      onLine: (line) => {
        const parsed = options.parse(line);
        switch (parsed.kind) {
          case 'window':
            this.latest = parsed.window;
            this.failure = null;
            break;
          case 'error':
            this.failure = parsed.message;
            this.failedAt = this.now();
            this.latest = null;
            break;
          case 'ignore':
            break;
        }
      },
      onExit: (reason) => {
        this.failure = reason;
        this.failedAt = this.now();
        this.latest = null;
      },
    });
  }

  async current(): Promise<ActiveWindow | null> {
    if (this.closed) return null;
    if (!this.process.running) {
      if (this.failure && this.now() - this.failedAt < (this.options.restartDelayMs ?? 5000)) {
        throw new ActiveWindowUnavailableError(this.failure);
      }
      this.process.start();
    }
    if (this.failure) throw new ActiveWindowUnavailableError(this.failure);
    return this.latest;
  }

  close(): void {
    this.closed = true;
    this.process.stop();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
