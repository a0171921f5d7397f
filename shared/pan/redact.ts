import { findPans, maskSpan } from './find-pans';
import type { PanFinding } from './types';

/**
 * Returns `text` with every card number masked: each digit but the last four becomes `*`,
 * separators and line breaks stay, and the length is unchanged, so a redacted note still reads
 * naturally ("card **** **** **** 1111, exp 12/27") and offsets into it stay valid.
 * Never throws; a non-string comes back unchanged.
 */
export function redact(text: string): string {
  return redactFindings(text, findPans(text));
}

/** Applies already computed findings of `text` (same string) to it. */
export function redactFindings(text: string, findings: readonly PanFinding[]): string {
  if (typeof text !== 'string' || findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of findings) {
    if (f.start < at || f.end > text.length) continue;
    out += text.slice(at, f.start) + maskSpan(text.slice(f.start, f.end));
    at = f.end;
  }
  return out + text.slice(at);
}
