/**
 * Things that look like card numbers and are not. A candidate reaches these rules only after it
 * has passed the structural rules of the finder (13-19 digits in whole groups, plausible grouping,
 * an issuer range of a real scheme with that scheme's length, and the Luhn check), so each rule
 * here is about a number that is valid on paper. Why each rule exists:
 *
 * Handled by the structure (find-pans.ts), no rule needed here:
 * - Digits inside a longer digit run: a run of more than 19 digits is never a card and no card
 *   starts or ends inside a run (bank account numbers, 20-22 digit parcel numbers, serials).
 * - A longer uniformly grouped number ("9400 1118 9922 3396 4876 92", a USPS parcel number; an
 *   IBAN's BBAN) is one number: a window of it is not a card. Except a card followed by its
 *   expiry (a fifth group MMYY, month 01-12, ending the chain or followed by a 3-digit CVV):
 *   agents type card and expiry together, so a 20-digit 4-4-4-4-4 number whose 16-digit head is a
 *   valid card and whose last group reads as a month is reported (the safe direction).
 * - Masked cards ("4111 **** **** 1111", "XXXX-XXXX-XXXX-1111"): `*` and `X` are not separators,
 *   so no 13 digits are ever joined.
 * - Dates and times ("2024-01-15 10:30", "15.01.2024"): groups of one or two digits cannot sit
 *   inside a number (only next to its one line break or at its end), `:` and `/` are not
 *   separators, and compact dates begin 19/20, outside every issuer range we accept.
 * - Order and ticket numbers: most are shorter than 13 digits, start with 0 or 1 (no scheme), or
 *   are grouped 3-7-7 (Amazon); the rest fail Luhn or the issuer ranges nine times in ten. One
 *   that passes all of them is indistinguishable from a card and is reported: erring on the side
 *   of the cardholder is the point of this tool.
 * - IMEIs: 15 digits and Luhn-valid; only American Express issues 15-digit cards in our table
 *   (34/37), which is not an IMEI reporting-body prefix (see schemes.ts).
 * - Most national ids are shorter than 13 digits (Polish PESEL and Latvian personas kods 11,
 *   Italian codice fiscale is alphanumeric, Saudi ids 10) or start outside every issuer range
 *   (Emirates ID 784-..., 15 digits, Luhn-valid). The two that can collide are below.
 *
 * Handled here:
 * - Phone numbers: E.164 numbers have at most 15 digits including the country code and are
 *   written after "+". A "+" directly before the number (or "+ ") with at most 15 digits in the
 *   whole chain makes it a phone number. Without "+" a 13-15 digit phone number can still
 *   collide (rare: it must also pass Luhn and an issuer range) and is reported.
 * - IBANs: two letters, two check digits, up to 30 alphanumerics, ISO 13616 mod-97 = 1. A
 *   candidate covered by a valid IBAN is not a card. A mistyped IBAN fails mod-97 and may be
 *   reported, which is the safe direction.
 * - UUIDs: 8-4-4-4-12 hex groups with dashes, whatever the digits inside.
 * - Hex: a number glued to hex letters in a hex word of 20+ characters (hashes, object ids) or
 *   after "0x", and any number glued into an alphanumeric token longer than 64 characters
 *   (base64, hashes, keys). Letters of other words ("card4111...") do not count: "r" is not hex.
 * - Chinese resident identity numbers: 18 digits, region code (62 Gansu, 65 Xinjiang collide
 *   with UnionPay/Discover), birth date YYYYMMDD at digits 7-14, ISO 7064 MOD 11-2 check digit.
 * - South African identity numbers: 13 digits, Luhn-valid (!), YYMMDD birth date first, then
 *   citizenship 0-2 and a race digit 8 or 9 at positions 11 and 12; a 1940s birth year starts
 *   with 4, the Visa prefix.
 */
import { isAsciiAlnum, isAsciiLetter, isHexChar } from './digits';

/** A "+" right before the chain (or "+ "), and few enough digits for an E.164 number. */
export function isPhoneNumber(text: string, chainStart: number, digitsFromChainStart: number): boolean {
  if (digitsFromChainStart > 15) return false;
  let k = chainStart - 1;
  if (k >= 0 && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0xa0)) k--;
  return k >= 0 && (text.charCodeAt(k) === 0x2b || text.charCodeAt(k) === 0xff0b);
}

const IBAN_LOOKBACK = 40;

function ibanValue(c: number): number {
  if (c <= 0x39) return c - 0x30;
  return (c | 0x20) - 0x61 + 10;
}

