import type { PrintKeyBlocker } from '../../agent/guards/adapters';
import type { GlobalShortcutLike } from './global-shortcut';

/** Electron's accelerator name for the Print Screen key. */
export const PRINT_SCREEN_ACCELERATOR = 'PrintScreen';

/**
 * The guards' PrintKeyBlocker on Electron's globalShortcut: while registered, the key press
 * reaches ShiftGuard instead of the OS screenshot handler (X11: a key grab; Windows: a hot key;
 * macOS: a Carbon hot key). register() is false when another program holds the key, and the
 * guards then record Print Screen as not enforced. `blocking()` is the truth the banner shows.
 */
export class ShortcutPrintKeyBlocker implements PrintKeyBlocker {
  private registered = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly shortcuts: GlobalShortcutLike) {}

  async block(onPressed: () => void): Promise<boolean> {
    if (this.registered) this.shortcuts.unregister(PRINT_SCREEN_ACCELERATOR);
    let ok: boolean;
    try {
      ok = this.shortcuts.register(PRINT_SCREEN_ACCELERATOR, onPressed);
    } catch {
      ok = false;
    }
    this.set(ok);
    return ok;
  }

  async unblock(): Promise<void> {
    if (this.registered) this.shortcuts.unregister(PRINT_SCREEN_ACCELERATOR);
    this.set(false);
  }

  /** True while the key is actually taken. */
  blocking(): boolean {
    return this.registered;
  }

  /** Calls `listener` whenever blocking() changes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  close(): void {
    void this.unblock();
  }

  private set(registered: boolean): void {
    if (registered === this.registered) return;
    this.registered = registered;
    for (const l of this.listeners) l();
  }
}
