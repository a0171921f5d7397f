/**
 * INTERIM card-number (PAN) detection, used until issue 3's detector lands at shared/pan.
 * Deliberately narrow: a run of 13-19 digits (single space or dash separators allowed) whose first
 * digit is 2-6 (the card brands' ranges) and that passes the Luhn check. Findings never carry the
 * full number: only its position, length and last four digits.
 * TODO(issue 3): replace with shared/pan and delete this file.
 */

/** One card number found in a text. `start`/`end` are string offsets (end exclusive). */
export interface PanSpan {
  start: number;
  end: number;
  /** Number of digits. */
  length: number;
  last4: string;
}

const RUN = /\d(?:[ -]?\d)*/g;

/** Luhn checksum over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** True for a digit string that looks like a card number. */
export function isPanDigits(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits);
}

/** Every card number in `text`, in order. */
export function findPanSpans(text: string): PanSpan[] {
  const spans: PanSpan[] = [];
  for (const match of text.matchAll(RUN)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (!isPanDigits(digits)) continue;
    const start = match.index;
    spans.push({ start, end: start + match[0].length, length: digits.length, last4: digits.slice(-4) });
  }
  return spans;
}

/** `text` with every digit of each card number but the last four replaced by `glyph`; separators kept. */
export function redactPanSpans(text: string, spans: readonly PanSpan[], glyph = '*'): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start);
    let digitsLeft = span.length;
    for (const ch of text.slice(span.start, span.end)) {
      if (ch >= '0' && ch <= '9') {
        out += digitsLeft > 4 ? glyph : ch;
        digitsLeft--;
      } else out += ch;
    }
    at = span.end;
  }
  return out + text.slice(at);
}
