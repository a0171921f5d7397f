import { open, readFile } from 'node:fs/promises';
import { findPans } from '../../../shared/pan/find-pans';
import { fileKind, type FileKind } from './file-kind';
import { docxText, openDocumentText, xlsxText, type TextUnit } from './office-text';
import { rtfToText } from './rtf-text';
import { sqliteText } from './sqlite-text';
import { scanTextFile } from './text-file';
import type { ScanFinding } from './types';

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function unitFindings(file: string, units: Iterable<TextUnit>): ScanFinding[] {
  const out: ScanFinding[] = [];
  for (const unit of units) {
    for (const f of findPans(unit.text)) {
      out.push({ file, location: unit.location, scheme: f.scheme, length: f.length, last4: f.last4, masked: f.masked.replace(/\r?\n|\r/g, ' ') });
    }
  }
  return out;
}

/** Line-numbered findings of an RTF file, from its text (line = paragraph of the document). */
function rtfFindings(file: string, rtf: string): ScanFinding[] {
  const lines = rtfToText(rtf).split('\n');
  return unitFindings(
    file,
    lines.map((text, k) => ({ location: `paragraph ${k + 1}`, text })),
  );
}

/** Scans one file by kind. `binary` files come back as such, unread beyond their head. */
export async function scanFile(file: string, maxBytes: number, onBytes: (n: number) => void): Promise<{ kind: FileKind; findings: ScanFinding[] }> {
  const head = await readHead(file);
  const kind = fileKind(file, head);
  switch (kind) {
    case 'binary':
      return { kind, findings: [] };
    case 'text':
      return { kind, findings: await scanTextFile(file, head, onBytes) };
    case 'rtf': {
      const bytes = await readFile(file);
      onBytes(bytes.length);
      return { kind, findings: rtfFindings(file, bytes.toString('latin1')) };
    }
    case 'docx':
    case 'xlsx':
    case 'opendocument': {
      const zip = await readFile(file);
      onBytes(zip.length);
      const units = kind === 'docx' ? docxText(zip, maxBytes) : kind === 'xlsx' ? xlsxText(zip, maxBytes) : openDocumentText(zip, maxBytes);
      return { kind, findings: unitFindings(file, units) };
    }
    case 'sqlite': {
      const findings = unitFindings(file, sqliteText(file));
      onBytes(head.length);
      return { kind, findings };
    }
  }
}
