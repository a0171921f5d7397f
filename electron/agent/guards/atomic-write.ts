import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replaces a file's content atomically: the new content goes to a temporary file in the same
 * folder (same file system) and is renamed over the original, so a reader sees the old or the new
 * content, never a half-written one.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.shiftguard-tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
