import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckId } from '../../shared/posture/check-result';
import type { PostureCheck } from '../../electron/agent/posture/check-context';
import { launchChromium } from '../helpers/chromium';
import { ROOT } from '../helpers/cli';
import { createDesktopHarness } from '../helpers/desktop-harness';
import { createDesktopGuards } from '../helpers/desktop-guards';
import { PostureStateStore } from '../../electron/agent/posture/posture-state-store';
import { makeTempDir } from '../helpers/temp-dir';
import { serveStatic } from '../helpers/static-server';
import { waitFor } from '../helpers/poll';
import { createDesktopSync } from '../helpers/desktop-sync';
import { decideIdentityRule } from '../../electron/agent/config/managed-identity';
import { LoopbackServer } from '../electron/agent/sync/helpers/sync-setup';

// The renderer in real Chromium; window.shiftguard is a test bridge that forwards every call to
// the real main-process code (DesktopApp, DesktopEngine, registerIpcHandlers) in this process.
let browser: Browser;
let site: Awaited<ReturnType<typeof serveStatic>>;

beforeAll(async () => {
  site = await serveStatic(path.join(ROOT, 'dist', 'renderer'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** A posture check whose state the test controls: failing until fixed, optionally held until released. */
function firewallCheck() {
  let fixed = false;
  let gate: { promise: Promise<void>; release: () => void } | null = null;
  const check: PostureCheck = {
    id: 'firewall' satisfies CheckId,
    async run() {
      if (gate) await gate.promise;
      return fixed
        ? { status: 'pass', summary: 'The firewall is on.', evidence: { enabled: true } }
        : { status: 'fail', summary: 'The firewall is off.', evidence: { enabled: false }, remediation: 'Turn the firewall on in Settings > Security.' };
    },
  };
  return {
    check,
    fix: () => void (fixed = true),
    hold: () => {
      let release: () => void = () => undefined;
      const promise = new Promise<void>((r) => (release = r));
      gate = { promise, release };
      return () => {
        gate = null;
        release();
      };
    },
  };
}

async function open(harness: ReturnType<typeof createDesktopHarness>): Promise<Page> {
  const page = await browser.newPage();
  await harness.attach(page, site.url);
  await page.goto(`${site.url}/index.html`);
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  return page;
}

const ATTESTATIONS: Array<{ id: string; text: { en: string } & Record<string, string> }> = [
  { id: 'phone-locker', text: { en: 'My phone is in my locker', ar: 'هاتفي في خزانتي' } },
  { id: 'no-paper', text: { en: 'There are no paper notes on my desk' } },
];

describe('desktop renderer: shift start', () => {
  it('runs each check with its own progress, then attestations, then ready for shift and off to the tray', async () => {
    const firewall = firewallCheck();
    firewall.fix();
    const harness = createDesktopHarness({ checks: [firewall.check], policy: { shift: { attestations: ATTESTATIONS } } });
    const page = await open(harness);
    const release = firewall.hold();
    const opening = harness.app.openShiftStart();

    const row = page.locator('li[data-check="firewall"]');
    await expect.poll(() => row.getAttribute('data-status')).toBe('running');
    expect(await row.getByRole('progressbar').count()).toBe(1);
    expect(harness.shell.calls).toContain('showWindow');
    release();
    await opening;
    await expect.poll(() => row.getAttribute('data-status')).toBe('pass');
    expect(await row.textContent()).toContain('The firewall is on.');

    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-readiness')).toBe('needs-attestations');
    expect(await page.getByRole('button', { name: 'Start shift' }).count()).toBe(0);
    await page.getByLabel('My phone is in my locker').check();
    await page.getByLabel('There are no paper notes on my desk').check();
    await expect.poll(() => verdict.getAttribute('data-readiness')).toBe('ready');
    expect(await verdict.textContent()).toContain('Ready for shift');
    expect(harness.shell.tray?.status).toBe('compliant');

    await page.getByRole('button', { name: 'Start shift' }).click();
    await expect.poll(() => verdict.textContent()).toMatch(/Shift started at .+ tray/);
    expect(harness.shell.calls.at(-1)).toBe('hideWindow');
    expect(harness.app.state().shift.confirmed.sort()).toEqual(['no-paper', 'phone-locker']);
    await page.close();
  });

  it('shows a failure with its fix, blocks the shift when policy says so, and clears after the fix and "check again"', async () => {
    const firewall = firewallCheck();
    const harness = createDesktopHarness({ checks: [firewall.check], policy: { shift: { blockNonCompliant: true } } });
    const page = await open(harness);
    await harness.app.openShiftStart();

    const row = page.locator('li[data-check="firewall"]');
    await expect.poll(() => row.getAttribute('data-status')).toBe('fail');
    expect(await row.textContent()).toContain('What to do: Turn the firewall on in Settings > Security.');
    const verdict = page.getByTestId('verdict');
    await expect.poll(() => verdict.getAttribute('data-readiness')).toBe('blocked');
    expect(await verdict.textContent()).toContain('Blocked: you cannot start your shift yet');
    expect(await page.getByRole('button', { name: /Start shift/ }).count()).toBe(0);
    expect(harness.shell.tray?.status).toBe('action-needed');
    // The main process enforces it too: a renderer calling startShift anyway is refused.
    const forced = await harness.invoke('shiftguard:shift:start', undefined, `${site.url}/index.html`);
    expect(forced).toMatchObject({ ok: true, value: { started: false } });

    firewall.fix();
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('pass');
    await expect.poll(() => verdict.getAttribute('data-readiness')).toBe('ready');
    expect(await row.textContent()).not.toContain('What to do');
    await page.close();
  });

  it('shows how long is left to fix a failing check inside its grace period; the shift may start, the tray says action needed', async () => {
    const temp = makeTempDir();
    const firewall = firewallCheck();
    const harness = createDesktopHarness({
      checks: [firewall.check],
      policy: { shift: { blockNonCompliant: true }, posture: { firewall: { mode: 'enforce', graceHours: 2 } } },
      postureState: PostureStateStore.inDir(temp.dir),
    });
    const page = await open(harness);
    await harness.app.openShiftStart();
    const row = page.locator('li[data-check="firewall"]');
    await expect.poll(() => row.getAttribute('data-judgement')).toBe('grace');
    const note = row.locator('.check-grace');
    expect(await note.textContent()).toMatch(/^You have 2 hr to fix this \(until .+\)\.$/);
    expect(Date.parse((await note.getAttribute('data-grace-ends'))!)).toBe(Date.parse(harness.engine.lastRun()!.checks[0]!.firstFailedAt!) + 2 * 3_600_000);
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-readiness')).toBe('ready');
    expect(await verdict.textContent()).toContain('fix them before the time shown runs out');
    expect(harness.shell.tray?.status).toBe('action-needed');

    // Italian: the same countdown in the agent's language.
    await harness.invoke('shiftguard:settings:language', { language: 'it' }, `${site.url}/index.html`);
    await expect.poll(() => note.textContent()).toMatch(/^Hai 2 h(r|)? per risolvere/);

    firewall.fix();
    await page.getByRole('button', { name: 'Controlla di nuovo' }).click();
    await expect.poll(() => row.getAttribute('data-judgement')).toBe('pass');
    expect(await row.locator('.check-grace').count()).toBe(0);
    await page.close();
    temp.cleanup();
  });

  it('lets a non-compliant shift start when policy does not block, saying so', async () => {
    const firewall = firewallCheck();
    const harness = createDesktopHarness({ checks: [firewall.check] });
    const page = await open(harness);
    await harness.app.openShiftStart();
    const verdict = page.getByTestId('verdict');
    await expect.poll(() => verdict.getAttribute('data-readiness')).toBe('action-needed');
    await page.getByRole('button', { name: 'Start shift with issues' }).click();
    await expect.poll(() => harness.app.state().shift.startedAt).not.toBeNull();
    await page.close();
  });

  it('runs the real checks of this machine through the bridge', async () => {
    const harness = createDesktopHarness();
    const page = await open(harness);
    await harness.app.openShiftStart();
    const row = page.locator('li[data-check="disk-encryption"]');
    await expect.poll(() => row.getAttribute('data-status')).toMatch(/^(pass|fail|unknown|error)$/);
    await page.close();
  });
});

describe('desktop renderer: sensitive mode and scratchpad', () => {
  it('shows the banner with why and what is locked while sensitive mode is on (the real guards, turned on by the shortcut), and purges the scratchpad when it ends', async () => {
    const guards = await createDesktopGuards({ platform: 'linux' });
    const harness = createDesktopHarness({
      guards: guards.host,
      checks: [],
      policy: { clipboard: { mode: 'lock' }, capture: { tools: ['sg-no-such-capture-tool'], action: 'terminate' }, notes: { apps: ['sg-no-such-notes-app'], appAction: 'minimize' }, sensitive: { graceSeconds: 0 } },
    });
    await harness.engine.start();
    const page = await open(harness);
    expect(await page.getByTestId('sensitive-banner').count()).toBe(0);

    await page.getByRole('button', { name: 'Scratchpad' }).click();
    await page.getByLabel('Notes').fill('caller asked about refund');
    guards.clipboard.text = 'copied before the call';

    expect(guards.shortcuts.press('CommandOrControl+Shift+F12')).toBe(true);
    const banner = page.getByTestId('sensitive-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Sensitive mode is on');
    expect(await banner.textContent()).toContain('you turned it on');
    await expect.poll(() => banner.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-control')))).toEqual([
      'clipboard-emptied',
      'print-screen-blocked',
      'screen-capture-blocked',
      'note-apps-held-back',
      'app-windows-hidden',
    ]);
    expect(guards.clipboard.text).toBe('');
    expect(harness.shell.tray?.status).toBe('sensitive');

    // Typing a card number in the pad during the session leaves a count (never the digits) in its evidence.
    await page.getByLabel('Notes').pressSequentially(' 4111 1111 1111 1111', { delay: 5 });
    await waitFor('the masking count in the evidence', async () => (await guards.evidence())[0]?.actions.some((a) => a.control === 'scratchpad'));

    guards.shortcuts.press('CommandOrControl+Shift+F12');
    await banner.waitFor({ state: 'detached' });
    expect(await page.getByLabel('Notes').inputValue()).toBe('');
    const [session] = await guards.evidence();
    expect(JSON.stringify(session)).not.toContain('4111 1111 1111 1111');
    expect(session!.actions.filter((a) => a.control === 'scratchpad').reduce((n, a) => n + Number(a.detail.maskedDigits), 0)).toBe(12);
    await harness.engine.stop({ reason: 'quit-by-agent', at: new Date() });
    await guards.cleanup();
    await page.close();
  });

  it('a shiftguard:// link turns sensitive mode on and off, and the banner says where it came from', async () => {
    const guards = await createDesktopGuards({ platform: 'darwin', contentProtection: true });
    const harness = createDesktopHarness({ guards: guards.host, checks: [], policy: { sensitive: { graceSeconds: 0 } } });
    await harness.engine.start();
    const page = await open(harness);
    // macOS has no window, process or minimizer adapter yet: the status view says what is missing.
    await page.getByRole('button', { name: 'Status' }).click();
    expect(await page.locator('[data-fact="sensitive"] dd').textContent()).toBe('Off');
    expect(await page.locator('[data-fact="not-on-this-computer"] dd').textContent()).toBe('starting sensitive mode from the window in front; stopping screenshot and note-taking apps');
    harness.engine.handleLink('shiftguard://sensitive/start?source=payments-crm');
    const banner = page.getByTestId('sensitive-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('a sensitive-screen link was opened (payments-crm)');
    harness.engine.handleLink('shiftguard://sensitive/end?source=payments-crm');
    await banner.waitFor({ state: 'detached' });
    await harness.engine.stop({ reason: 'quit-by-agent', at: new Date() });
    await guards.cleanup();
    await page.close();
  });

  it('masks a card number as it is typed, keeping the last four digits only', async () => {
    const harness = createDesktopHarness({ checks: [] });
    const page = await open(harness);
    await page.getByRole('button', { name: 'Scratchpad' }).click();
    const pad = page.getByLabel('Notes');
    await pad.pressSequentially('card 4111 1111 1111 1111 exp 12/29', { delay: 5 });
    expect(await pad.inputValue()).toBe('card •••• •••• •••• 1111 exp 12/29');
    // Typing on after a masked number keeps it masked; ordinary numbers stay as typed.
    await pad.press('End');
    await pad.pressSequentially(' ref 12345', { delay: 5 });
    expect(await pad.inputValue()).toBe('card •••• •••• •••• 1111 exp 12/29 ref 12345');
    expect(await page.content()).not.toContain('4111 1111 1111 1111');
    expect(await page.getByRole('status').filter({ hasText: 'Card number masked.' }).count()).toBe(1);
    await page.close();
  });
});

describe('desktop renderer: shift end', () => {
  /** A harness whose one check passes, its shift started from the window. */
  async function startedShift(policy: NonNullable<Parameters<typeof createDesktopHarness>[0]>['policy']) {
    const firewall = firewallCheck();
    firewall.fix();
    const harness = createDesktopHarness({ checks: [firewall.check], policy });
    const page = await open(harness);
    await harness.app.openShiftStart();
    const verdict = page.getByTestId('verdict');
    await expect.poll(() => verdict.getAttribute('data-readiness')).toBe('ready');
    await page.getByRole('button', { name: 'Start shift' }).click();
    await expect.poll(() => verdict.textContent()).toMatch(/Shift started at/);
    return { harness, page, verdict };
  }

  async function typeCard(page: Page) {
    await page.getByRole('button', { name: 'Scratchpad' }).click();
    const pad = page.getByLabel('Notes');
    await pad.pressSequentially('card 4111 1111 1111 1111', { delay: 5 });
    expect(await pad.inputValue()).toBe('card •••• •••• •••• 1111');
    return pad;
  }

  it("End shift (from the keyboard) empties the pad under purgeOn 'shift-end' and brings back the shift-start screen", async () => {
    const { harness, page, verdict } = await startedShift({ scratchpad: { purgeOn: 'shift-end' } });
    const pad = await typeCard(page);
    expect(await page.locator('#scratchpad-heading + p').textContent()).toContain('It is cleared at the end of your shift.');

    await page.getByRole('button', { name: 'Shift start' }).click();
    const end = page.getByRole('button', { name: 'End shift' });
    expect(await end.getAttribute('aria-describedby')).toBe('end-shift-help');
    expect(await page.locator('#end-shift-help').textContent()).toBe('Ending your shift empties the scratchpad.');
    await end.focus();
    await page.keyboard.press('Enter');

    await expect.poll(() => verdict.textContent()).toMatch(/Your last shift ended at .+Ready for shift/);
    expect(await page.getByRole('button', { name: 'Start shift' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'End shift' }).count()).toBe(0);
    expect(harness.shell.calls.at(-1)).toBe('showWindow');
    expect(harness.app.state().shift.startedAt).toBeNull();
    // The purge follows the pushed state in the pad's own effect: poll, as for the tray below.
    await expect.poll(() => pad.inputValue()).toBe('');
    await page.close();
  });

  it('a shift ended from the tray while the pad is open empties it and switches to the shift-start screen', async () => {
    const { harness, page } = await startedShift({ scratchpad: { purgeOn: 'sensitive-exit' } });
    const pad = await typeCard(page);
    expect(await pad.isVisible()).toBe(true);

    // What the tray's End shift calls.
    harness.app.endShift();
    await expect.poll(() => pad.inputValue()).toBe('');
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Shift start' }).count()).toBe(1);
    expect(await pad.isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Shift start' }).getAttribute('aria-current')).toBe('page');
    await page.close();
  });
});

describe('desktop renderer: languages, settings and the report', () => {
  it('switches to Arabic with a right-to-left layout, and remembers the choice', async () => {
    const harness = createDesktopHarness({ checks: [], policy: { shift: { attestations: ATTESTATIONS } } });
    const page = await open(harness);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Language').selectOption('ar');
    await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await page.getByRole('button', { name: 'بدء المناوبة' }).click();
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toBe('بدء المناوبة');
    expect(await page.getByLabel('هاتفي في خزانتي').count()).toBe(1);
    // Computed layout, not just the attribute: the first tab sits on the right half.
    const box = await page.getByRole('button', { name: 'بدء المناوبة' }).boundingBox();
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    expect(box!.x).toBeGreaterThan(width / 2);
    expect(harness.store.get('settings')).toMatchObject({ language: 'ar' });
    await page.close();
  });

  it('shows settings IT set as locked, with the managed-config problems, and refuses to change them', async () => {
    const harness = createDesktopHarness({
      checks: [],
      managed: { source: '/etc/shiftguard/managed.json', values: { language: 'it', lockedSettings: ['startAtLogin'] }, problems: [{ key: 'serverUrl', message: 'expected an http:// or https:// URL; ignored' }] },
    });
    const page = await open(harness);
    await page.getByRole('button', { name: 'Impostazioni' }).click();
    expect(await page.getByLabel('Lingua').isDisabled()).toBe(true);
    expect(await page.locator('[data-locked="language"]').count()).toBe(1);
    expect(await page.locator('[data-locked="startAtLogin"]').count()).toBe(1);
    expect(await page.getByRole('alert').textContent()).toContain('serverUrl');
    const refused = await harness.invoke('shiftguard:settings:language', { language: 'pl' }, `${site.url}/index.html`);
    expect(refused).toMatchObject({ ok: false, error: { code: 'setting_locked' } });
    await page.close();
  });

  it('enrolls from the settings form against the real server, then shows exactly the last report and that it was delivered', async () => {
    const server = await LoopbackServer.start();
    const s = createDesktopSync();
    try {
      const token = await server.token(await server.team('Renderer'));
      const firewall = firewallCheck();
      const harness = createDesktopHarness({ checks: [firewall.check], sync: s.sync });
      await harness.engine.start();
      const page = await open(harness);
      await page.getByRole('button', { name: 'Settings' }).click();
      const section = page.locator('section.enrollment');
      expect(await section.getAttribute('data-enrollment')).toBe('not-configured');
      await page.getByLabel('Server address').fill(server.url);
      await page.getByLabel('Enrollment token').fill('wrong-token-0000000000');
      await page.getByRole('button', { name: 'Enroll' }).click();
      await expect.poll(() => section.getByRole('alert').textContent()).toMatch(/^Enrollment failed: /);
      await page.getByLabel('Enrollment token').fill(token);
      await page.getByRole('button', { name: 'Enroll' }).click();
      await expect.poll(() => section.getAttribute('data-enrollment')).toBe('enrolled');
      expect(await section.getByRole('status').textContent()).toBe(`Enrolled with ${new URL(server.url).origin}.`);

      await harness.engine.runChecks();
      await waitFor('delivered', () => harness.engine.lastReport().delivered);
      await page.getByRole('button', { name: 'What is reported about me' }).click();
      const raw = page.getByTestId('raw-report');
      await raw.waitFor({ state: 'attached' });
      await expect.poll(async () => JSON.parse((await raw.textContent())!).reportId).toBe(harness.engine.lastReport().report!.reportId);
      expect(JSON.parse((await raw.textContent())!)).toEqual(harness.engine.lastReport().report);
      await expect.poll(() => page.locator('[data-delivered]').getAttribute('data-delivered')).toBe('true');
      const deviceId = s.engine.enrolled()!.deviceId;
      expect(await page.getByTestId('report-facts').textContent()).toContain(deviceId);
      expect((await server.history(deviceId)).map((r) => r.reportId)).toContain(harness.engine.lastReport().report!.reportId);
      await harness.engine.stop({ reason: 'quit-by-agent', at: new Date() });
      await page.close();
    } finally {
      await s.close();
      await server.close();
    }
  }, 60_000);

  it('shows the server and token IT preset as locked; the token never reaches the page', async () => {
    const s = createDesktopSync({ preset: { serverUrl: 'https://shiftguard.example.com', enrollmentToken: 'preset-token-do-not-show' } });
    try {
      const harness = createDesktopHarness({ checks: [], sync: s.sync });
      const page = await open(harness);
      await page.getByRole('button', { name: 'Settings' }).click();
      expect(await page.getByLabel('Server address').inputValue()).toBe('https://shiftguard.example.com');
      expect(await page.getByLabel('Server address').isDisabled()).toBe(true);
      expect(await page.locator('[data-locked="enrollmentToken"]').textContent()).toContain('Provided by your IT department');
      expect(await page.content()).not.toContain('preset-token-do-not-show');
      await page.close();
    } finally {
      await s.close();
    }
  });

  it('shows that enrollment is blocked by a broken identity rule, naming the field, instead of an enroll form', async () => {
    const identity = decideIdentityRule({ kind: 'values', source: 'HKLM\\Software\\Policies\\ShiftGuard', values: { IdentitySource: 'asset-tag' } });
    const s = createDesktopSync({ preset: { serverUrl: 'https://shiftguard.example.com', enrollmentToken: 'preset-token-0000', identity } });
    try {
      const harness = createDesktopHarness({ checks: [], sync: s.sync });
      const page = await open(harness);
      await page.getByRole('button', { name: 'Status' }).click();
      expect(await page.locator('[data-fact="enrollment"] dd').textContent()).toBe('Blocked by a managed-configuration error: assetTag');
      await page.getByRole('button', { name: 'Settings' }).click();
      const section = page.locator('section.enrollment');
      expect(await section.getAttribute('data-enrollment')).toBe('blocked-by-managed-config');
      const alert = section.getByRole('alert');
      expect(await alert.getAttribute('data-blocked-key')).toBe('assetTag');
      expect(await alert.getAttribute('data-error-code')).toBe('managed_identity_invalid');
      expect(await alert.textContent()).toContain('IT must fix the assetTag setting in HKLM\\Software\\Policies\\ShiftGuard');
      expect(await section.getByRole('button', { name: 'Enroll' }).count()).toBe(0);
      expect(s.engine.enrolled()).toBeUndefined();
      await page.close();
    } finally {
      await s.close();
    }
  });

  it('refuses calls from a page of another origin', async () => {
    const harness = createDesktopHarness({ checks: [] });
    const answer = await harness.invoke('shiftguard:state:get', undefined, 'https://evil.example/');
    expect(answer).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } });
  });

  it('says so when opened without the bridge', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/index.html`);
    expect(await page.getByRole('alert').textContent()).toMatch(/not connected/);
    await page.close();
  });
});
