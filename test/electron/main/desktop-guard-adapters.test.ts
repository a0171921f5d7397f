import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesktopGuardAdapters } from '../../../electron/main/adapters/desktop-guard-adapters';
import { LinkInbox, linksInArgv } from '../../../electron/main/links/sensitive-links';
import { MemoryClipboard, RecordingShortcuts } from '../../helpers/desktop-guards';
import { hasXvfb, startXvfb, type Xvfb } from '../../helpers/xvfb';

const base = () => ({ clipboard: new MemoryClipboard(), shortcuts: new RecordingShortcuts() });

describe('openDesktopGuardAdapters', () => {
  it('on Windows and macOS: Electron clipboard and Print Screen, plus the agent’s active window, processes and minimizer', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const set = await openDesktopGuardAdapters({ platform, ...base() });
      expect(Object.keys(set.adapters).sort()).toEqual(['activeWindow', 'clipboard', 'minimizer', 'printKey', 'processes']);
      expect(set.unavailable).toEqual([]);
      set.close();
    }
  });

  it('elsewhere: Electron clipboard and Print Screen only; the rest recorded as unavailable, not faked', async () => {
    const set = await openDesktopGuardAdapters({ platform: 'freebsd', ...base() });
    expect(Object.keys(set.adapters).sort()).toEqual(['clipboard', 'printKey']);
    expect(set.unavailable.map((u) => u.adapter)).toEqual(['activeWindow', 'processes', 'minimizer']);
    expect(set.unavailable[0]!.reason).toContain('freebsd');
    set.close();
  });

  it('on Linux without an X display: /proc process control, no window adapters, and says why', async () => {
    const set = await openDesktopGuardAdapters({ platform: 'linux', ...base(), display: undefined });
    expect(Object.keys(set.adapters).sort()).toEqual(['clipboard', 'printKey', 'processes']);
    expect(set.unavailable).toMatchObject([
      { adapter: 'activeWindow', reason: expect.stringContaining('no DISPLAY') },
      { adapter: 'minimizer', reason: expect.stringContaining('no DISPLAY') },
    ]);
    expect((await set.adapters.processes!.list()).length).toBeGreaterThan(0);
    set.close();
  });

  it('on Linux with an unreachable display: says which display and why', async () => {
    const set = await openDesktopGuardAdapters({ platform: 'linux', ...base(), display: ':97', connectX11: async () => Promise.reject(new Error('ENOENT /tmp/.X11-unix/X97')) });
    expect(set.adapters.activeWindow).toBeUndefined();
    expect(set.unavailable[0]!.reason).toBe('the X display :97 could not be reached: ENOENT /tmp/.X11-unix/X97');
    set.close();
  });

  it('hands the clipboard guard Electron’s clipboard: what the guard writes is what Electron holds', async () => {
    const { clipboard, shortcuts } = base();
    const set = await openDesktopGuardAdapters({ platform: 'win32', clipboard, shortcuts });
    clipboard.text = 'before';
    expect(await set.adapters.clipboard!.readText()).toBe('before');
    await set.adapters.clipboard!.writeText('');
    expect(clipboard.text).toBe('');
    set.close();
  });
});

describe.skipIf(!hasXvfb())('openDesktopGuardAdapters on a real X server (Xvfb)', () => {
  let xvfb: Xvfb;
  beforeAll(async () => {
    xvfb = await startXvfb();
  });
  afterAll(async () => {
    await xvfb?.stop();
  });
  it('uses the agent’s X11 active-window source and minimizer', async () => {
    const set = await openDesktopGuardAdapters({ platform: 'linux', ...base(), display: xvfb.display });
    expect(set.unavailable).toEqual([]);
    // A bare X server with no window manager and no window: nothing is in front.
    expect(await set.adapters.activeWindow!.current()).toBeNull();
    set.close();
  });
});

describe('shiftguard:// links', () => {
  it('finds links in a command line, whatever the case of the scheme', () => {
    expect(linksInArgv(['/opt/ShiftGuard/shiftguard', '--no-sandbox', 'ShiftGuard://sensitive/start?source=crm', 'shiftguardx://no'])).toEqual([
      'ShiftGuard://sensitive/start?source=crm',
    ]);
  });

  it('keeps links that arrive before the guards run, and hands them over in order', () => {
    const inbox = new LinkInbox();
    const seen: string[] = [];
    inbox.receive('shiftguard://sensitive/start');
    inbox.receive('shiftguard://sensitive/end');
    inbox.deliverTo((url) => seen.push(url));
    inbox.receive('shiftguard://sensitive/start?source=pay');
    expect(seen).toEqual(['shiftguard://sensitive/start', 'shiftguard://sensitive/end', 'shiftguard://sensitive/start?source=pay']);
  });
});
