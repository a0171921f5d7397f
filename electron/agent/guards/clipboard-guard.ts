import type { ClipboardMode } from '../../../shared/policy/schema';
import type { ClipboardAdapter } from './adapters';
import type { GuardContext } from './guard-context';
import { containsPan, maskedFindings, redactPans } from './pan-port';

/**
 * Keeps card numbers off the clipboard. scrub (and lock outside sensitive mode): clipboard text
 * holding a card number is replaced by its redacted form; other text is never touched. lock in
 * sensitive mode: the clipboard is emptied on entry, whatever is copied is wiped, and it is emptied
 * again on exit. Checks run one at a time; a change during a check triggers one more check.
 */
export class ClipboardGuard {
  private sensitive = false;
  private unwatch: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private lastError = '';

  constructor(
    private readonly clipboard: ClipboardAdapter,
    private mode: ClipboardMode,
    private readonly ctx: GuardContext,
  ) {}

  start(): void {
    if (this.unwatch || this.mode === 'off') return;
    this.unwatch = this.clipboard.watch(() => this.check());
    this.check();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /**
   * Switches mode (a new policy). Turning lock on during a sensitive session empties the clipboard
   * at once, as entering the session under lock would have; turning it on from off checks the
   * clipboard right away.
   */
  async setMode(mode: ClipboardMode): Promise<void> {
    const was = this.mode;
    this.mode = mode;
    if (mode === 'off') return this.stop();
    this.start();
    if (mode === 'lock' && was !== 'lock' && this.sensitive) {
      await this.guarded(async () => {
        await this.clipboard.writeText('');
        this.ctx.audit.append('clipboard.cleared', { on: 'policy-change' });
        this.ctx.evidence.action(this.ctx.now(), 'clipboard', 'cleared-on-entry');
      });
    }
  }

  /** Follows sensitive mode; with lock the clipboard is emptied at both edges. */
  async setSensitive(active: boolean): Promise<void> {
    if (this.sensitive === active) return;
    this.sensitive = active;
    if (this.mode !== 'lock') return;
    await this.guarded(async () => {
      await this.clipboard.writeText('');
      this.ctx.audit.append('clipboard.cleared', { on: active ? 'sensitive-start' : 'sensitive-end' });
      this.ctx.evidence.action(this.ctx.now(), 'clipboard', active ? 'cleared-on-entry' : 'cleared-on-exit');
    });
  }

  /** Looks at the clipboard now (called on every change). Resolves when this round is done. */
  check(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.guarded(() => this.inspect());
      } while (this.again);
      this.running = null;
    })();
    return this.running;
  }

  private async inspect(): Promise<void> {
    if (this.mode === 'off') return;
    const text = await this.clipboard.readText();
    if (this.sensitive && this.mode === 'lock') {
      if (text === '') return;
      await this.clipboard.writeText('');
      const detail = { characters: text.length, cardNumbers: maskedFindings(text) };
      this.ctx.audit.append('clipboard.wiped', detail);
      this.ctx.evidence.action(this.ctx.now(), 'clipboard', 'wiped', detail);
      this.ctx.event?.({ guard: 'clipboard', action: 'cleared', findings: detail.cardNumbers });
      return;
    }
    if (!containsPan(text)) return;
    await this.clipboard.writeText(redactPans(text));
    const detail = { cardNumbers: maskedFindings(text) };
    this.ctx.audit.append('clipboard.scrubbed', detail);
    if (this.sensitive) this.ctx.evidence.action(this.ctx.now(), 'clipboard', 'scrubbed', detail);
    this.ctx.event?.({ guard: 'clipboard', action: 'scrubbed', findings: detail.cardNumbers });
  }

  private async guarded(work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.lastError = '';
    } catch (error) {
      const message = (error as Error).message;
      // One audit line per distinct failure, not one per clipboard change.
      if (message !== this.lastError) {
        this.lastError = message;
        this.ctx.audit.append('clipboard.error', { message });
        this.ctx.evidence.notEnforced(this.ctx.now(), 'clipboard', message);
      }
    }
  }
}

/**
 * A watch() for clipboards without change events (Electron's clipboard): compares a cheap
 * fingerprint of the text every `intervalMs` and calls `onChange` when it differs.
 */
export function pollClipboard(read: () => string, onChange: () => void, intervalMs = 150): () => void {
  let last = read();
  const timer = setInterval(() => {
    const now = read();
    if (now !== last) {
      last = now;
      onChange();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
