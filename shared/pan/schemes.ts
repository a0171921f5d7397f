import type { PanScheme } from './types';

/**
 * Issuer identification number (IIN) ranges and card lengths per scheme.
 *
 * Source: Wikipedia, "Payment card number", section "Issuer identification number (IIN)"
 * (https://en.wikipedia.org/wiki/Payment_card_number), cross-checked against the test numbers
 * the payment providers publish (test/fixtures/pan/SOURCES.md).
 *
 * Where ranges overlap, the more specific (longer) prefix wins: 622126-622925 is Discover rather
 * than UnionPay (co-branded), 650002-650027 is Verve rather than Discover, 353/356 are JCB rather
 * than RuPay, 65 is Discover rather than RuPay or Troy. The scheme only labels a finding: any
 * listed range makes the number a card.
 *
 * Deliberate omissions and narrowings (each one is a false-positive source we refuse):
 * - No 15-digit card except American Express. Maestro (12-19) and Diners (14-19) formally allow
 *   15 digits but such cards are vanishingly rare, while IMEIs are 15 digits, Luhn-valid and
 *   begin with reporting-body prefixes 30, 35, 44, 45, 49, 50-54, 86, 91, 98, 99 that overlap
 *   Diners 30x and Maestro 50xx.
 * - No 12-digit Maestro: the detector looks at 13-19 digits (shorter runs are order numbers,
 *   phone numbers and ids far more often than cards).
 * - UATP (prefix 1, 15 digits) is left out: a one-digit prefix with a fixed length matches one in
 *   ten Luhn-valid 15-digit references, and UATP is an airline-only account.
 * - Closed schemes (Solo, Switch, Laser, Bankcard, enRoute) are left out: no card of theirs is
 *   still valid, so a match would almost always be something else.
 */
interface SchemeRule {
  scheme: PanScheme;
  /** Lowest and highest prefix, inclusive, `digits` digits long. */
  lo: number;
  hi: number;
  digits: number;
  /** Bit n set when a card of n digits exists in this range. */
  lengths: number;
}

function lens(...ns: number[]): number {
  return ns.reduce((m, n) => m | (1 << n), 0);
}

const L16_19 = lens(16, 17, 18, 19);

