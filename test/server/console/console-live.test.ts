import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Team } from '../../../shared/api/common';
import { DEFAULT_CONSOLE_DIR } from '../../../server/app';
import { ALL } from '../../../server/repositories/scope';
import { startServer, type RunningServer } from '../../../server/server';
import { seriousAxeViolations } from '../../helpers/axe';
import { launchChromium } from '../../helpers/chromium';
import { CLI, ROOT } from '../../helpers/cli';
import { HttpDevice } from '../../helpers/http-device';
import { waitFor } from '../../helpers/poll';
import { makeTempDir } from '../../helpers/temp-dir';

// The console in real Chromium against a really listening server with a temp SQLite data dir.
// The supervisor's workstations report over HTTP with signatures made by node:crypto as the contract
// says (test/helpers/http-device.ts), so their posture can be chosen; the admin's workstation is the
// real headless agent (`shiftguard run` as its own process) that applies the published policy.
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

/** `shiftguard run` enrolled with `token`, as a real process (its own data and state folders). */
function startAgent(token: string): { output(): string; stop(): Promise<void> } {
  const env = { ...process.env, SHIFTGUARD_AGENT_DATA: `${tmp.dir}/agent`, SHIFTGUARD_STATE_DIR: `${tmp.dir}/agent-state`, DISPLAY: '' };
  const child = spawn(process.execPath, [CLI, 'run', '--server', server.url, '--token', token, '--data', `${tmp.dir}/agent`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
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
    // The trend (server-side, scoped) ends with today's state: one workstation, not compliant.
    const trend = page.locator('figure.trend');
    await trend.getByText('Compliance over the last 14 days').waitFor();
    expect(await trend.locator('tbody tr').count()).toBe(14);
    expect(await trend.locator('tbody tr').last().locator('td').allTextContents()).toEqual(['0%', '1', '0', '1', '0', '0']);
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
    // Failing-check link from the overview, then server-side sorting by a column heading.
    await page.goto(`${server.url}/#/fleet`);
    await page.getByRole('link', { name: 'Disk encryption' }).click();
    await page.waitForURL(/failingCheck=disk-encryption/);
    await page.locator('tbody tr[data-device]').first().waitFor();
    expect(await page.locator('tbody tr[data-device]').allTextContents()).toEqual([expect.stringContaining('desk-a-017')]);
    const sorted = page.waitForResponse((r) => r.url().includes('/api/v1/workstations?') && r.url().includes('sort=lastSeen'));
    await page.getByRole('button', { name: 'Last seen' }).click();
    expect((await sorted).status()).toBe(200);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Last seen');

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
    await expectAccessible(page, 'not allowed');
    await page.goto(`${server.url}/#/no-such-page`);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    await expectAccessible(page, 'not found');

    // The session ends (cookie gone, as after expiry): the next poll lands on sign-in with a reason.
    await page.goto(`${server.url}/#/fleet`);
    await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor();
    await context.clearCookies();
    await page.getByText('Your session has expired').waitFor();
    await expectAccessible(page, 'sign-in after expiry');
    await context.close();
  });
});

describe('console as an admin', () => {
  it('writes a policy with inline errors, diffs, assigns, publishes, and sees an enrolled agent apply it', async () => {
    const { context, page } = await open();
    // The real headless agent (`shiftguard run`, its SyncEngine) enrolls into team A with a token,
    // reports, and stays connected to the live channel.
    const { token } = await server.app.sg.enrollment.createToken({ teamId: teamA.id, expiresInHours: 1, maxUses: 1 }, null);
    const agent = startAgent(token);
    onTestFinished(() => agent.stop());
    const deviceId = (await waitFor('the agent to enroll', () => /as device ([0-9a-f-]{36})/.exec(agent.output())?.[1], 60_000));
    await waitFor('the agent to report', () => /report \S+ sent/.test(agent.output()), 60_000);
    const hostname = (await server.app.sg.workstations.get(ALL, deviceId))?.hostname ?? '';
    expect(hostname).not.toBe('');

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

    // Published but not yet assigned: team A still follows the default, so the agent has not applied it.
    expect(agent.output()).not.toMatch(/version 2 applied/);
    // Assign it to team A.
    await page.getByRole('link', { name: 'Back to policies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await page.getByLabel('Policy for Payments A').selectOption({ label: 'Payments floor' });
    await page.getByText('Assignment saved.').waitFor();
    await expectAccessible(page, 'policies');
    await page.getByRole('link', { name: 'Payments floor' }).click();
    await page.locator('[data-applied-count]').waitFor();

    // The assignment reaches the connected agent live; it verifies the signed policy with the key it
    // got at enrollment, applies it and says so at check-in: the console shows it without a reload.
    const policyId = /#\/policies\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    await waitFor('the agent to apply version 2', () => agent.output().includes(`policy ${policyId} version 2 applied`), 30_000);
    await page.locator('[data-applied-count="1"]').waitFor();
    expect(await page.locator('[data-device]').allTextContents()).toEqual([expect.stringContaining(hostname)]);
    expect((await server.app.sg.workstations.get(ALL, deviceId))?.appliedPolicy).toEqual({ policyId, version: 2 });

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

describe('CSV export', () => {
  it('downloads the current filter as CSV, with formula-leading cells neutralised', async () => {
    const hostile = '=HYPERLINK("http://example.test","x")';
    const desk = await device(teamB.id, hostile);
    await desk.report(desk.posture({ hostname: hostile, compliant: false }));
    const { context, page } = await open();
    await signIn(page, 'admin@example.test');
    await page.goto(`${server.url}/#/workstations?teamId=${teamB.id}&compliant=false&sort=hostname&order=desc`);
    await page.locator('tbody tr[data-device]').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('hostname,deviceId,team,site,compliance,state,sensitive,failingChecks,policyVersion,agentVersion,os,lastSeen');
    // Team B's non-compliant workstations only (the supervisor test's desk-b-001 and this one), sorted as shown.
    expect(lines).toHaveLength(3);
    const row = lines.find((l) => l.includes(desk.deviceId)) ?? '';
    // The leading '=' is defused with a quote, and the quotes and comma inside are CSV-escaped.
    expect(row.startsWith(`"'=HYPERLINK(""http://example.test"",""x"")",${desk.deviceId},Claims B,`)).toBe(true);
    expect(row).toContain(',fail,reporting,false,disk-encryption,');
    expect(lines.slice(1).every((l) => !/(^|,)[=+\-@]/.test(l))).toBe(true);
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
