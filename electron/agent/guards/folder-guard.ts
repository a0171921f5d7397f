import { watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import type { GuardContext } from './guard-context';
import { containsPan, maskedFindings, redactPans, type MaskedFinding } from './pan-port';

/** Plain-text formats that can be redacted in place without breaking them. */
const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.csv', '.tsv', '.log', '.json', '.xml', '.html', '.htm', '.yaml', '.yml', '.ini', '.rtf', '']);
/** Bigger files are not opened (note files are small; this keeps the guard cheap). */
const MAX_BYTES = 8 * 1024 * 1024;
const TMP_SUFFIX = '.shiftguard-tmp';

export type FolderAction = 'redact' | 'quarantine' | 'report';

/** "~/Documents" and "Documents" are under the home folder; absolute paths stay. Pure. */
export function resolveWatchedFolder(folder: string, home = os.homedir()): string {
  if (folder === '~') return home;
  if (folder.startsWith('~/')) return path.join(home, folder.slice(2));
  return path.isAbsolute(folder) ? folder : path.join(home, folder);
}

/**
 * Watches folders (recursively) for files saved with card numbers in them and, per policy, redacts
 * them in place (plain-text formats, atomic replace), moves them to the quarantine folder, or
 * reports them. Each changed file is looked at after a short settle delay, well within 2 s.
 */
export class FolderGuard {
  private watchers: FSWatcher[] = [];
  private readonly pendingPaths = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly folders: readonly string[],
    private readonly action: FolderAction,
    private readonly quarantineDir: string,
    private readonly ctx: GuardContext,
    private readonly settleMs = 150,
  ) {}

  start(): void {
    for (const folder of this.folders) {
      const dir = resolveWatchedFolder(folder);
      try {
        const watcher = watch(dir, { recursive: true, persistent: false }, (_event, name) => {
          if (name) this.schedule(path.join(dir, name.toString()));
        });
        watcher.on('error', (error) => this.ctx.audit.append('folder.watch-error', { folder: dir, message: error.message }));
        this.watchers.push(watcher);
      } catch (error) {
        this.ctx.audit.append('folder.not-watched', { folder: dir, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      }
    }
  }

  stop(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    for (const t of this.pendingPaths.values()) clearTimeout(t);
    this.pendingPaths.clear();
  }

  /** Resolves when every look started so far is finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private schedule(file: string): void {
    if (file.endsWith(TMP_SUFFIX) || file.startsWith(this.quarantineDir)) return;
    const existing = this.pendingPaths.get(file);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.pendingPaths.delete(file);
      const job = this.inspect(file).catch((error: unknown) => {
        this.ctx.audit.append('folder.error', { file: path.basename(file), message: (error as Error).message });
      });
      this.inFlight.add(job);
      void job.finally(() => this.inFlight.delete(job));
    }, this.settleMs);
    timer.unref();
    this.pendingPaths.set(file, timer);
  }

  /** Looks at one file and acts if it holds a card number. */
  async inspect(file: string): Promise<void> {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile() || info.size === 0 || info.size > MAX_BYTES) return;
    const ext = path.extname(file).toLowerCase();
    if (!TEXT_EXTENSIONS.has(ext)) return;
    const bytes = await readFile(file);
    if (bytes.subarray(0, 8192).includes(0)) return; // binary: not a plain-text note
    const text = bytes.toString('utf8');
    if (!containsPan(text)) return;
    const detail = { file: path.basename(file), folder: path.dirname(file), cardNumbers: maskedFindings(text) };
    switch (this.action) {
      case 'redact': {
        // Keep the user's permissions on the redacted file.
        await writeFileAtomic(file, redactPans(text), info.mode & 0o777);
        this.record('redacted', detail);
        return;
      }
      case 'quarantine': {
        await mkdir(this.quarantineDir, { recursive: true, mode: 0o700 });
        const target = path.join(this.quarantineDir, `${Date.now()}-${path.basename(file)}`);
        await moveFile(file, target);
        this.record('quarantined', { ...detail, quarantinedAs: path.basename(target) });
        return;
      }
      case 'report':
        this.record('detected', detail);
        return;
    }
  }

  private record(action: 'redacted' | 'quarantined' | 'detected', detail: { file: string; cardNumbers: MaskedFinding[] } & Record<string, unknown>): void {
    this.ctx.audit.append(`folder.${action}`, detail);
    this.ctx.evidence.action(this.ctx.now(), 'watched-folder', action, detail);
    // The file's base name only: a folder path can name the agent or the customer.
    this.ctx.event?.({ guard: 'notes-folder', action: action === 'detected' ? 'reported' : action, subject: detail.file, findings: detail.cardNumbers });
  }
}

async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    const handle = await open(to, 'r+');
    await handle.sync();
    await handle.close();
    await unlink(from);
  }
}
