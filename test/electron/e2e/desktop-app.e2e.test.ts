import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { _electron as electron } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinaryPath } from '../../../scripts/electron-binary';
import { ROOT } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/temp-dir';

// The packaged shape of the app (dist/electron/main + preload + dist/renderer) in the real Electron,
// driven by Playwright. Runs wherever the Electron binary exists; says so and skips elsewhere.
const binary = electronBinaryPath();
const mainBuilt = existsSync(path.join(ROOT, 'dist', 'electron', 'main', 'index.js'));
const haveXvfb = spawnSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' }).status === 0;
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
let skipReason: string | null = null;
if (!binary) skipReason = 'no Electron binary';
else if (!mainBuilt) skipReason = 'the desktop app is not built (npm run build:electron)';
else if (needsDisplay && !haveXvfb) skipReason = 'no display and no Xvfb';
if (skipReason) console.log(`skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('desktop app in Electron', () => {
  let xvfb: ChildProcess | null = null;
  const env: Record<string, string> = {};
  const home = makeTempDir('shiftguard-e2e-');

  beforeAll(async () => {
    if (needsDisplay) {
      const display = `:${90 + Math.floor(Math.random() * 100)}`;
      xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      env.DISPLAY = display;
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  afterAll(() => {
    xvfb?.kill();
    home.cleanup();
  });

  it('opens the shift-start window on app://, locked down, with only window.shiftguard exposed', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [ROOT, '--no-sandbox'],
      env: { ...process.env, ...env, HOME: home.dir, XDG_CONFIG_HOME: path.join(home.dir, '.config'), SHIFTGUARD_SERVER: '' } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('heading', { level: 2 }).first().waitFor();
      expect(page.url()).toBe('app://shiftguard/index.html');
      const exposed = await page.evaluate(() => ({
        api: Object.keys((window as unknown as { shiftguard: object }).shiftguard).sort(),
        node: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        popup: window.open('https://example.com/') === null,
      }));
      expect(exposed).toMatchObject({ node: 'undefined', process: 'undefined', popup: true });
      expect(exposed.api).toContain('runChecks');
      expect(exposed.api).toContain('on');
      // The CSP is in force: no eval.
      expect(await page.evaluate(() => {
        try {
          return String(eval('1 + 1'));
        } catch {
          return 'blocked';
        }
      })).toBe('blocked');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      await page.locator('li[data-check="disk-encryption"]').waitFor();
      // The guards run: the policy's sensitive-mode shortcut is taken, and the audit log in the
      // app's data folder says they started.
      const main = await app.evaluate(({ app: a, globalShortcut }) => ({ shortcut: globalShortcut.isRegistered('CommandOrControl+Shift+F12'), userData: a.getPath('userData') }));
      expect(main.shortcut).toBe(true);
      await expect.poll(() => readFile(path.join(main.userData, 'guards', 'audit.jsonl'), 'utf8').catch(() => '')).toContain('"type":"guards.start"');
    } finally {
      await app.evaluate(({ app: a }) => a.exit(0)).catch(() => undefined);
      await app.close().catch(() => undefined);
    }
  });
});
