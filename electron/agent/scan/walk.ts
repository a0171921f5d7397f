import { lstat, opendir } from 'node:fs/promises';
import path from 'node:path';
import type { ScanSkip } from './types';

/** A regular file to scan. */
export interface WalkedFile {
  file: string;
  size: number;
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/**
 * Lists the regular files under `roots` (files or folders), depth first, in name order.
 * Symbolic links are not followed (no loops, no escaping the folder that was asked for); folders
 * that cannot be listed are reported as skipped, never silently dropped.
 */
export async function walk(roots: readonly string[], files: WalkedFile[], skips: ScanSkip[]): Promise<void> {
  for (const root of roots) {
    let st;
    try {
      st = await lstat(root);
    } catch (error) {
      skips.push({ file: root, reason: 'unreadable', detail: code(error) });
      continue;
    }
    if (st.isFile()) files.push({ file: root, size: st.size });
    else if (st.isDirectory()) await walkDir(root, files, skips);
    else skips.push({ file: root, reason: 'not-a-file', detail: st.isSymbolicLink() ? 'symbolic link' : 'special file' });
  }
}

async function walkDir(dir: string, files: WalkedFile[], skips: ScanSkip[]): Promise<void> {
  let names: { name: string; isDir: boolean; isFile: boolean; isLink: boolean }[];
  try {
    names = [];
    for await (const d of await opendir(dir)) names.push({ name: d.name, isDir: d.isDirectory(), isFile: d.isFile(), isLink: d.isSymbolicLink() });
  } catch (error) {
    skips.push({ file: dir, reason: 'unreadable', detail: code(error) });
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of names) {
    const full = path.join(dir, entry.name);
    if (entry.isDir) await walkDir(full, files, skips);
    else if (entry.isFile) {
      try {
        files.push({ file: full, size: (await lstat(full)).size });
      } catch (error) {
        skips.push({ file: full, reason: 'unreadable', detail: code(error) });
      }
    }
    else skips.push({ file: full, reason: 'not-a-file', detail: entry.isLink ? 'symbolic link' : 'special file' });
  }
}
