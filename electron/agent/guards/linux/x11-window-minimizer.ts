import type { WindowMinimizer } from '../adapters';
import type { X11Connection } from '../x11/x11-connection';

const CLIENT_MESSAGE = 33;
const ICONIC_STATE = 3;
const SUBSTRUCTURE_REDIRECT_AND_NOTIFY = 0x180000;

/**
 * Minimizes a process's windows the ICCCM way: a WM_CHANGE_STATE client message (IconicState) to
 * the root, which the window manager acts on. Windows are found by _NET_WM_PID among the root's
 * children and their children (window managers reparent clients into frames).
 */
export class X11WindowMinimizer implements WindowMinimizer {
  constructor(private readonly x: X11Connection) {}

  async minimizeProcessWindows(pid: number): Promise<number> {
    // Without a window manager nobody acts on the request: say so (0) rather than claim success.
    const wmCheck = await this.x.internAtom('_NET_SUPPORTING_WM_CHECK', true);
    if (wmCheck === 0 || !(await this.x.getProperty(this.x.root, wmCheck, 0, 4))) return 0;
    const pidAtom = await this.x.internAtom('_NET_WM_PID');
    const changeState = await this.x.internAtom('WM_CHANGE_STATE');
    const top = (await this.x.queryTree(this.x.root)).children;
    const candidates = [...top];
    for (const w of top) candidates.push(...(await this.x.queryTree(w).then((t) => t.children, () => [])));
    let count = 0;
    for (const window of candidates) {
      const value = await this.x.getProperty(window, pidAtom, 0, 4).catch(() => null);
      if (!value || value.format !== 32 || value.data.readUInt32LE(0) !== pid) continue;
      const event = Buffer.alloc(32);
      event.writeUInt8(CLIENT_MESSAGE, 0);
      event.writeUInt8(32, 1);
      event.writeUInt32LE(window, 4);
      event.writeUInt32LE(changeState, 8);
      event.writeUInt32LE(ICONIC_STATE, 12);
      await this.x.sendEvent(this.x.root, SUBSTRUCTURE_REDIRECT_AND_NOTIFY, event);
      count++;
    }
    return count;
  }
}
