import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/password';
import type { AppState } from '../../../shared/ipc/app-state';
import { IPC_EVENTS } from '../../../shared/ipc/contract';
import { shiftReadiness } from '../../../shared/ipc/shift-readiness';
import type { PostureCheck } from '../../../electron/agent/posture/check-context';
import { QuitAttemptLimiter, verifyQuitPin } from '../../../electron/main/quit/quit-pin';
import { trayMenuTemplate, type TrayMenuItem } from '../../../electron/main/tray/tray-menu';
import { createDesktopHarness } from '../../helpers/desktop-harness';

const passing: PostureCheck = { id: 'firewall', run: async () => ({ status: 'pass', summary: 'on', evidence: {} }) };
const URL_OK = 'app://shiftguard/index.html';

describe('DesktopApp: quit', () => {
  it('quits at once without a PIN policy, telling the server first', async () => {
    const stops: string[] = [];
    const h = createDesktopHarness({ checks: [passing], lifecycle: { agentStopped: async (i) => void stops.push(i.reason) } });
    expect(await h.invoke('shiftguard:app:quit', {}, URL_OK)).toEqual({ ok: true, value: { outcome: 'quitting' } });
    await expect.poll(() => h.shell.calls.includes('exit')).toBe(true);
    expect(stops).toEqual(['quit-by-agent']);
    expect(h.app.isQuitting()).toBe(true);
  });

  it('needs the supervisor PIN when policy sets one, and limits wrong guesses', async () => {
    const quitPinHash = await hashPassword('4821');
    const stops: string[] = [];
    const h = createDesktopHarness({ checks: [passing], policy: { agent: { quitPinHash } }, lifecycle: { agentStopped: async (i) => void stops.push(i.reason) } });
    expect(h.app.state().policy.quitNeedsPin).toBe(true);
    h.app.requestQuit();
    expect(h.shell.sent.find((s) => s.channel === IPC_EVENTS.quitRequested.channel)?.payload).toEqual({ needsPin: true });
    expect(await h.invoke('shiftguard:app:quit', {}, URL_OK)).toMatchObject({ value: { outcome: 'pin-required' } });
    expect(await h.invoke('shiftguard:app:quit', { pin: '0000' }, URL_OK)).toMatchObject({ value: { outcome: 'wrong-pin' } });
    expect(h.shell.calls).not.toContain('exit');
    expect(await h.invoke('shiftguard:app:quit', { pin: '4821' }, URL_OK)).toMatchObject({ value: { outcome: 'quitting' } });
    await expect.poll(() => h.shell.calls.includes('exit')).toBe(true);
    expect(stops).toEqual(['quit-with-supervisor-pin']);
  });

  it('does not hang on a stop notice that never answers', async () => {
    const h = createDesktopHarness({ checks: [passing], lifecycle: { agentStopped: () => new Promise(() => undefined) } });
    const started = Date.now();
    await h.app.shutdown('system-shutdown');
    expect(h.shell.calls).toContain('exit');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);
});

describe('verifyQuitPin and QuitAttemptLimiter', () => {
  it('accepts the right PIN against a server-format scrypt hash, refuses others and malformed hashes', async () => {
    const hash = await hashPassword('739155');
    expect(await verifyQuitPin('739155', hash)).toBe(true);
    expect(await verifyQuitPin('739156', hash)).toBe(false);
    expect(await verifyQuitPin('739155', 'plain:739155')).toBe(false);
    expect(await verifyQuitPin('739155', hash.replace(/^scrypt\$\d+/, 'scrypt$1073741824'))).toBe(false);
  });

  it('blocks after five failures within a minute, and frees up after it', () => {
    let now = 0;
    const limiter = new QuitAttemptLimiter(5, 60_000, () => now);
    for (let i = 0; i < 5; i++) limiter.recordFailure();
    expect(limiter.blocked()).toBe(true);
    now = 60_001;
    expect(limiter.blocked()).toBe(false);
  });
});

describe('DesktopApp: settings and tray', () => {
  it('starts at login when policy says so, locked, whatever the agent chose', async () => {
    const h = createDesktopHarness({ checks: [passing], policy: { agent: { startAtLogin: true } } });
    await h.app.openShiftStart();
    expect(h.shell.startAtLogin).toBe(true);
    expect(h.app.state().settings.locked).toContain('startAtLogin');
    expect(await h.invoke('shiftguard:settings:start-at-login', { enabled: false }, URL_OK)).toMatchObject({ ok: false, error: { code: 'setting_locked' } });
  });

  it('lets the agent choose start at login when nothing forces it', async () => {
    const h = createDesktopHarness({ checks: [passing] });
    expect(await h.invoke('shiftguard:settings:start-at-login', { enabled: true }, URL_OK)).toMatchObject({ ok: true, value: { settings: { startAtLogin: true } } });
    expect(h.shell.startAtLogin).toBe(true);
  });

  it('managed values win over the agent’s stored choice', () => {
    const h = createDesktopHarness({ checks: [passing], managed: { source: 'x', values: { language: 'lv' }, problems: [] } });
    h.store.set('settings', { language: 'pl' });
    expect(h.app.state().settings).toMatchObject({ language: 'lv', locked: ['language'] });
  });

  it('refuses an attestation the policy does not have', async () => {
    const h = createDesktopHarness({ checks: [passing] });
    expect(await h.invoke('shiftguard:shift:attest', { id: 'nope', confirmed: true }, URL_OK)).toMatchObject({ ok: false, error: { code: 'unknown_attestation' } });
  });
});

describe('DesktopApp: shift end', () => {
  const stateEvents = (h: ReturnType<typeof createDesktopHarness>) =>
    h.shell.sent.filter((s) => s.channel === IPC_EVENTS.stateChanged.channel).map((s) => s.payload as AppState);

  it('ends the shift over IPC: records when, withdraws the attestations, pushes the state and opens the shift-start screen', async () => {
    let now = new Date('2026-03-02T08:00:00.000Z');
    const h = createDesktopHarness({
      checks: [passing],
      policy: { shift: { attestations: [{ id: 'phone-locker', text: { en: 'My phone is in my locker' } }] } },
      now: () => now,
    });
    await h.app.openShiftStart();
    await h.invoke('shiftguard:shift:attest', { id: 'phone-locker', confirmed: true }, URL_OK);
    expect(await h.invoke('shiftguard:shift:start', undefined, URL_OK)).toMatchObject({ ok: true, value: { started: true } });
    expect(h.app.state().shift).toEqual({ startedAt: '2026-03-02T08:00:00.000Z', endedAt: null, confirmed: ['phone-locker'] });

    now = new Date('2026-03-02T16:30:00.000Z');
    h.shell.calls.length = 0;
    const ended = await h.invoke('shiftguard:shift:end', undefined, URL_OK);
    expect(ended).toMatchObject({ ok: true, value: { shift: { startedAt: null, endedAt: '2026-03-02T16:30:00.000Z', confirmed: [] } } });
    // The renderer follows the pushed state: its last one carries the shift end.
    expect(stateEvents(h).at(-1)?.shift.endedAt).toBe('2026-03-02T16:30:00.000Z');
    expect(h.shell.calls).toEqual(['showWindow']);
    // Back to shift start: the next shift needs its attestations again before it may start.
    expect(shiftReadiness(h.app.state())).toMatchObject({ kind: 'needs-attestations' });
  });

  it('refuses to end a shift that was not started, and a sender that is not the app', async () => {
    const h = createDesktopHarness({ checks: [passing] });
    expect(await h.invoke('shiftguard:shift:end', undefined, URL_OK)).toMatchObject({ ok: false, error: { code: 'shift_not_started' } });
    await h.app.openShiftStart();
    await h.invoke('shiftguard:shift:start', undefined, URL_OK);
    expect(await h.invoke('shiftguard:shift:end', undefined, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
    expect(await h.invoke('shiftguard:shift:end', { extra: 1 }, URL_OK)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(h.app.state().shift.startedAt).not.toBeNull();
    expect(h.app.state().shift.endedAt).toBeNull();
  });

  it('treats quitting as a shift end: the state with the end goes out before the process exits', async () => {
    const h = createDesktopHarness({ checks: [passing], now: () => new Date('2026-03-02T17:00:00.000Z') });
    await h.app.openShiftStart();
    await h.invoke('shiftguard:shift:start', undefined, URL_OK);
    expect(await h.invoke('shiftguard:app:quit', {}, URL_OK)).toMatchObject({ ok: true, value: { outcome: 'quitting' } });
    await expect.poll(() => h.shell.calls.includes('exit')).toBe(true);
    expect(stateEvents(h).at(-1)?.shift).toMatchObject({ startedAt: null, endedAt: '2026-03-02T17:00:00.000Z' });
  });

  it('quitting with no shift running records no shift end', async () => {
    const h = createDesktopHarness({ checks: [passing] });
    await h.app.shutdown('quit-by-agent');
    expect(h.app.state().shift.endedAt).toBeNull();
  });
});

describe('tray menu', () => {
  const actions = () => {
    const done: string[] = [];
    const record = (name: string) => () => void done.push(name);
    return { done, actions: { open: record('open'), checkNow: record('checkNow'), toggleSensitive: record('toggleSensitive'), endShift: record('endShift'), quit: record('quit') } };
  };
  const itemLabelled = (items: TrayMenuItem[], label: string) => items.find((i): i is Exclude<TrayMenuItem, { type: 'separator' }> => 'label' in i && i.label === label);

  it('offers End shift only while a shift runs, in the agent’s language; its click is the end-shift action', async () => {
    const h = createDesktopHarness({ checks: [passing] });
    await h.app.openShiftStart();
    const { done, actions: a } = actions();
    expect(itemLabelled(trayMenuTemplate(h.app.state(), a), 'End shift')?.enabled).toBe(false);
    expect(itemLabelled(trayMenuTemplate(null, a), 'End shift')?.enabled).toBe(false);
    await h.invoke('shiftguard:shift:start', undefined, URL_OK);
    const item = itemLabelled(trayMenuTemplate(h.app.state(), a), 'End shift');
    expect(item?.enabled).toBe(true);
    item?.click();
    expect(done).toEqual(['endShift']);
    h.store.set('settings', { language: 'pl' });
    expect(itemLabelled(trayMenuTemplate(h.app.state(), a), 'Zakończ zmianę')?.enabled).toBe(true);
  });
});
