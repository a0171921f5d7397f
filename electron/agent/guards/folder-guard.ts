import { watch, type FSWatcher } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileKind } from '../scan/file-kind';
import { docxText, openDocumentText, xlsxText, type TextUnit } from '../scan/office-text';
import { decodeAll, detectEncoding, encodeAll, sniffUtf16, type TextEncodingName } from '../scan/text-encoding';
import { ZipReadError } from '../scan/zip-reader';
import { writeFileAtomic } from './atomic-write';
import type { GuardContext } from './guard-context';
import { maskedFindings, redactPans, type MaskedFinding } from './pan-port';

/** Plain-text formats that can be redacted in place without breaking them. */
const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.markdown', '.csv', '.tsv', '.log', '.json', '.xml', '.html', '.htm', '.yaml', '.yml', '.ini', '.rtf', '']);
/** Bigger files are not opened (note files are small; this keeps the guard cheap). */
const MAX_BYTES = 8 * 1024 * 1024;
const TMP_SUFFIX = '.shiftguard-tmp';

/**
 * What a file holds, as far as the guard can read it. `text` files can be rewritten in place
 * (when `encoding` round-trips their bytes exactly); `document` files (Office/OpenDocument zip
 * containers) can only be looked at: rewriting their XML by hand risks a document Word or
 * LibreOffice refuses to open, or card digits left behind in parts we do not read.
 */
type Reading =
  | { kind: 'text'; text: string; encoding: TextEncodingName; rewritable: boolean }
  | { kind: 'document'; findings: MaskedFinding[] };

export type FolderAction = 'redact' | 'quarantine' | 'report';

/** "~/Documents" and "Documents" are under the home folder; absolute paths stay. Pure. */
export function resolveWatchedFolder(folder: string, home = os.homedir()): string {
  if (folder === '~') return home;
  if (folder.startsWith('~/')) return path.join(home, folder.slice(2));
  return path.isAbsolute(folder) ? folder : path.join(home, folder);
}

/**
 * Watches folders (recursively) for files saved with card numbers in them and, per policy, redacts
 * them in place (plain-text formats, atomic replace, original encoding kept), moves them to the
 * quarantine folder, or reports them. Plain text is read as UTF-8, Latin-1 or UTF-16 (BOM or
 * sniffed); Office/OpenDocument files through the discovery scanner's readers, and quarantined
 * when the policy says redact. Each changed file is looked at after a short settle delay, well
 * within 2 s.
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
    const bytes = await readFile(file);
    let reading: Reading | null;
    try {
      reading = readContent(file, bytes);
    } catch (error) {
      // A document we cannot open (corrupt, encrypted, zip64) may hold card data: say so rather
      // than pass over it in silence. ZipReadError messages name parts, never contents.
      if (!(error instanceof ZipReadError)) throw error;
      this.ctx.audit.append('folder.unreadable', { file: path.basename(file), folder: path.dirname(file), reason: error.message });
      return;
    }
    if (!reading) return;
    const cardNumbers = reading.kind === 'text' ? maskedFindings(reading.text) : reading.findings;
    if (cardNumbers.length === 0) return;
    const detail = { file: path.basename(file), folder: path.dirname(file), cardNumbers };
    switch (this.action) {
      case 'redact': {
        if (reading.kind === 'text' && reading.rewritable) {
          // Same encoding (and BOM, kept in the text as U+FEFF) as the user saved; only the
          // masked digits differ. Keep the user's permissions on the redacted file.
          await writeFileAtomic(file, encodeAll(redactPans(reading.text), reading.encoding), info.mode & 0o777);
          this.record('redacted', reading.encoding === 'utf-8' ? detail : { ...detail, encoding: reading.encoding });
          return;
        }
        // Cannot be rewritten safely (an Office/OpenDocument file, or text whose bytes would not
        // survive decoding and encoding again). Quarantine, not report: a policy that asks for
        // `redact` means "card data must not stay in this folder", and report would leave the
        // number on disk; the quarantined file stays recoverable by an administrator.
        await this.quarantine(file, { ...detail, requested: 'redact', reason: reading.kind === 'document' ? 'document-not-redactable' : 'encoding-not-redactable' });
        return;
      }
      case 'quarantine':
        await this.quarantine(file, detail);
        return;
      case 'report':
        this.record('detected', detail);
        return;
    }
  }

  private async quarantine(file: string, detail: { file: string; cardNumbers: MaskedFinding[] } & Record<string, unknown>): Promise<void> {
    await mkdir(this.quarantineDir, { recursive: true, mode: 0o700 });
    const target = path.join(this.quarantineDir, `${Date.now()}-${path.basename(file)}`);
    await moveFile(file, target);
    this.record('quarantined', { ...detail, quarantinedAs: path.basename(target) });
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

/**
 * Reads a file the way the discovery scanner does (scan/), limited to what a note folder holds:
 * plain-text formats by extension (UTF-8, Latin-1, UTF-16 with a BOM or reliably sniffed) and the
 * Office/OpenDocument formats. Null for anything else, binary files included. Throws ZipReadError
 * for a document that cannot be opened.
 */
function readContent(file: string, bytes: Buffer): Reading | null {
  const head = bytes.subarray(0, 8192);
  const kind = fileKind(file, head);
  if (kind === 'docx' || kind === 'xlsx' || kind === 'opendocument') {
    // Word and Excel keep "~$name.docx" owner files next to an open document: not documents, and
    // auditing each as unreadable would be noise on every open.
    if (path.basename(file).startsWith('~$')) return null;
    const units: Iterable<TextUnit> = kind === 'docx' ? docxText(bytes, MAX_BYTES) : kind === 'xlsx' ? xlsxText(bytes, MAX_BYTES) : openDocumentText(bytes, MAX_BYTES);
    // Unit by unit: joining paragraphs or cells could make one number out of two.
    const findings: MaskedFinding[] = [];
    for (const unit of units) findings.push(...maskedFindings(unit.text));
    return { kind: 'document', findings };
  }
  // RTF stays in the plain-text list on purpose: its digits are plain ASCII in the file, so the
  // in-place redaction this guard always did for it keeps working.
  if (!TEXT_EXTENSIONS.has(path.extname(file).toLowerCase())) return null;
  let encoding = detectEncoding(head);
  if (encoding === 'utf-8' && head.includes(0)) {
    // NUL bytes: UTF-16 without a BOM, or a binary file that is not a note.
    const sniffed = bytes.length % 2 === 0 ? sniffUtf16(head) : null;
    if (!sniffed) return null;
    encoding = sniffed;
  }
  const decoded = decodeAll(bytes, encoding);
  if (decoded.encoding === encoding || encoding === 'utf-8') {
    // UTF-8 that is not valid UTF-8 comes back as Latin-1, which round-trips every byte.
    return { kind: 'text', text: decoded.text, encoding: decoded.encoding, rewritable: true };
  }
  // UTF-16 that does not decode cleanly (odd length, a lone surrogate): read it leniently to find
  // card numbers, but never rewrite it, since encoding it again would not give back its bytes.
  return { kind: 'text', text: new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes), encoding, rewritable: false };
}
