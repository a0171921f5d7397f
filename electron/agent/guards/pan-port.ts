import { findPans } from '../../../shared/pan/find-pans';
import { redactFindings } from '../../../shared/pan/redact';

/**
 * The guards' narrow view of card-number detection (shared/pan). Everything in guards/ goes
 * through here, so what the guards may learn about a number (length and last four, never the
 * digits) is decided in one place.
 */

/** A card number found, without the number: what audit lines, evidence and reports may carry. */
export interface MaskedFinding {
  /** The card scheme (visa, mastercard, amex, ...). */
  brand: string;
  length: number;
  last4: string;
}

/** True when `text` holds at least one card number. */
export function containsPan(text: string): boolean {
  return findPans(text).length > 0;
}

/** `text` with each card number's digits but the last four replaced by '*' (same length). */
export function redactPans(text: string): string {
  const findings = findPans(text);
  return findings.length === 0 ? text : redactFindings(text, findings);
}

/** The card numbers in `text`, masked. */
export function maskedFindings(text: string): MaskedFinding[] {
  return findPans(text).map((f) => ({ brand: f.scheme, length: f.length, last4: f.last4 }));
}
