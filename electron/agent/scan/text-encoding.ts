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

/**
 * UTF-16 without a byte-order mark, from a file's first bytes (an even-length head). Some editors
 * and tools (PowerShell's `Out-File -Encoding Unicode` piped through others, exports from CRM
 * tools) write UTF-16 with no BOM. The test is deliberately strict so that binary files are not
 * mistaken for text: text in a note is mostly ASCII, so almost every code unit has a zero high
 * byte (odd positions for LE, even for BE) and a non-zero low byte; the head must also decode as
 * valid UTF-16 and hold no control characters other than tab, line feed, form feed and carriage
 * return. Anything less clear-cut stays undetected (null).
 */
export function sniffUtf16(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const units = head.length >> 1;
  if (units < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let k = 0; k < units * 2; k += 2) {
    if (head[k] === 0) zeroEven++;
    if (head[k + 1] === 0) zeroOdd++;
  }
  // Few zero bytes on the "low" side (U+0100, U+4E00... are legitimate) and many on the "high" side.
  const tolerance = Math.floor(units * 0.02);
  const encoding = zeroEven <= tolerance && zeroOdd >= units / 2 ? 'utf-16le' : zeroOdd <= tolerance && zeroEven >= units / 2 ? 'utf-16be' : null;
  if (!encoding) return null;
  let text: string;
  try {
    // stream: a head cut in the middle of a surrogate pair is not an error.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(head.subarray(0, units * 2), { stream: true });
  } catch {
    return null;
  }
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    // Tab, line feed, form feed and carriage return are text; other C0 controls, DEL and the
    // noncharacters U+FFFE/U+FFFF (a byte-swapped BOM) are not.
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f || c === 0xfffe || c === 0xffff) return null;
  }
  return encoding;
}