const RULES: readonly SchemeRule[] = [
  { scheme: 'visa', lo: 4, hi: 4, digits: 1, lengths: lens(13, 16, 19) },
  { scheme: 'mastercard', lo: 51, hi: 55, digits: 2, lengths: lens(16) },
  { scheme: 'mastercard', lo: 2221, hi: 2720, digits: 4, lengths: lens(16) },
  { scheme: 'mir', lo: 2200, hi: 2204, digits: 4, lengths: L16_19 },
  { scheme: 'borica', lo: 2205, hi: 2205, digits: 4, lengths: lens(16) },
  { scheme: 'amex', lo: 34, hi: 34, digits: 2, lengths: lens(15) },
  { scheme: 'amex', lo: 37, hi: 37, digits: 2, lengths: lens(15) },
  { scheme: 'jcb', lo: 3528, hi: 3589, digits: 4, lengths: L16_19 },
  // JCB's older ranges (ISO/IEC 7812 register before 3528-3589); Authorize.Net's sandbox still
  // uses 3088 0000 0000 0017.
  { scheme: 'jcb', lo: 3088, hi: 3088, digits: 4, lengths: lens(16) },
  { scheme: 'jcb', lo: 3096, hi: 3096, digits: 4, lengths: lens(16) },
  { scheme: 'jcb', lo: 3112, hi: 3112, digits: 4, lengths: lens(16) },
  { scheme: 'jcb', lo: 3158, hi: 3158, digits: 4, lengths: lens(16) },
  { scheme: 'jcb', lo: 3337, hi: 3337, digits: 4, lengths: lens(16) },
  { scheme: 'diners', lo: 300, hi: 305, digits: 3, lengths: lens(14, 16, 17, 18, 19) },
  { scheme: 'diners', lo: 3095, hi: 3095, digits: 4, lengths: lens(14, 16, 17, 18, 19) },
  { scheme: 'diners', lo: 36, hi: 36, digits: 2, lengths: lens(14, 16, 17, 18, 19) },
  { scheme: 'diners', lo: 38, hi: 39, digits: 2, lengths: lens(14, 16, 17, 18, 19) },
  { scheme: 'rupay', lo: 353, hi: 353, digits: 3, lengths: lens(16) },
  { scheme: 'rupay', lo: 356, hi: 356, digits: 3, lengths: lens(16) },
  { scheme: 'discover', lo: 6011, hi: 6011, digits: 4, lengths: L16_19 },
  { scheme: 'discover', lo: 644, hi: 649, digits: 3, lengths: L16_19 },
  { scheme: 'discover', lo: 65, hi: 65, digits: 2, lengths: L16_19 },
  { scheme: 'discover', lo: 622126, hi: 622925, digits: 6, lengths: L16_19 },
  { scheme: 'unionpay', lo: 62, hi: 62, digits: 2, lengths: L16_19 },
  // UnionPay also issues from 81 (Cybersource's UnionPay 3-D Secure test cards begin with 81).
  { scheme: 'unionpay', lo: 81, hi: 81, digits: 2, lengths: L16_19 },
  { scheme: 'maestro', lo: 5018, hi: 5018, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  { scheme: 'dankort', lo: 5019, hi: 5019, digits: 4, lengths: lens(16) },
  { scheme: 'maestro', lo: 5020, hi: 5020, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  { scheme: 'maestro', lo: 5038, hi: 5038, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  { scheme: 'maestro', lo: 5893, hi: 5893, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  { scheme: 'maestro', lo: 6304, hi: 6304, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  { scheme: 'maestro', lo: 6759, hi: 6759, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  { scheme: 'maestro', lo: 6761, hi: 6763, digits: 4, lengths: lens(13, 14, 16, 17, 18, 19) },
  // Maestro's historic block (50, 56-58; 59-69 belong to the schemes above). US debit networks
  // issue here too: Mastercard Send's sandbox lists STAR 5008... and NYCE 5015... cards.
  { scheme: 'maestro', lo: 50, hi: 50, digits: 2, lengths: L16_19 },
  { scheme: 'maestro', lo: 56, hi: 58, digits: 2, lengths: L16_19 },
  { scheme: 'rupay', lo: 60, hi: 60, digits: 2, lengths: lens(16) },
  { scheme: 'rupay', lo: 82, hi: 82, digits: 2, lengths: lens(16) },
  { scheme: 'rupay', lo: 508, hi: 508, digits: 3, lengths: lens(16) },
  { scheme: 'verve', lo: 506099, hi: 506198, digits: 6, lengths: lens(16, 18, 19) },
  { scheme: 'verve', lo: 507865, hi: 507964, digits: 6, lengths: lens(16, 18, 19) },
  { scheme: 'verve', lo: 650002, hi: 650027, digits: 6, lengths: lens(16, 18, 19) },
  { scheme: 'interpayment', lo: 636, hi: 636, digits: 3, lengths: L16_19 },
  { scheme: 'instapayment', lo: 637, hi: 639, digits: 3, lengths: lens(16) },
  { scheme: 'troy', lo: 9792, hi: 9792, digits: 4, lengths: lens(16) },
  { scheme: 'humo', lo: 9860, hi: 9860, digits: 4, lengths: lens(16) },
  { scheme: 'uzcard', lo: 8600, hi: 8600, digits: 4, lengths: lens(16) },
];

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Rules bucketed by first digit, most specific prefix first. */
const BY_FIRST_DIGIT: SchemeRule[][] = Array.from({ length: 10 }, (_, d) =>
  RULES.filter((r) => Math.floor(r.lo / (POW10[r.digits - 1] ?? 1)) === d).sort((a, b) => b.digits - a.digits),
);

/**
 * The scheme of a card number given its first six digits (as a number, 0-999999) and its length,
 * or null when no scheme issues such a number.
 */
export function schemeOf(first6: number, length: number): PanScheme | null {
  const bucket = BY_FIRST_DIGIT[Math.floor(first6 / 100000)];
  if (!bucket) return null;
  const bit = 1 << length;
  for (const rule of bucket) {
    if ((rule.lengths & bit) === 0) continue;
    const prefix = Math.floor(first6 / (POW10[6 - rule.digits] ?? 1));
    if (prefix >= rule.lo && prefix <= rule.hi) return rule.scheme;
  }
  return null;
}

/** Lengths (bit n for n digits) issued under a 4-digit prefix, or -1 where a 6-digit rule decides. */
const LENGTHS_BY_PREFIX4: Int32Array = (() => {
  const table = new Int32Array(10000);
  for (let p4 = 0; p4 < 10000; p4++) {
    let mask = 0;
    for (const rule of BY_FIRST_DIGIT[Math.floor(p4 / 1000)] ?? []) {
      if (rule.digits > 4) {
        const lo4 = Math.floor(rule.lo / 100);
        const hi4 = Math.floor(rule.hi / 100);
        if (p4 >= lo4 && p4 <= hi4) {
          mask = -1;
          break;
        }
        continue;
      }
      const prefix = Math.floor(p4 / (POW10[4 - rule.digits] ?? 1));
      if (prefix >= rule.lo && prefix <= rule.hi) mask |= rule.lengths;
    }
    table[p4] = mask;
  }
  return table;
})();

/**
 * Every length (bit n set for n digits) at which a number beginning with these six digits
 * (0-999999) is a card of some scheme: `schemeOf(first6, n) !== null` exactly when bit n is set.
 * One table look-up for almost every prefix, so a window can be dropped before its digits are read.
 * `first4` (the first four of the six digits) may be passed when the caller has it.
 */
export function lengthsOf(first6: number, first4 = Math.floor(first6 / 100)): number {
  const quick = LENGTHS_BY_PREFIX4[first4] ?? 0;
  if (quick >= 0) return quick;
  const bucket = BY_FIRST_DIGIT[Math.floor(first6 / 100000)] ?? [];
  let mask = 0;
  for (const rule of bucket) {
    const prefix = Math.floor(first6 / (POW10[6 - rule.digits] ?? 1));
    if (prefix >= rule.lo && prefix <= rule.hi) mask |= rule.lengths;
  }
  return mask;
}

/** Every scheme with one prefix and the lengths it issues: used by the property tests. */
export function schemeSamples(): { scheme: PanScheme; prefix: string; lengths: number[] }[] {
  return RULES.map((r) => ({
    scheme: r.scheme,
    prefix: String(r.lo),
    lengths: Array.from({ length: 20 }, (_, n) => n).filter((n) => (r.lengths & (1 << n)) !== 0),
  }));
}
