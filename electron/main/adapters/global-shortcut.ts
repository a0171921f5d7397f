/** The part of Electron's globalShortcut module the adapter uses. */
export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/**
 * One global shortcut at a time (the policy's sensitive-mode shortcut, handed to the guards
 * engine of issue 5). Re-binding replaces the previous accelerator, so a new policy's shortcut
 * takes over cleanly. bind() is false when the OS or another app holds the accelerator.
 */
export class ShortcutAdapter {
  private bound: string | null = null;

  constructor(private readonly shortcuts: GlobalShortcutLike) {}

  bind(accelerator: string, onPressed: () => void): boolean {
    this.unbind();
    let ok: boolean;
    try {
      ok = this.shortcuts.register(accelerator, onPressed);
    } catch {
      // Electron throws on a malformed accelerator string.
      ok = false;
    }
    if (ok) this.bound = accelerator;
    return ok;
  }

  unbind(): void {
    if (this.bound !== null) this.shortcuts.unregister(this.bound);
    this.bound = null;
  }

  current(): string | null {
    return this.bound;
  }
}
