import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Well-known test card numbers (Luhn-valid, issued to nobody), planted in tests and searched for afterwards. */
export const PLANTED_PANS = ['4111111111111111', '5555555555554444', '378282246310005'];

/**
 * How many characters that are not digits may sit between two digits of a leaked number: enough
 * for separators (" - ", "\r\n"), JSON array punctuation ('","') and markup-free escapes, short
 * enough that unrelated numbers in a file are not strung together.
 */
const MAX_GAP = 8;

/**
 * The value of a decimal digit in any script Unicode knows (ASCII, Arabic-Indic, Persian,
 * Devanagari, full-width, ...): every \p{Nd} block is ten consecutive code points from 0 to 9.
 */
function digitValue(ch: string): number {
  if (!/^\p{Nd}$/u.test(ch)) return -1;
  let cp = ch.codePointAt(0) ?? 0;
  let v = 0;
  while (v < 9 && /^\p{Nd}$/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    v++;
  }
  return v;
}

const DIGIT_CACHE = new Map<string, number>();

/** Undoes the escapes a writer may have applied: JSON/JS \uXXXX, HTML numeric entities. */
function unescape(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]{1,6});/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]{1,7});/g, (_, d: string) => String.fromCodePoint(Number(d)));
}

/**
 * The digit sequences of `text` as ASCII strings: digits in any script, joined across at most
 * MAX_GAP characters of anything but letters (so any separator, NUL bytes of UTF-16 text read as
 * bytes included). Letters end a sequence.
 */
function digitSequences(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let gap = 0;
  for (const ch of unescape(text)) {
    let v = DIGIT_CACHE.get(ch);
    if (v === undefined) {
      v = digitValue(ch);
      DIGIT_CACHE.set(ch, v);
    }
    if (v >= 0) {
      current += String(v);
      gap = 0;
    } else if (current !== '' && (++gap > MAX_GAP || /\p{L}/u.test(ch))) {
      out.push(current);
      current = '';
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Whether `text` holds a planted PAN in any script and with any separators. */
export function holdsPlantedPan(text: string): boolean {
  return digitSequences(text).some((seq) => PLANTED_PANS.some((pan) => seq.includes(pan)));
}

/**
 * Every file under `dir` (recursively) holding a planted PAN: digits in any script, any
 * separators, escaped or not, in UTF-8, UTF-16 (either byte order) or any single-byte encoding.
 */
export function filesHoldingPlantedPans(dir: string, extraTexts: Record<string, string> = {}): string[] {
  const hits: string[] = [];
  const check = (name: string, texts: string[]) => {
    if (texts.some(holdsPlantedPan)) hits.push(name);
  };
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const p = path.join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        const swapped = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2))).swap16();
        check(p, [bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('utf16le'), swapped.toString('utf16le')]);
      }
    }
  };
  walk(dir);
  for (const [name, text] of Object.entries(extraTexts)) check(name, [text]);
  return hits;
}
