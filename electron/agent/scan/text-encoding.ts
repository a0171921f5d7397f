/**
 * The encodings the scan reads and writes back exactly: UTF-16 with a byte-order mark (Notepad's
 * "Unicode"), UTF-8 (with or without BOM), and, when the bytes are not valid UTF-8, Latin-1, where
 * every byte is one character so that a redacted file differs from the original only in digits.
 */
export type TextEncodingName = 'utf-16le' | 'utf-16be' | 'utf-8' | 'latin1';

export function detectEncoding(head: Buffer): TextEncodingName {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/** Decodes a whole buffer; UTF-8 falls back to Latin-1 when invalid. BOMs are kept as U+FEFF. */
export function decodeAll(bytes: Buffer, encoding: TextEncodingName): { text: string; encoding: TextEncodingName } {
  if (encoding === 'latin1') return { text: bytes.toString('latin1'), encoding };
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

/** Encodes back to the same bytes the text was decoded from. */
export function encodeAll(text: string, encoding: TextEncodingName): Buffer {
  switch (encoding) {
    case 'utf-16le':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'latin1':
      return Buffer.from(text, 'latin1');
  }
}
