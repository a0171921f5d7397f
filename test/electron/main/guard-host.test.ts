import { afterEach, describe, expect, it } from 'vitest';
import { PolicySchema, type PolicyInput } from '../../../shared/policy/schema';
import { lockedControls, sensitiveView } from '../../../electron/main/engine/sensitive-view';
import { createDesktopGuards } from '../../helpers/desktop-guards';
import { waitFor } from '../../helpers/poll';

const policy = (input: PolicyInput = {}) => PolicySchema.parse({ ...input, sensitive: { graceSeconds: 0, ...input.sensitive } });
let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});
async function guards(options: Parameters<typeof createDesktopGuards>[0] = {}) {
  const g = await createDesktopGuards(options);
  cleanups.push(g.cleanup);
  return g;
}

describe('GuardHost: issue 5 guards inside the desktop app', () => {
  it('the policy shortcut toggles manual sensitive mode: clipboard locked, Print Screen taken, evidence kept', async () => {
    const g = await guards();
    await g.host.applyPolicy(policy({ clipboard: { mode: 'lock' } }));
    expect([...g.shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+F12']);
    g.clipboard.text = 'call notes';

    expect(g.shortcuts.press('CommandOrControl+Shift+F12')).toBe(true);
    await g.host.settled();
    expect(g.host.current()).toMatchObject({ active: true, triggers: [{ kind: 'manual', detail: 'agent' }] });
    expect(g.clipboard.text).toBe('');
    expect(g.shortcuts.registered.has('PrintScreen')).toBe(true);
    expect(g.host.enforced()).toEqual({ windowRules: false, clipboard: true, processes: false, printKey: true, contentProtection: true });
    expect(g.shortcuts.press('PrintScreen')).toBe(true);

    g.shortcuts.press('CommandOrControl+Shift+F12');
    await g.host.settled();
    expect(g.host.current()).toEqual({ active: false });
    expect(g.shortcuts.registered.has('PrintScreen')).toBe(false);
    const [session] = await g.evidence();
    expect(session).toMatchObject({ endReason: 'released', controls: { clipboard: 'lock', printScreen: 'blocked', captureTools: 'unavailable', noteApps: 'unavailable' } });
    expect(session!.actions.map((a) => `${a.control}:${a.action}`)).toContain('print-screen:swallowed');
  });

  it('records Print Screen as not enforced, and does not claim it, when another program holds the key', async () => {
    const g = await guards({ heldElsewhere: ['PrintScreen'] });
    const p = policy();
    await g.host.applyPolicy(p);
    g.host.manual('start');
    await g.host.settled();
    expect(g.host.enforced().printKey).toBe(false);
    expect(sensitiveView(g.host, p).locked).not.toContain('print-screen-blocked');
    g.host.manual('end');
    const [session] = await g.evidence();
    expect(session!.notEnforced).toMatchObject([{ control: 'print-screen' }]);
    expect(await g.auditTypes()).toContain('print-screen.not-blocked');
  });

  it('shiftguard:// links start and end sensitive mode; bad links are refused and audited', async () => {
    const g = await guards();
    await g.host.applyPolicy(policy());
    g.host.handleLink('shiftguard://sensitive/start?source=crm');
    await g.host.settled();
    expect(g.host.current()).toMatchObject({ active: true, triggers: [{ kind: 'link', detail: 'crm' }] });
    g.host.handleLink('shiftguard://evil/start');
    g.host.handleLink('shiftguard://sensitive/end?source=crm');
    await g.host.settled();
    expect(g.host.current().active).toBe(false);
    expect(await g.auditTypes()).toContain('link.refused');
  });

  it('a new policy restarts the guards on it, keeping a running session’s manual and link triggers', async () => {
    const g = await guards();
    const changes: boolean[] = [];
    const sessionChanges: unknown[] = [];
    g.host.onChange(() => changes.push(g.host.current().active));
    g.host.onSession((change) => sessionChanges.push(change));
    await g.host.applyPolicy(policy({ clipboard: { mode: 'scrub' } }));
    g.host.manual('start');
    g.host.handleLink('shiftguard://sensitive/start?source=pay');
    await g.host.settled();

    await g.host.applyPolicy(policy({ version: 2, clipboard: { mode: 'lock' }, sensitive: { shortcut: 'CommandOrControl+Alt+S' } }));
    await g.host.settled();
    expect(g.host.current()).toMatchObject({ active: true });
    expect((g.host.current() as { triggers: Array<{ kind: string }> }).triggers.map((t) => t.kind).sort()).toEqual(['link', 'manual']);
    // The new shortcut replaced the old one.
    expect(g.shortcuts.registered.has('CommandOrControl+Shift+F12')).toBe(false);
    expect(g.shortcuts.press('CommandOrControl+Alt+S')).toBe(true);
    await g.host.settled();
    expect((g.host.current() as { triggers: Array<{ kind: string }> }).triggers.map((t) => t.kind)).toEqual(['link']);

    const sessions = await g.evidence();
    expect(sessions.map((s) => [s.controls.clipboard, s.endReason])).toEqual([
      ['scrub', 'stopped'],
      ['lock', null],
    ]);
    expect(changes).toContain(true);
    // For the server it is one session: the swap reports neither an end nor a new start.
    expect(sessionChanges).toEqual([{ active: true, cause: 'manual' }]);
    // The same policy again is not a restart.
    await g.host.applyPolicy(policy({ version: 2, clipboard: { mode: 'lock' }, sensitive: { shortcut: 'CommandOrControl+Alt+S' } }));
    expect(await g.evidence()).toHaveLength(2);
  });

  it('audits a shortcut it could not register, and stop() ends the session and frees every key', async () => {
    const g = await guards({ heldElsewhere: ['CommandOrControl+Shift+F12'] });
    await g.host.applyPolicy(policy());
    expect(await g.auditTypes()).toContain('shortcut.unavailable');
    g.host.manual('start');
    await g.host.settled();
    await g.host.stop();
    expect(g.shortcuts.registered.size).toBe(0);
    expect(g.host.current()).toEqual({ active: false });
    const [session] = await g.evidence();
    expect(session!.endReason).toBe('stopped');
    // Calls after stop reach no engine.
    g.host.manual('start');
    await g.host.settled();
    expect(g.host.current().active).toBe(false);
  });

  it('records scratchpad masking counts (never text) in the running session', async () => {
    const g = await guards();
    await g.host.applyPolicy(policy());
    g.host.manual('start');
    g.host.recordScratchpadMasking(12);
    await waitFor('the masking action in the evidence', async () => (await g.evidence())[0]?.actions.length === 1);
    const [session] = await g.evidence();
    expect(session!.actions).toMatchObject([{ control: 'scratchpad', action: 'masked', detail: { maskedDigits: 12 } }]);
    expect(await g.auditTypes()).toContain('scratchpad.masked');
  });
});

describe('sensitiveView', () => {
  it('names the controls this platform has no adapter for, on and off; nothing without guards', async () => {
    const g = await guards({ platform: 'linux' });
    const p = policy();
    await g.host.applyPolicy(p);
    expect(sensitiveView(g.host, p)).toMatchObject({ available: true, active: false, unavailable: ['window-rules'] });
    g.host.manual('start');
    await g.host.settled();
    expect(sensitiveView(g.host, p)).toMatchObject({ active: true, unavailable: ['window-rules'] });
    expect(sensitiveView(undefined, p)).toMatchObject({ available: false, unavailable: [] });
  });
});

describe('lockedControls: the banner names only what is enforced', () => {
  const p = policy({ clipboard: { mode: 'lock' }, capture: { tools: ['x'], action: 'terminate' }, notes: { apps: ['y'], appAction: 'minimize' } });
  it('lists everything when every control is enforced', () => {
    expect(lockedControls(p, { windowRules: true, clipboard: true, processes: true, printKey: true, contentProtection: true })).toEqual([
      'clipboard-emptied',
      'print-screen-blocked',
      'screen-capture-blocked',
      'note-apps-held-back',
      'app-windows-hidden',
    ]);
  });
  it('leaves out controls without an adapter, and content protection where the OS ignores it (Linux)', () => {
    expect(lockedControls(p, { windowRules: true, clipboard: true, processes: false, printKey: false, contentProtection: false })).toEqual(['clipboard-emptied']);
  });
});
