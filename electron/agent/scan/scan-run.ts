import { findPans } from '../../../shared/pan/find-pans';
import { readFile } from 'node:fs/promises';
import { redactTextFile } from './redact-file';
import { rtfToText } from './rtf-text';
import { scanFile } from './scan-file';
import type { RedactionResult, ScanFinding, ScanOptions, ScanSkip } from './types';
import { walk, type WalkedFile } from './walk';

/** The outcome of a discovery scan. Holds no full card number anywhere. */
export interface ScanReport {
  roots: string[];
  filesScanned: number;
  bytesScanned: number;
  findings: ScanFinding[];
  skips: ScanSkip[];
  redactions: RedactionResult[];
  /** Roots that do not exist or redactions that failed: these make the exit code 2. */
  errors: string[];
}

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

function errorCode(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  // Codes and class names only: messages of third-party errors could quote file contents.
  return e?.code ?? e?.name ?? 'error';
}

/**
 * Scans files and folders for stored card numbers. Never writes unless `options.redact` is set,
 * and then only plain-text files (txt, csv, log, json, md, html, rtf...) that hold card numbers.
 */
export async function runScan(roots: string[], options: ScanOptions, onProgress?: (p: ScanProgress) => void): Promise<ScanReport> {
  const files: WalkedFile[] = [];
  const report: ScanReport = { roots, filesScanned: 0, bytesScanned: 0, findings: [], skips: [], redactions: [], errors: [] };
  await walk(roots, files, report.skips);
  for (const s of report.skips) if (roots.includes(s.file) && s.reason === 'unreadable') report.errors.push(`${s.file}: ${s.detail ?? 'unreadable'}`);
  const bytesTotal = files.reduce((n, f) => n + (f.size <= options.maxBytes ? f.size : 0), 0);
  let bytesDone = 0;
  let filesDone = 0;
  for (const { file, size } of files) {
    onProgress?.({ filesDone, filesTotal: files.length, bytesDone, bytesTotal });
    filesDone++;
    if (size > options.maxBytes) {
      report.skips.push({ file, reason: 'too-large', detail: `${size} bytes` });
      continue;
    }
    const base = bytesDone;
    try {
      const { kind, findings } = await scanFile(file, options.maxBytes, (n) => {
        bytesDone = Math.min(base + size, bytesDone + n);
        onProgress?.({ filesDone, filesTotal: files.length, bytesDone, bytesTotal });
      });
      if (kind === 'binary') {
        report.skips.push({ file, reason: 'binary' });
        continue;
      }
      report.filesScanned++;
      report.bytesScanned += size;
      report.findings.push(...findings);
      if (options.redact && findings.length > 0) report.redactions.push(await redact(file, kind, options.keepOriginal, report));
    } catch (error) {
      report.skips.push({ file, reason: 'unreadable', detail: errorCode(error) });
    } finally {
      bytesDone = base + size;
    }
  }
  onProgress?.({ filesDone, filesTotal: files.length, bytesDone, bytesTotal });
  return report;
}

async function redact(file: string, kind: string, keepOriginal: boolean, report: ScanReport): Promise<RedactionResult> {
  if (kind !== 'text' && kind !== 'rtf') return { file, redacted: 0, notRedacted: `${kind} is not a plain-text format; remove the card data by hand` };
  try {
    const result = await redactTextFile(file, keepOriginal);
    if (kind === 'rtf') {
      // RTF can encode digits (\u1633?) so that the raw text hides them: check what is left.
      const left = findPans(rtfToText((await readFile(file)).toString('latin1'))).length;
      if (left > 0) return { file, ...result, notRedacted: `${left} number(s) encoded in RTF escapes remain` };
    }
    return { file, ...result };
  } catch (error) {
    report.errors.push(`${file}: redaction failed (${errorCode(error)})`);
    return { file, redacted: 0, notRedacted: `redaction failed (${errorCode(error)})` };
  }
}
