import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicySchema, type Policy } from '../../../../shared/policy/schema';
import type { ActiveWindow, ActiveWindowSource, ClipboardAdapter } from '../../../../electron/agent/guards/adapters';
import type { GuardActionEvent } from '../../../../electron/agent/guards/guard-event';
import { GuardEngine } from '../../../../electron/agent/guards/guard-engine';
import { waitFor } from '../../../helpers/poll';
import { makeTempDir } from '../../../helpers/temp-dir';

/** An in-memory clipboard that tells its watchers about every write, as XFixes would. */
class MemoryClipboard implements ClipboardAdapter {
  text = '';
  private readonly watchers = new Set<() => void>();
  async readText() {
    return this.text;
  }
  async writeText(text: string) {
    this.text = text;
  }
  /** What a user's copy does. */
  copy(text: string) {
    this.text = text;
    for (const w of this.watchers) w();
  }
  watch(onChange: () => void) {
    this.watchers.add(onChange);
    return () => void this.watchers.delete(onChange);
  }
  close() {}
}

class FakeWindow implements ActiveWindowSource {
  window: ActiveWindow | null = null;
  async current() {
    return this.window;
  }
  close() {}
}

const policyOf = (doc: Record<string, unknown>): Policy =>
  PolicySchema.parse({ ...doc, sensitive: { integrationApi: { enabled: false }, ...((doc.sensitive as object) ?? {}) } });

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(policy: Policy) {
  const tmp = makeTempDir('shiftguard-apply-');
  const clipboard = new MemoryClipboard();
  const activeWindow = new FakeWindow();
  // A long poll interval: the test looks at the window itself (pollWindowNow, applyPolicy).
  const engine = new GuardEngine({ policy, adapters: { clipboard, activeWindow }, dataDir: path.join(tmp.dir, 'agent'), deviceId: 'device-test', windowPollMs: 3_600_000 });
  const events: GuardActionEvent[] = [];
  const sessions: string[] = [];
  engine.onGuardEvent((e) => events.push(e));
  engine.mode.on('start', ({ trigger }) => sessions.push(`start:${trigger.id}`));
  engine.mode.on('end', ({ reason }) => sessions.push(`end:${reason}`));
  cleanups.push(tmp.cleanup, () => engine.stop());
  return { engine, clipboard, activeWindow, events, sessions, dir: tmp.dir };
}

describe('GuardEngine.applyPolicy', () => {
  it('judges a running session by the new window rules at once, under the new grace period', async () => {
    const v1 = policyOf({ version: 1, sensitive: { windowRules: [{ id: 'pay', titlePattern: 'payment' }], graceSeconds: 60 } });
    const { engine, activeWindow, sessions } = setup(v1);
    await engine.start();
    activeWindow.window = { title: 'Acme - Payment' };
    await engine.pollWindowNow();
    expect(engine.state.active).toBe(true);

    // The same rule id, still matching: the session simply goes on.
    await engine.applyPolicy({ ...v1, version: 2, clipboard: { mode: 'lock' } });
    expect(sessions).toEqual(['start:window:pay']);

    // The rule is gone and the grace period is now 0: the session ends at once.
    await engine.applyPolicy(policyOf({ version: 3, sensitive: { windowRules: [{ id: 'crm', titlePattern: 'customer' }], graceSeconds: 0 } }));
    expect(engine.state.active).toBe(false);
    expect(sessions).toEqual(['start:window:pay', 'end:released']);

    // The new rule starts a session on its own.
    activeWindow.window = { title: 'Customer record' };
    await engine.pollWindowNow();
    expect(engine.state.active && engine.state.triggers.map((t) => t.id)).toEqual(['window:crm']);
    expect(engine.currentPolicy.version).toBe(3);
  });

  it('switches the clipboard to lock mid-session: emptied at once, copies wiped, the session kept and its evidence noting the change', async () => {
    const { engine, clipboard, events, sessions } = setup(policyOf({ version: 1, clipboard: { mode: 'scrub' } }));
    await engine.start();
    engine.manual('start');
    await engine.settled();
    clipboard.copy('call back at noon');
    await new Promise((r) => setTimeout(r, 50));
    expect(clipboard.text).toBe('call back at noon'); // scrub leaves ordinary text alone

    await engine.applyPolicy(policyOf({ version: 2, name: 'Locked', clipboard: { mode: 'lock' } }));
    expect(clipboard.text).toBe('');
    clipboard.copy('card 5555 5555 5555 4444');
    await waitFor('the copy to be wiped', () => clipboard.text === '');
    expect(events.map((e) => `${e.guard}:${e.action}`)).toEqual(['clipboard:cleared']);
    expect(events[0]?.findings).toEqual([{ brand: 'mastercard', length: 16, last4: '4444' }]);
    expect(sessions).toEqual(['start:manual']);
    await engine.settled();
    expect(engine.evidence.active?.policyChanges).toEqual([{ at: expect.any(String), policy: 'Locked', version: 2, controls: expect.objectContaining({ clipboard: 'lock' }) }]);

    // And off: nothing is touched any more.
    await engine.applyPolicy(policyOf({ version: 3, clipboard: { mode: 'off' } }));
    clipboard.copy('4111 1111 1111 1111');
    await new Promise((r) => setTimeout(r, 100));
    expect(clipboard.text).toBe('4111 1111 1111 1111');
  });

  it('re-watches folders: the new folder is guarded with the new action', async () => {
    const { engine, dir, events } = setup(policyOf({ version: 1 }));
    const oldFolder = path.join(dir, 'old');
    const newFolder = path.join(dir, 'new');
    mkdirSync(oldFolder);
    mkdirSync(newFolder);
    await engine.applyPolicy(policyOf({ version: 1, notes: { watchedFolders: [oldFolder], folderAction: 'redact' } })); // before start: start uses it
    await engine.start();
    writeFileSync(path.join(oldFolder, 'a.txt'), 'paid 4111111111111111\n');
    await waitFor('the old folder to be guarded', () => !readFileSync(path.join(oldFolder, 'a.txt'), 'utf8').includes('4111111111111111'));

    await engine.applyPolicy(policyOf({ version: 2, notes: { watchedFolders: [newFolder], folderAction: 'report' } }));
    writeFileSync(path.join(newFolder, 'b.txt'), 'paid 5555555555554444\n');
    await waitFor('the new folder to be reported', () => events.some((e) => e.guard === 'notes-folder' && e.action === 'reported'));
    expect(readFileSync(path.join(newFolder, 'b.txt'), 'utf8')).toContain('5555555555554444'); // report only
    // (A file may be looked at more than once when the OS reports its write in pieces.)
    expect(new Set(events.map((e) => `${e.action}:${e.subject}`))).toEqual(new Set(['redacted:a.txt', 'reported:b.txt']));
  });

  it('does nothing after stop', async () => {
    const { engine } = setup(policyOf({ version: 1 }));
    await engine.start();
    await engine.stop();
    await engine.applyPolicy(policyOf({ version: 2, clipboard: { mode: 'lock' } }));
    expect(engine.currentPolicy.version).toBe(1);
  });
});
