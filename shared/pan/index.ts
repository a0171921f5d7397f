/** Card-number (PAN) detection: find, redact, stream. See find-pans.ts for how it works. */
export type { PanFinding, PanScheme } from './types';
export { findPans, maskSpan, type FindPansOptions } from './find-pans';
export { redact, redactFindings } from './redact';
export { PanStreamScanner, type StreamFinding } from './stream-scanner';
export { luhnValid, luhnCheckDigit } from './luhn';
export { schemeOf } from './schemes';
