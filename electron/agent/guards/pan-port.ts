import { findPanSpans, redactPanSpans } from '../../../shared/scratchpad/pan-interim';

/**
 * The guards' narrow view of card-number detection. Everything in guards/ goes through here so the
 * detector can be swapped (issue 3's shared/pan) in one place.
 */

/** A card number found, without the number: what audit lines and evidence may carry. */
export interface MaskedFinding {
  length: number;
  last4: string;
}

/** True when `text` holds at least one card number. */
export function containsPan(text: string): boolean {
  return findPanSpans(text).length > 0;
}

/** `text` with each card number's digits but the last four replaced by '*'. */
export function redactPans(text: string): string {
  const spans = findPanSpans(text);
  return spans.length === 0 ? text : redactPanSpans(text, spans);
}

/** The card numbers in `text`, masked. */
export function maskedFindings(text: string): MaskedFinding[] {
  return findPanSpans(text).map((s) => ({ length: s.length, last4: s.last4 }));
}
