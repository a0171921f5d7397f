import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '../../../shared/api/common';
import { DEFAULT_CONSOLE_DIR } from '../../../server/app';
import { startServer, type RunningServer } from '../../../server/server';
import { seriousAxeViolations } from '../../helpers/axe';
import { launchChromium } from '../../helpers/chromium';
import { runCli } from '../../helpers/cli';
import { HttpDevice } from '../../helpers/http-device';
import { makeTempDir } from '../../helpers/temp-dir';

// The console in real Chromium against a really listening server with a temp SQLite data dir.
// Workstations report over HTTP with signatures made by node:crypto as the contract says
// (test/helpers/http-device.ts); one also runs the real headless agent CLI.
// SHIFTGUARD_SCREENSHOTS=1 also writes docs/screenshots/*.png (1280x800).
const SHOTS = process.env.SHIFTGUARD_SCREENSHOTS ? path.resolve(import.meta.dirname, '../../../docs/screenshots') : null;
const PASSWORD = 'correct horse battery staple';
const tmp = makeTempDir();
let server: RunningServer;
let browser: Browser;
let teamA: Team;
let teamB: Team;

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_CONSOLE_DIR}/index.html`)) throw new Error('console not built: run npm run build:web (npm test does)');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir: `${tmp.dir}/server`, databaseUrl: undefined }, () => undefined);
  const people = server.app.sg.people;
  teamA = await people.createTeam({ name: 'Payments A', site: 'Riga' }, null);
  teamB = await people.createTeam({ name: 'Claims B', site: 'Milan' }, null);
  await people.createUser({ email: 'sup@example.test', password: PASSWORD, role: 'supervisor', teamIds: [teamA.id] }, null);
  await people.createUser({ email: 'admin@example.test', password: PASSWORD, role: 'admin', teamIds: [] }, null);
  browser = await launchChromium();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp.cleanup();
});

async function device(teamId: string, hostname: string): Promise<HttpDevice> {
  const { token } = await server.app.sg.enrollment.createToken({ teamId, expiresInHours: 1, maxUses: 1 }, null);
  return new HttpDevice(server.url, hostname).enroll(token);
}

async function open(locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  const found = await seriousAxeViolations(page);
  expect(found, `${where}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

describe('console as a supervisor', () => {
  it('shows a non-compliant workstation live, drills in, and is refused another team’s workstation', async () => {
    const { context, page } = await open();
    await signIn(page, 'sup@example.test');
    await expectAccessible(page, 'fleet (empty)');
    const nonCompliant = page.locator('[data-list="noncompliant"]');
    expect(await nonCompliant.count()).toBe(0);
    // A marker on window proves the page is never reloaded while the workstation appears.
    await page.evaluate(() => Object.assign(window, { __noReload: true }));

    const desk = await device(teamA.id, 'desk-a-017');
    await desk.report(desk.posture({
      checks: [
        { id: 'disk-encryption', status: 'fail', summary: 'The system disk is not encrypted.', evidence: { source: 'lsblk', device: '/dev/sda2' }, remediation: 'Ask IT to enable LUKS.', durationMs: 4 },
        { id: 'firewall', status: 'pass', summary: 'The firewall is on.', evidence: { source: 'nft' }, durationMs: 2 },
      ],
      compliant: false,
    }));
    const other = await device(teamB.id, 'desk-b-001');
    await other.report(other.posture({ compliant: false }));

    const link = nonCompliant.getByRole('link', { name: 'desk-a-017' });
    await link.waitFor();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // Supervisors see only their own team: the other team's workstation is not in the list.
    expect(await nonCompliant.getByRole('link', { name: 'desk-b-001' }).count()).toBe(0);
    await page.getByRole('rowheader', { name: 'Disk encryption' }).waitFor();
    await shot(page, 'fleet');
    await expectAccessible(page, 'fleet');

    // Drill in by keyboard.
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'desk-a-017' }).waitFor();
    const check = page.locator('[data-check="disk-encryption"]');
    expect(await check.textContent()).toContain('Ask IT to enable LUKS.');
    expect(await check.textContent()).toContain('Fail');
    await check.getByText('Evidence').click();
    expect(await check.textContent()).toContain('/dev/sda2');
    expect(await page.locator('.timeline li[data-kind="posture"]').count()).toBe(1);
    await shot(page, 'workstation');
    await expectAccessible(page, 'workstation detail');

    // The workstations table, filtered by the server.
    await page.goto(`${server.url}/#/workstations?compliant=false`);
    await page.locator('tbody tr[data-device]').first().waitFor();
    expect(await page.locator('tbody tr[data-device]').allTextContents()).toEqual([expect.stringContaining('desk-a-017')]);
    await shot(page, 'workstations');
    await expectAccessible(page, 'workstations');

    // Another team's workstation by URL: the server refuses and the console says so.
    const refused = page.waitForResponse((r) => r.url().includes(`/api/v1/workstations/${other.deviceId}/history`));
    await page.goto(`${server.url}/#/workstations/${other.deviceId}`);
    expect((await refused).status()).toBeGreaterThanOrEqual(403);
    const refusal = page.locator('[data-refusal="workstation"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('not on one of your teams');
    expect(await page.locator('body').textContent()).not.toContain('desk-b-001');
    await expectAccessible(page, 'refusal');

    // Admin pages are not offered and not shown.
    expect(await page.getByRole('link', { name: 'Policies' }).count()).toBe(0);
    await page.goto(`${server.url}/#/users`);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();

    // The session ends (cookie gone, as after expiry): the next poll lands on sign-in with a reason.
    await page.goto(`${server.url}/#/fleet`);
    await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
    await context.clearCookies();
    await page.getByText('Your session has expired').waitFor();
    await context.close();
  });
});

