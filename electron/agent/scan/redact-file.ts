import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { findPans } from '../../../shared/pan/find-pans';
import { redactFindings } from '../../../shared/pan/redact';
import { decodeAll, detectEncoding, encodeAll } from './text-encoding';

/**
 * Redacts a plain-text file in place, atomically: the redacted text goes to a temporary file in
 * the same folder (same file system), is flushed to disk, and is renamed over the original, so a
 * crash leaves either the old or the new file, never half of one. The file keeps its encoding and
 * its permissions; only digits change. With `keepOriginal` the original is first copied next to it
 * as `<name>.shiftguard-original` (never overwriting an existing file).
 * Returns the number of card numbers masked and the path of the kept original.
 */
export async function redactTextFile(file: string, keepOriginal: boolean): Promise<{ redacted: number; original?: string }> {
  const bytes = await readFile(file);
  const { text, encoding } = decodeAll(bytes, detectEncoding(bytes.subarray(0, 4)));
  const findings = findPans(text);
  if (findings.length === 0) return { redacted: 0 };
  const out = encodeAll(redactFindings(text, findings), encoding);
  const { mode } = await stat(file);
  let original: string | undefined;
  if (keepOriginal) {
    original = `${file}.shiftguard-original`;
    await copyFile(file, original, constants.COPYFILE_EXCL);
  }
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.shiftguard-tmp`);
  const handle = await open(tmp, 'wx', mode & 0o777);
  try {
    await handle.writeFile(out);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  return original ? { redacted: findings.length, original } : { redacted: findings.length };
}
