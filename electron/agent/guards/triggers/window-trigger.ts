import type { ActiveWindowSource } from '../adapters';
import type { SensitiveMode } from '../sensitive-mode';
import { matchingRuleIds, type CompiledWindowRule } from './window-rules';

/**
 * Watches the active window and holds one trigger per matching rule ("window:<rule id>"). Holds
 * happen on edges only (a rule starts matching), so after a session ends at its maximum duration a
 * window left in front does not silently start the next one.
 */
export class WindowTrigger {
  private matched = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private failures = 0;

  constructor(
    private readonly source: ActiveWindowSource,
    private readonly mode: SensitiveMode,
    private rules: CompiledWindowRule[],
    private readonly onError: (error: Error) => void,
    private readonly intervalMs = 250,
  ) {}

  setRules(rules: CompiledWindowRule[]): void {
    this.rules = rules;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const id of this.matched) this.mode.release(`window:${id}`);
    this.matched.clear();
  }

  /** One look at the active window (also used by tests and the benchmark). */
  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const window = await this.source.current();
      this.failures = 0;
      const now = new Set(matchingRuleIds(this.rules, window));
      for (const id of now) if (!this.matched.has(id)) this.mode.hold({ id: `window:${id}`, kind: 'window', detail: `rule ${id}` });
      for (const id of this.matched) if (!now.has(id)) this.mode.release(`window:${id}`);
      this.matched = now;
    } catch (error) {
      // Report the first failure of a streak only, not one line every 250 ms.
      if (this.failures++ === 0) this.onError(error as Error);
    } finally {
      this.busy = false;
    }
  }
}
