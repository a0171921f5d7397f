import path from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/policy/default-policy';
import { isCompliant } from '../../shared/posture/compliance';
import { localCheckContext } from '../../electron/agent/posture/local-context';
import { runChecks } from '../../electron/agent/posture/run-checks';
import { launchChromium } from '../helpers/chromium';
import { ROOT } from '../helpers/cli';
import { serveStatic } from '../helpers/static-server';

// The renderer in real Chromium with a test bridge standing in for the preload: window.shiftguard
// forwards to the real agent engine running in this Node process.
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

describe('renderer: this workstation', () => {
  it('runs the real checks through the bridge and shows each result', async () => {
    const page = await browser.newPage();
    await page.exposeFunction('__shiftguardRunChecks', async () => {
      const checks = await runChecks(localCheckContext(DEFAULT_POLICY));
      return { ok: true, value: { compliant: isCompliant(checks, DEFAULT_POLICY), checks } };
    });
    await page.addInitScript(() => {
      const w = window as unknown as { shiftguard: unknown; __shiftguardRunChecks: () => Promise<unknown> };
      w.shiftguard = { runChecks: () => w.__shiftguardRunChecks() };
    });
    await page.goto(`${site.url}/index.html`);
    const item = page.locator('li[data-check="disk-encryption"]');
    await item.waitFor();
    expect(await item.getAttribute('data-status')).toMatch(/^(pass|fail|unknown|error)$/);
    expect(await page.getByTestId('verdict').textContent()).toMatch(/Ready for shift|Action needed/);
    await page.close();
  });

  it('says so when opened without the bridge', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/index.html`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not connected/);
    await page.close();
  });
});