/** Whether a valid IBAN starting at `p` covers `text[.., end)`; bounded to 34 alphanumerics. */
function ibanCovers(text: string, p: number, end: number): boolean {
  const c0 = text.charCodeAt(p);
  const c1 = text.charCodeAt(p + 1);
  const d0 = text.charCodeAt(p + 2);
  const d1 = text.charCodeAt(p + 3);
  if (!isAsciiLetter(c0) || !isAsciiLetter(c1) || !(d0 >= 0x30 && d0 <= 0x39) || !(d1 >= 0x30 && d1 <= 0x39)) return false;
  const head = ibanValue(c0) * 10000 + ibanValue(c1) * 100 + (d0 - 0x30) * 10 + (d1 - 0x30);
  let mod = 0;
  let count = 4;
  let k = p + 4;
  while (count < 34 && k < text.length) {
    let c = text.charCodeAt(k);
    if (c === 0x20 && isAsciiAlnum(text.charCodeAt(k + 1))) {
      k++;
      c = text.charCodeAt(k);
    }
    if (!isAsciiAlnum(c)) break;
    const v = ibanValue(c);
    mod = v < 10 ? (mod * 10 + v) % 97 : (mod * 100 + v) % 97;
    count++;
    k++;
    const next = text.charCodeAt(k);
    const boundary = !(isAsciiAlnum(next));
    if (boundary && count >= 15 && k >= end && (mod * 1000000 + head) % 97 === 1) return true;
  }
  return false;
}

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when the candidate `text[start, end)` lies inside a valid IBAN. */
export function isInsideIban(text: string, start: number, end: number): boolean {
  const lowest = Math.max(0, start - IBAN_LOOKBACK);
  let next = text.charCodeAt(start + 1);
  for (let k = start; k >= lowest; k--) {
    const c = text.charCodeAt(k);
    const prev = k > 0 ? text.charCodeAt(k - 1) : 0x20;
    if (k < start && !isAsciiAlnum(c) && !(c === 0x20 && isAsciiAlnum(prev))) break;
    // A header (two letters, two check digits) at the start of a word: only then read on.
    if (
      isAsciiLetter(c) &&
      isAsciiLetter(next) &&
      isAsciiDigit(text.charCodeAt(k + 2)) &&
      isAsciiDigit(text.charCodeAt(k + 3)) &&
      !isAsciiAlnum(prev) &&
      ibanCovers(text, k, end)
    ) {
      return true;
    }
    next = c;
  }
  return false;
}

const TOKEN_LIMIT = 64;

/** True when a single-group candidate is part of a hex word, a 0x literal or a long alphanumeric blob. */
export function isInHexToken(text: string, start: number, end: number): boolean {
  let left = start;
  const leftLimit = Math.max(0, start - TOKEN_LIMIT);
  while (left > leftLimit && isAsciiAlnum(text.charCodeAt(left - 1))) left--;
  let right = end;
  const rightLimit = Math.min(text.length, end + TOKEN_LIMIT);
  while (right < rightLimit && isAsciiAlnum(text.charCodeAt(right))) right++;
  if (left === start && right === end) return false;
  if (
    right - left > TOKEN_LIMIT ||
    (left === leftLimit && left > 0 && isAsciiAlnum(text.charCodeAt(left - 1))) ||
    (right === rightLimit && isAsciiAlnum(text.charCodeAt(right)))
  ) {
    return true;
  }
  const from0x = text.charCodeAt(left) === 0x30 && (text.charCodeAt(left + 1) | 0x20) === 0x78 ? left + 2 : -1;
  let allHex = true;
  let hexLetter = false;
  for (let k = from0x >= 0 ? from0x : left; k < right; k++) {
    const c = text.charCodeAt(k);
    if (!isHexChar(c)) {
      allHex = false;
      break;
    }
    if (c > 0x39) hexLetter = true;
  }
  if (!allHex) return false;
  return from0x >= 0 || (hexLetter && right - left >= 20);
}

const UUID_SHAPE = [8, 4, 4, 4, 12];

/** True when the candidate lies inside an 8-4-4-4-12 hex UUID. */
export function isInUuid(text: string, start: number, end: number): boolean {
  let left = start;
  const leftLimit = Math.max(0, start - 36);
  while (left > leftLimit && (isHexChar(text.charCodeAt(left - 1)) || text.charCodeAt(left - 1) === 0x2d)) left--;
  let right = end;
  const rightLimit = Math.min(text.length, end + 36);
  while (right < rightLimit && (isHexChar(text.charCodeAt(right)) || text.charCodeAt(right) === 0x2d)) right++;
  // Split [left, right) into dash-separated segments and look for five in UUID shape covering the candidate.
  const segStarts: number[] = [];
  const segEnds: number[] = [];
  let s = left;
  for (let k = left; k <= right; k++) {
    if (k === right || text.charCodeAt(k) === 0x2d) {
      segStarts.push(s);
      segEnds.push(k);
      s = k + 1;
    }
  }
  for (let i = 0; i + 5 <= segStarts.length; i++) {
    let ok = true;
    for (let j = 0; j < 5 && ok; j++) ok = (segEnds[i + j] ?? 0) - (segStarts[i + j] ?? 0) === UUID_SHAPE[j];
    if (ok && (segStarts[i] ?? 0) <= start && (segEnds[i + 4] ?? 0) >= end) return true;
  }
  return false;
}

function plausibleDate(year: number, month: number, day: number): boolean {
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

const CN_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** Chinese resident identity number (GB 11643-1999) or South African identity number. */
export function isNationalId(d: ArrayLike<number>, n: number): boolean {
  if (n !== 18 && n !== 13) return false;
  const at = (k: number) => d[k] ?? 0;
  if (n === 18) {
    const year = at(6) * 1000 + at(7) * 100 + at(8) * 10 + at(9);
    if (year < 1900 || year > 2099 || !plausibleDate(year, at(10) * 10 + at(11), at(12) * 10 + at(13))) return false;
    let sum = 0;
    for (let k = 0; k < 17; k++) sum += at(k) * (CN_WEIGHTS[k] ?? 0);
    return (12 - (sum % 11)) % 11 === at(17);
  }
  if (n === 13) {
    return plausibleDate(at(0) * 10 + at(1), at(2) * 10 + at(3), at(4) * 10 + at(5)) && at(10) <= 2 && (at(11) === 8 || at(11) === 9);
  }
  return false;
}
