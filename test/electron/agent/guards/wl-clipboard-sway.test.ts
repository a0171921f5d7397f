import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WlClipboard } from '../../../../electron/agent/guards/linux/wl-clipboard';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const ready = has('sway') && has('wl-paste') && has('wl-copy');
if (!ready) console.log('skipped: real Wayland clipboard test needs sway and wl-clipboard (apt-get install sway wl-clipboard)');

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
  // A deadline, not a count: each look spawns wl-paste, which is slow on a loaded machine.
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** A headless sway (wlroots, with data-control) as the Wayland compositor; sway refuses to run as root, so root runs it as nobody. */
describe.skipIf(!ready)('WlClipboard on a real Wayland compositor (headless sway)', () => {
  let sway: ChildProcess;
  let runtime: string;
  let socket: string;
  beforeAll(async () => {
    runtime = mkdtempSync(path.join(tmpdir(), 'shiftguard-wl-'));
    const config = path.join(runtime, 'sway.cfg');
    writeFileSync(config, 'output HEADLESS-1 resolution 800x600\n');
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtime, WLR_BACKENDS: 'headless', WLR_LIBINPUT_NO_DEVICES: '1', WLR_RENDERER: 'pixman', HOME: runtime };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    if (process.getuid?.() === 0) {
      const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
      chownSync(runtime, nobody, -1);
      chmodSync(runtime, 0o755);
      sway = spawn('runuser', ['-u', 'nobody', '--', 'env', `XDG_RUNTIME_DIR=${runtime}`, 'sway', '-c', config], { env, stdio: 'ignore', detached: true });
    } else sway = spawn('sway', ['-c', config], { env, stdio: 'ignore', detached: true });
    await waitFor('the sway socket', () => readdirSync(runtime).some((f) => /^wayland-\d+$/.test(f)));
    socket = path.join(runtime, readdirSync(runtime).find((f) => /^wayland-\d+$/.test(f))!);
  });
  afterAll(() => {
    // The whole group: runuser and the sway it started.
    if (sway?.pid) process.kill(-sway.pid, 'SIGTERM');
    if (runtime && existsSync(runtime)) rmSync(runtime, { recursive: true, force: true });
  });

  it('writes, reads, sees another app’s copy through wl-paste --watch, and clears', { timeout: 180_000 }, async () => {
    // An absolute WAYLAND_DISPLAY names the socket directly (libwayland ≥ 1.15).
    const clip = new WlClipboard(socket);
    await clip.writeText('ticket 4412');
    await waitFor('our own write', async () => (await clip.readText()) === 'ticket 4412');
    let changes = 0;
    const stop = clip.watch(() => changes++);
    await new Promise((r) => setTimeout(r, 300));
    const before = changes;
    // Another app copies: wl-copy, run async so this process keeps serving its own watcher; its
    // parent returns once the compositor confirmed the selection (slow on a loaded machine).
    const copyElsewhere = async () => {
      const other = spawn('wl-copy', ['copied elsewhere'], { env: { ...process.env, WAYLAND_DISPLAY: socket }, stdio: ['ignore', 'ignore', 'pipe'] });
      let otherErr = '';
      other.stderr.on('data', (d: Buffer) => (otherErr += d.toString()));
      const status = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => other.kill('SIGKILL'), 90_000);
        other.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      expect({ status, otherErr }).toEqual({ status: 0, otherErr: '' });
    };
    await copyElsewhere();
    await waitFor('the change event', () => changes > before);
    // The first event can be the old selection going away (the clipboard is empty for a moment).
    // Under heavy load the other app's forked server has been seen to lose the selection again
    // (not our adapter: reads then show the old or no text); that app copies once more then.
    let seen = '';
    for (let attempt = 1; ; attempt++) {
      try {
        await waitFor('the other app’s text', async () => (seen = await clip.readText()) === 'copied elsewhere', 15_000);
        break;
      } catch (error) {
        if (attempt === 3) throw new Error(`${(error as Error).message}; the clipboard read ${JSON.stringify(seen)}`);
        await copyElsewhere();
      }
    }
    await clip.writeText('');
    await waitFor('the cleared clipboard', async () => (await clip.readText()) === '');
    stop();
    clip.close();
  });
});