describe('console as an admin', () => {
  it('writes a policy with inline errors, diffs, assigns, publishes, and sees an enrolled agent apply it', async () => {
    const { context, page } = await open();
    const desk = await device(teamA.id, 'desk-a-100');
    await desk.report(desk.posture({ compliant: true, checks: [] }));
    // The real headless agent enrolls into team A and reports too.
    const { token } = await server.app.sg.enrollment.createToken({ teamId: teamA.id, expiresInHours: 1, maxUses: 1 }, null);
    const agent = await runCli(['run', '--once', '--server', server.url, '--token', token], { env: { SHIFTGUARD_AGENT_DATA: `${tmp.dir}/agent` } });
    expect(agent.code).toBe(0);
    expect(agent.stdout).toMatch(/report .* sent/);

    await signIn(page, 'admin@example.test');
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Payments floor');
    await page.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments floor' }).waitFor();

    // A bad value is refused at the field, by the shared schema, before anything is sent.
    const interval = page.getByLabel('Minutes between checks and reports');
    await interval.fill('0');
    const field = page.locator('[data-field="reportIntervalMinutes"]');
    await field.locator('.field-error').waitFor();
    expect(await interval.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Save as new draft' }).isDisabled()).toBe(true);
    const usb = page.getByLabel('Allowed devices (vendor:product)');
    await usb.fill('0781:5581\nnot-an-id');
    await page.locator('[data-field="posture.usb.allowList"] .field-error').waitFor();
    expect(await page.locator('[data-field="posture.usb.allowList"] .field-error').textContent()).toContain('vendor:product');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'policy');
    await usb.fill('0781:5581');
    await interval.fill('5');
    await page.locator('.field-error').first().waitFor({ state: 'detached' });
    await expectAccessible(page, 'policy editor');

    // Save, publish v2, then change again and see the diff against the published version.
    await page.getByRole('button', { name: 'Save as new draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByText('Version 2 is published and signed').waitFor();
    await page.getByLabel('Minutes between checks and reports').fill('7');
    const diff = page.locator('table.diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('reportIntervalMinutes');
    expect(await diff.textContent()).toMatch(/5.*7/);

    // Assign it to team A.
    await page.getByRole('link', { name: 'Back to policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await page.getByLabel('Policy for Payments A').selectOption({ label: 'Payments floor' });
    await page.getByText('Assignment saved.').waitFor();
    await expectAccessible(page, 'policies');
    await page.getByRole('link', { name: 'Payments floor' }).click();
    const applied = page.locator('[data-applied-count]');
    await applied.waitFor();
    expect(await applied.getAttribute('data-applied-count')).toBe('0');

    // The enrolled workstation checks in, verifies the signed policy and applies it: the console shows it live.
    const answer = await desk.checkInAndApply();
    expect(answer.policy?.payload.version).toBe(2);
    expect(answer.policy?.payload.document.reportIntervalMinutes).toBe(5);
    await page.locator('[data-applied-count="1"]').waitFor();
    expect(await page.locator('[data-device]').allTextContents()).toEqual([expect.stringContaining('desk-a-100')]);

    // Admin pages open and pass axe.
    for (const [nav, heading, name] of [['Enrollment', 'Enrollment', 'enrollment'], ['Users', 'Users and roles', 'users'], ['Audit trail', 'Audit trail', 'audit']] as const) {
      await page.getByRole('link', { name: nav, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('tbody tr').first().waitFor();
      await shot(page, name);
      await expectAccessible(page, name);
    }
    expect(await page.locator('tbody').textContent()).toContain('policy.publish');
    await context.close();
  });
});

describe('console languages', () => {
  it('follows the browser language, lays Arabic out right to left, and can be switched', async () => {
    const { context, page } = await open('ar-EG');
    await page.goto(`${server.url}/`);
    await page.locator('html[dir="rtl"][lang="ar"]').waitFor({ state: 'attached' });
    await page.getByLabel('البريد الإلكتروني').fill('admin@example.test');
    await page.getByLabel('كلمة المرور').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('h1').filter({ hasText: 'نظرة عامة' }).waitFor();
    await page.locator('[data-list="noncompliant"]').waitFor();
    await shot(page, 'fleet-ar');
    await expectAccessible(page, 'fleet in Arabic');
    for (const [value, heading] of [['it', 'Panoramica'], ['lv', 'Flotes pārskats'], ['pl', 'Przegląd']] as const) {
      await page.locator('header select').selectOption(value);
      await page.locator(`html[lang="${value}"][dir="ltr"]`).waitFor({ state: 'attached' });
      expect(await page.locator('h1').textContent()).toContain(heading);
    }
    await context.close();
  });
});
