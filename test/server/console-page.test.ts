import { existsSync } from 'node:fs';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_DIR } from '../../server/app';
import { startServer, type RunningServer } from '../../server/server';
import { launchChromium } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp-dir';

// The walking skeleton end to end: a real server on loopback, the real headless agent process
// reporting to it, and the console in real Chromium showing that report.
const tmp = makeTempDir();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_CONSOLE_DIR}/index.html`)) throw new Error('console not built: run npm run build:web (npm test does)');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir: `${tmp.dir}/server`, databaseUrl: undefined }, () => undefined);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp.cleanup();
});

describe('console workstation list', () => {
  it('shows the signed report the headless agent sent, after signing in', async () => {
    const { token } = await server.app.sg.enrollment.createToken({ site: 'test', expiresInHours: 1, maxUses: 1 }, null);
    await server.app.sg.people.createUser({ email: 'sup@example.test', password: 'correct horse battery', role: 'auditor', teamIds: [] }, null);
    const agent = await runCli(['run', '--once', '--server', server.url, '--token', token], { env: { SHIFTGUARD_AGENT_DATA: `${tmp.dir}/agent` } });
    expect(agent.code).toBe(0);
    expect(agent.stdout).toMatch(/enrolled as device/);
    expect(agent.stdout).toMatch(/report .* sent/);

    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill('sup@example.test');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${server.url}/#/workstations`);
    const row = page.locator('tbody tr[data-device]').first();
    await row.waitFor();
    const hostname = (await import('node:os')).hostname();
    expect(await row.locator('th').first().textContent()).toBe(hostname);
    await row.getByRole('link', { name: hostname }).click();
    await page.locator('[data-check="disk-encryption"]').getByText(/^(Pass|Fail|Unknown|Error)$/).waitFor();
    await page.close();
  });
});
