import type { ClipboardAdapter } from '../../agent/guards/adapters';

/** The part of Electron's clipboard module the adapter uses. */
export interface ElectronClipboardLike {
  readText(): string;
  writeText(text: string): void;
}

/** A timer API, injectable so the polling is testable without waiting. */
export interface PollTimer {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimer: PollTimer = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * The clipboard guard's ClipboardAdapter (issue 5: readText / writeText / watch / close) on
 * Electron's clipboard module, which works on Windows, macOS and Linux alike. Electron has no
 * clipboard-change event, so watch() polls the text and calls back when it changed.
 */
export class ElectronClipboardAdapter implements ClipboardAdapter {
  private readonly watchers = new Set<() => void>();

  constructor(
    private readonly clipboard: ElectronClipboardLike,
    private readonly pollMs = 250,
    private readonly timer: PollTimer = realTimer,
  ) {}

  async readText(): Promise<string> {
    return this.clipboard.readText();
  }

  async writeText(text: string): Promise<void> {
    this.clipboard.writeText(text);
  }

  watch(onChange: () => void): () => void {
    let last = this.clipboard.readText();
    const handle = this.timer.setInterval(() => {
      const now = this.clipboard.readText();
      if (now === last) return;
      last = now;
      onChange();
    }, this.pollMs);
    const stop = () => {
      this.timer.clearInterval(handle);
      this.watchers.delete(stop);
    };
    this.watchers.add(stop);
    return stop;
  }

  close(): void {
    for (const stop of [...this.watchers]) stop();
  }
}
