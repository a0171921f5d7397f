// Interim detector until the shared PAN detector (issue 3, shared/pan) lands on main: digit runs of
// 13–19 digits (spaces or dashes allowed between digits) that pass the Luhn check and start like a
// card brand. The brand prefix keeps ordinary long numbers (byte counts, epoch times) from matching.

// Maximal digit runs, single spaces or dashes allowed between digits; lookarounds stop a longer run
// from being read as a shorter one.
const CANDIDATE = /(?<![\d])\d(?:[ -]?\d){12,18}(?![ -]?\d)/g;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function luhnValid(digits: string): boolean {
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

// Visa 4; Mastercard 51–55, 2221–2720; Amex 34, 37; Discover 6011, 644–649, 65; JCB 3528–3589;
// Diners 300–305, 36, 38, 39; UnionPay 62; Maestro 50, 56–58, 67.
function looksLikeCardPrefix(d: string): boolean {
  const two = Number(d.slice(0, 2));
  const three = Number(d.slice(0, 3));
  const four = Number(d.slice(0, 4));
  return (
    d[0] === '4' ||
    (two >= 51 && two <= 55) ||
    (four >= 2221 && four <= 2720) ||
    two === 34 ||
    two === 37 ||
    four === 6011 ||
    (three >= 644 && three <= 649) ||
    two === 65 ||
    (four >= 3528 && four <= 3589) ||
    (three >= 300 && three <= 305) ||
    two === 36 ||
    two === 38 ||
    two === 39 ||
    two === 62 ||
    two === 50 ||
    (two >= 56 && two <= 58) ||
    two === 67
  );
}

/** True when `text` contains something that is very likely a full card number. Never returns the number. */
export function textContainsCardNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (looksLikeCardPrefix(digits) && luhnValid(digits)) return true;
  }
  return false;
}

/**
 * True when any string or number inside a JSON value looks like a full card number. Strings that are
 * exactly a UUID or an ISO timestamp are skipped: their digit groups joined by dashes could
 * otherwise pass the Luhn check by chance and refuse a legitimate report.
 */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return !UUID.test(value) && !ISO_TIME.test(value) && textContainsCardNumber(value);
  if (typeof value === 'number') return Number.isInteger(value) && textContainsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([k, v]) => textContainsCardNumber(k) || containsCardNumber(v));
  return false;
}
