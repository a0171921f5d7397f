import { createReadStream } from 'node:fs';
import { PanStreamScanner } from '../../../shared/pan/stream-scanner';
import { detectEncoding, type TextEncodingName } from './text-encoding';
import type { ScanFinding } from './types';

class NotUtf8 extends Error {
  override readonly name = 'NotUtf8';
}

async function streamScan(file: string, encoding: TextEncodingName, onBytes: (n: number) => void): Promise<ScanFinding[]> {
  const scanner = new PanStreamScanner();
  const decoder = encoding === 'latin1' ? null : new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  const findings: ScanFinding[] = [];
  const add = (list: ReturnType<PanStreamScanner['push']>) => {
    for (const f of list) findings.push({ file, location: `line ${f.line}`, line: f.line, scheme: f.scheme, length: f.length, last4: f.last4, masked: f.masked.replace(/\r?\n|\r/g, ' ') });
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    onBytes(bytes.length);
    let text: string;
    try {
      text = decoder ? decoder.decode(bytes, { stream: true }) : bytes.toString('latin1');
    } catch {
      throw new NotUtf8('not UTF-8');
    }
    add(scanner.push(text));
  }
  if (decoder) {
    try {
      add(scanner.push(decoder.decode()));
    } catch {
      throw new NotUtf8('not UTF-8');
    }
  }
  add(scanner.end());
  return findings;
}

/**
 * Scans a text file in 1 MiB chunks with constant memory. UTF-8 that turns out to be invalid is
 * re-read as Latin-1 (digits are ASCII either way; progress is then counted twice for that file).
 */
export async function scanTextFile(file: string, head: Buffer, onBytes: (n: number) => void): Promise<ScanFinding[]> {
  const encoding = detectEncoding(head);
  try {
    return await streamScan(file, encoding, onBytes);
  } catch (error) {
    if (error instanceof NotUtf8) return streamScan(file, 'latin1', () => undefined);
    throw error;
  }
}
