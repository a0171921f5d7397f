import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A running Xvfb server started for one test file. */
export interface Xvfb {
  /** e.g. ":7" */
  display: string;
  /** Environment for child processes that must talk to this display. */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** True when Xvfb is installed (CI installs it through .ci/run). */
export function hasXvfb(): boolean {
  return ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].some((p) => existsSync(p));
}

/**
 * Starts Xvfb on a free display number (Xvfb picks it itself with -displayfd, so parallel test
 * files never collide), waits until it accepts connections, and returns how to reach and stop it.
 * Tests never rely on an inherited DISPLAY.
 */
export async function startXvfb(timeoutMs = 20_000): Promise<Xvfb> {
  const child: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const displayNumber = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Xvfb did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(Number(out.trim()));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with code ${code}: ${stderr}`));
    });
  });
  const display = `:${displayNumber}`;
  // -displayfd is written once the server listens; the socket file confirms it.
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(`/tmp/.X11-unix/X${displayNumber}`)) {
    if (Date.now() > deadline) throw new Error(`Xvfb ${display} socket did not appear`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display };
  delete env.XAUTHORITY;
  delete env.WAYLAND_DISPLAY;
  return {
    display,
    env,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
