import type { PrintKeyBlocker } from '../adapters';
import { X11Error, type X11Connection } from '../x11/x11-connection';

const XK_PRINT = 0xff61;
const ANY_MODIFIER = 0x8000;
const KEY_PRESS = 2;

/**
 * Swallows Print Screen on X11 with a passive key grab on the root window: while the grab is held
 * the key reaches us instead of any screenshot tool bound to it. A grab held by another client
 * (BadAccess) means the key cannot be taken; the caller records that as not enforced.
 */
export class X11PrintKeyBlocker implements PrintKeyBlocker {
  private keycodes: number[] = [];
  private listener: ((event: Buffer) => void) | null = null;

  constructor(private readonly x: X11Connection) {}

  async block(onPressed: () => void): Promise<boolean> {
    if (this.listener) return true;
    if (this.keycodes.length === 0) {
      const map = await this.x.getKeyboardMapping();
      this.keycodes = map.flatMap((syms, i) => (syms.includes(XK_PRINT) ? [i + this.x.minKeycode] : []));
    }
    if (this.keycodes.length === 0) return false;
    try {
      for (const code of this.keycodes) await this.x.grabKey(this.x.root, code, ANY_MODIFIER);
    } catch (error) {
      if (error instanceof X11Error) {
        await this.ungrabAll();
        return false;
      }
      throw error;
    }
    this.listener = (event) => {
      if ((event.readUInt8(0) & 0x7f) === KEY_PRESS && this.keycodes.includes(event.readUInt8(1))) onPressed();
    };
    this.x.on('event', this.listener);
    return true;
  }

  async unblock(): Promise<void> {
    if (!this.listener) return;
    this.x.off('event', this.listener);
    this.listener = null;
    await this.ungrabAll();
  }

  close(): void {
    this.x.close();
  }

  private async ungrabAll(): Promise<void> {
    if (this.x.isClosed) return;
    for (const code of this.keycodes) await this.x.ungrabKey(this.x.root, code, ANY_MODIFIER).catch(() => undefined);
  }
}
