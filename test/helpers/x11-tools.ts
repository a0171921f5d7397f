import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { awaitClipboardText } from '../../electron/agent/guards/linux/clipboard-tool';

const exec = promisify(execFile);

/**
 * Puts text on the CLIPBOARD of a display with xclip, as a user's copy would. xclip's parent exits
 * before its forked daemon owns the selection, so the copy may become visible a moment later.
 */
export function xclipCopy(env: NodeJS.ProcessEnv, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('xclip', ['-selection', 'clipboard', '-i'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`xclip exited ${code}`))));
    child.stdin.end(text);
  });
}

/** Like xclipCopy, then waits until the copy is visible (for tests with no guard watching). */
export async function xclipCopyVisible(env: NodeJS.ProcessEnv, text: string): Promise<void> {
  await xclipCopy(env, text);
  if (!(await awaitClipboardText(() => xclipPaste(env), text, 10_000))) throw new Error('the copied text never appeared on the X clipboard');
}

/** The CLIPBOARD text of a display ('' when empty). */
export async function xclipPaste(env: NodeJS.ProcessEnv): Promise<string> {
  try {
    return (await exec('xclip', ['-selection', 'clipboard', '-o'], { env, timeout: 5000 })).stdout;
  } catch {
    return '';
  }
}

/** Opens a real X window with this title (xmessage, from x11-utils) and gives it the input focus. */
export async function openFocusedWindow(env: NodeJS.ProcessEnv, title: string): Promise<{ child: ChildProcess; windowId: string; close: () => Promise<void> }> {
  const child = spawn('xmessage', ['-title', title, '-name', 'shiftguard-test', 'A real window for the guard tests'], { env, stdio: 'ignore' });
  const found = await exec('xdotool', ['search', '--sync', '--name', `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`], { env, timeout: 15_000 });
  const windowId = found.stdout.trim().split('\n')[0]!;
  await exec('xdotool', ['windowfocus', '--sync', windowId], { env, timeout: 15_000 });
  return {
    child,
    windowId,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Presses a key on the display (xdotool). */
export async function pressKey(env: NodeJS.ProcessEnv, key: string): Promise<void> {
  await exec('xdotool', ['key', key], { env, timeout: 5000 });
}
