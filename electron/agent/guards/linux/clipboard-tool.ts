import { spawnProcess, type SpawnFn } from '../common/line-process';

/** How long a clipboard tool may take to read its input and hand over to its daemon. */
const TOOL_TIMEOUT_MS = 2000;
/** How long to wait for the daemon to take the selection once the tool has exited. */
const OWNERSHIP_DEADLINE_MS = 2000;
const OWNERSHIP_POLL_MS = 10;

/**
 * Pipes text into a Linux clipboard tool that forks a daemon to serve the selection (xclip -i,
 * wl-copy). The daemon's output must not be our pipes, or we would wait for it to end, so only the
 * parent is awaited; it is killed when it hangs.
 */
export function pipeIntoClipboardTool(file: string, args: readonly string[], text: string, env: Record<string, string>, spawn: SpawnFn = spawnProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { env, quiet: true });
    const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${file} exited with ${code}`));
    });
    child.stdin?.end(text, 'utf8');
  });
}

/**
 * Waits until the clipboard reads back as `text`. The tools' parents exit before their forked
 * daemon has taken the selection (xclip sets the owner in a buffered request the child flushes), so
 * without this a "cleared" clipboard could still show the old text for a moment on a busy machine.
 * Returns false when someone else copied in the meantime or the deadline passed: the change
 * watcher sees that copy anyway.
 */
export async function awaitClipboardText(read: () => Promise<string>, text: string, deadlineMs = OWNERSHIP_DEADLINE_MS): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if ((await read().catch(() => null)) === text) return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, OWNERSHIP_POLL_MS));
  }
}
