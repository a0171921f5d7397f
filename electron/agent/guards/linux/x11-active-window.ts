import { readFile } from 'node:fs/promises';
import type { ActiveWindow, ActiveWindowSource } from '../adapters';
import { X11Error, type X11Connection } from '../x11/x11-connection';

/**
 * The active window on X11. With a window manager, the root's _NET_ACTIVE_WINDOW (EWMH) names it;
 * without one (a bare X server, kiosk sessions), the input focus does. The title is _NET_WM_NAME
 * (UTF-8) or WM_NAME; the process comes from _NET_WM_PID and /proc/PID/comm. X11 does not expose
 * a browser's URL, so url rules never match here.
 */
export class X11ActiveWindowSource implements ActiveWindowSource {
  constructor(
    private readonly x: X11Connection,
    private readonly readComm: (pid: number) => Promise<string | undefined> = procComm,
  ) {}

  async current(): Promise<ActiveWindow | null> {
    try {
      let window = await this.activeFromWm();
      if (window === 0) window = await this.x.getInputFocus();
      // 0 is None, 1 is PointerRoot: nothing in front.
      if (window <= 1) return null;
      return await this.describe(window);
    } catch (error) {
      // The window closed between two requests.
      if (error instanceof X11Error) return null;
      throw error;
    }
  }

  close(): void {
    this.x.close();
  }

  private async activeFromWm(): Promise<number> {
    const atom = await this.x.internAtom('_NET_ACTIVE_WINDOW', true);
    if (atom === 0) return 0;
    const value = await this.x.getProperty(this.x.root, atom, 0, 4);
    return value && value.format === 32 && value.data.length >= 4 ? value.data.readUInt32LE(0) : 0;
  }

  /** Title and process of the window, or of the nearest ancestor that has a title (focus may sit on a child). */
  private async describe(start: number): Promise<ActiveWindow | null> {
    let window = start;
    for (let depth = 0; depth < 8 && window !== 0 && window !== this.x.root; depth++) {
      const title = await this.title(window);
      if (title !== null) {
        const pid = await this.pid(window);
        const processName = pid === undefined ? undefined : await this.readComm(pid);
        return { title, ...(pid !== undefined ? { pid } : {}), ...(processName ? { processName } : {}) };
      }
      window = (await this.x.queryTree(window)).parent;
    }
    return null;
  }

  private async title(window: number): Promise<string | null> {
    const netName = await this.x.getProperty(window, await this.x.internAtom('_NET_WM_NAME'), 0, 4096);
    if (netName && netName.format === 8) return netName.data.toString('utf8');
    const name = await this.x.getProperty(window, await this.x.internAtom('WM_NAME'), 0, 4096);
    if (name && name.format === 8) return name.data.toString('latin1');
    return null;
  }

  private async pid(window: number): Promise<number | undefined> {
    const value = await this.x.getProperty(window, await this.x.internAtom('_NET_WM_PID'), 0, 4);
    return value && value.format === 32 && value.data.length >= 4 ? value.data.readUInt32LE(0) : undefined;
  }
}

async function procComm(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/comm`, 'utf8')).trimEnd();
  } catch {
    return undefined;
  }
}
