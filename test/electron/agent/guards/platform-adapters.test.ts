import { describe, expect, it } from 'vitest';
import { ProcProcessControl } from '../../../../electron/agent/guards/linux/proc-processes';
import { WlClipboard } from '../../../../electron/agent/guards/linux/wl-clipboard';
import { X11ActiveWindowSource } from '../../../../electron/agent/guards/linux/x11-active-window';
import type { XclipClipboard } from '../../../../electron/agent/guards/linux/xclip-clipboard';
import { MacActiveWindowSource } from '../../../../electron/agent/guards/macos/jxa-active-window';
import { MacWindowMinimizer } from '../../../../electron/agent/guards/macos/jxa-window-minimizer';
import { PsProcessControl } from '../../../../electron/agent/guards/macos/ps-processes';
import { ALL_ADAPTERS, openPlatformAdapters } from '../../../../electron/agent/guards/platform-adapters';
import { TasklistProcessControl } from '../../../../electron/agent/guards/windows/tasklist-processes';
import { WindowsActiveWindowSource } from '../../../../electron/agent/guards/windows/win-active-window';
import { WindowsWindowMinimizer } from '../../../../electron/agent/guards/windows/win-window-minimizer';
import type { X11Connection } from '../../../../electron/agent/guards/x11/x11-connection';
import { fakeRunner, fakeSpawn } from '../../../helpers/fake-os';

const fakeX = () => ({ close: () => undefined, ref: () => undefined }) as unknown as X11Connection;
const fakeXclip = async () => ({ close: () => undefined }) as unknown as XclipClipboard;

describe('openPlatformAdapters: one selector for every platform', () => {
  it('win32: PowerShell foreground window, tasklist/taskkill, PowerShell minimizer; no headless clipboard or Print Screen', async () => {
    const fake = fakeSpawn();
    const set = await openPlatformAdapters({ platform: 'win32', want: ALL_ADAPTERS, spawn: fake.spawn, run: fakeRunner({}).run });
    expect(set.adapters.activeWindow).toBeInstanceOf(WindowsActiveWindowSource);
    expect(set.adapters.processes).toBeInstanceOf(TasklistProcessControl);
    expect(set.adapters.minimizer).toBeInstanceOf(WindowsWindowMinimizer);
    expect(set.unavailable.map((u) => u.adapter)).toEqual(['clipboard', 'printKey']);
    expect(fake.children).toHaveLength(0); // nothing starts before the first look
    set.close();
  });

  it('darwin: osascript foreground window, ps and signals, osascript minimizer', async () => {
    const set = await openPlatformAdapters({ platform: 'darwin', want: ['activeWindow', 'processes', 'minimizer'], spawn: fakeSpawn().spawn });
    expect(set.adapters.activeWindow).toBeInstanceOf(MacActiveWindowSource);
    expect(set.adapters.processes).toBeInstanceOf(PsProcessControl);
    expect(set.adapters.minimizer).toBeInstanceOf(MacWindowMinimizer);
    expect(set.unavailable).toEqual([]);
    set.close();
  });

  it('linux with X: X11 window adapters, /proc, xclip', async () => {
    const set = await openPlatformAdapters({ platform: 'linux', want: ALL_ADAPTERS, env: { DISPLAY: ':5' }, connectX11: async () => fakeX(), openXclip: fakeXclip });
    expect(set.adapters.activeWindow).toBeInstanceOf(X11ActiveWindowSource);
    expect(set.adapters.processes).toBeInstanceOf(ProcProcessControl);
    expect(Object.keys(set.adapters).sort()).toEqual([...ALL_ADAPTERS].sort());
    expect(set.unavailable).toEqual([]);
    set.close();
  });

  it('linux Wayland-only (WAYLAND_DISPLAY, no DISPLAY): wl-clipboard, /proc; window adapters unavailable with why', async () => {
    const set = await openPlatformAdapters({ platform: 'linux', want: ALL_ADAPTERS, env: { WAYLAND_DISPLAY: 'wayland-0' }, spawn: fakeSpawn().spawn });
    expect(set.adapters.clipboard).toBeInstanceOf(WlClipboard);
    expect(set.adapters.processes).toBeInstanceOf(ProcProcessControl);
    expect(set.unavailable.map((u) => u.adapter)).toEqual(['activeWindow', 'printKey', 'minimizer']);
    expect(set.unavailable[0]!.reason).toContain('no DISPLAY');
    set.close();
  });

  it('linux with neither: /proc only; an unreachable X display is named', async () => {
    const none = await openPlatformAdapters({ platform: 'linux', want: ALL_ADAPTERS, env: {} });
    expect(Object.keys(none.adapters)).toEqual(['processes']);
    expect(none.unavailable.find((u) => u.adapter === 'clipboard')!.reason).toContain('no WAYLAND_DISPLAY');
    const down = await openPlatformAdapters({
      platform: 'linux',
      want: ALL_ADAPTERS,
      env: { DISPLAY: ':97' },
      connectX11: async () => Promise.reject(new Error('ENOENT /tmp/.X11-unix/X97')),
      openXclip: async () => Promise.reject(new Error('xclip: cannot open display')),
    });
    expect(down.unavailable).toEqual([
      { adapter: 'activeWindow', reason: 'the X display :97 could not be reached: ENOENT /tmp/.X11-unix/X97' },
      { adapter: 'clipboard', reason: 'xclip: cannot open display' },
      { adapter: 'printKey', reason: 'the X display :97 could not be reached: ENOENT /tmp/.X11-unix/X97' },
      { adapter: 'minimizer', reason: 'the X display :97 could not be reached: ENOENT /tmp/.X11-unix/X97' },
    ]);
  });

  it('only opens what is wanted, and any other platform gets nothing but reasons', async () => {
    const some = await openPlatformAdapters({ platform: 'win32', want: ['processes'] });
    expect(Object.keys(some.adapters)).toEqual(['processes']);
    expect(some.unavailable).toEqual([]);
    const other = await openPlatformAdapters({ platform: 'aix', want: ALL_ADAPTERS });
    expect(other.adapters).toEqual({});
    expect(other.unavailable.map((u) => u.adapter)).toEqual([...ALL_ADAPTERS]);
    expect(other.unavailable[0]!.reason).toBe('no adapter for aix in this version');
  });
});
