import { findPans } from '../../shared/pan';

// The shared detector (shared/pan) decides what a card number is; this file only walks a report.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** True when `text` contains a full card number as the shared detector sees it. Never returns the number. */
export function textContainsCardNumber(text: string): boolean {
  return findPans(text).length > 0;
}

/**
 * True when any string, key or integer inside a JSON value holds a full card number. Strings that
 * are exactly a UUID or an ISO timestamp are identifiers the schema already constrains, so they are
 * not searched.
 */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return !UUID.test(value) && !ISO_TIME.test(value) && textContainsCardNumber(value);
  if (typeof value === 'number') return Number.isInteger(value) && textContainsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([k, v]) => textContainsCardNumber(k) || containsCardNumber(v));
  return false;
}
