/**
 * The card-number finder: one pass over the text, linear time, no regular expressions, never
 * throws, and never keeps the digits of a number anywhere but a 19-slot scratch array.
 *
 * How a number is recognised:
 * 1. Digit groups: maximal runs of digits in any accepted script (digits.ts). A run of more than
 *    19 digits is never a card and no card starts or ends inside a run.
 * 2. Chains: groups joined by a short gap (gap.ts: spaces, one dash or dot, or one line break).
 * 3. Windows: a card is a sequence of whole groups of one chain with 13-19 digits, where
 *    - every non-break gap has the same class (no "4111-1111 1111.1111"),
 *    - there is at most one line break,
 *    - a group of one or two digits appears only at the end or next to the line break (cards are
 *      written in groups of 3-6; pairs are dates, times and phone numbers),
 *    - and a uniformly grouped window (4-4-4-4) is not the head or tail of a longer uniformly
 *      grouped number (parcel numbers, IBAN bodies), unless that continuation is itself a card
 *      (two cards on one line) or an expiry MMYY that ends the chain, possibly followed by a
 *      3-digit CVV ("4111 1111 1111 1111 1226 123": card, expiry and CVV typed in one go).
 *    From each start group the longest window that is a card wins: when in doubt, mask more.
 * 4. A window is a card when its first digits fall in an issuer range of a scheme with that
 *    length (schemes.ts), it passes Luhn (luhn.ts), and no decoy rule claims it (decoys.ts).
 *
 * Speed: the text is sampled every 13th code unit (SAMPLE_STEP) through a class table until a
 * digit or a gap character turns up (a lone space between words is dismissed by its neighbours).
 * The stretch of digits and gap characters around it is measured and its digits counted; fewer
 * than 13 (dates, amounts, times, phone numbers) and the scan strides on. Only then are chains
 * and groups built, and a window is first checked against the issuer-length table for its first
 * six digits, so order numbers and references are dropped before any digit is copied. Each code
 * unit is read a bounded number of times; the finder and its scratch arrays are reused.
 */
import { GAP_BREAK, GAP_DASH, GAP_INVISIBLE, GAP_NONE, GAP_SPACE, digitValue, gapChar, isDigit } from './digits';
import { isInHexToken, isInUuid, isInsideIban, isNationalId, isPhoneNumber } from './decoys';
import { MAX_GAP, classifyGap } from './gap';
import { luhnValid } from './luhn';
import { lengthsOf, schemeOf } from './schemes';
import type { PanFinding, PanScheme } from './types';

/** Options of `findPans`. */
export interface FindPansOptions {
  /** Only numbers starting at or after this index (default 0); text before it is context only. */
  from?: number;
  /** Numbers end before this index (default text.length); text after it is context only. */
  to?: number;
  /** Incremented with the number of elementary steps taken: lets tests prove linear time. */
  counter?: { steps: number };
}

const MAX_DIGITS = 19;
const MIN_DIGITS = 13;
/**
 * Sampling stride. A card spans at least 13 code units, all digits or gap characters, and inside
 * it a gap character is followed by a digit within MAX_GAP: sampling every 13th code unit lands
 * inside every card, and from there the digit is at most MAX_GAP ahead.
 */
const SAMPLE_STEP = MIN_DIGITS;
/** Groups a window decision may look at beyond its start: a window, one more, another window. */
const LOOKAHEAD = 2 * MAX_DIGITS + 2;

/** Code-unit classes for the scanning loop: one table look-up instead of range tests. */
const OTHER = 255;
const DIGIT = 1;
const GAP = 0;
const CLASS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000).fill(OTHER);
  for (let c = 0; c < 0x10000; c++) {
    if (isDigit(c)) table[c] = DIGIT;
    else if (gapChar(c) !== GAP_NONE) table[c] = GAP;
  }
  return table;
})();

/** `classifyGap` of a one-character gap, by code unit (an invisible mark alone counts as a space). */
const SINGLE_GAP: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const g = gapChar(c);
    table[c] = g === GAP_INVISIBLE ? GAP_SPACE : g;
  }
  return table;
})();

/** Runs of '*' by length, so masking a span concatenates a few pieces instead of one per digit. */
const STARS: readonly string[] = Array.from({ length: 33 }, (_, n) => '*'.repeat(n));

/** Replaces every digit of `span` except the last four with `*`. */
export function maskSpan(span: string): string {
  return maskRange(span, 0, span.length);
}

/** `maskSpan(text.slice(start, end))` without the intermediate slice. */
function maskRange(text: string, start: number, end: number): string {
  // The last four digits and what follows them stay; before them every digit becomes '*'.
  let cut = end;
  for (let seen = 0; cut > start && seen < 4; ) if (isDigit(text.charCodeAt(--cut))) seen++;
  let out = '';
  let k = start;
  while (k < cut) {
    const s = k;
    if (isDigit(text.charCodeAt(k))) {
      while (k < cut && isDigit(text.charCodeAt(k))) k++;
      out += STARS[k - s] ?? '*'.repeat(k - s);
    } else {
      while (k < cut && !isDigit(text.charCodeAt(k))) k++;
      out += text.slice(s, k);
    }
  }
  return out + text.slice(cut, end);
}

class Finder {
  findings: PanFinding[] = [];
  steps = 0;
  // The current chain's groups (compacted as windows are decided).
  private gStart = new Int32Array(64);
  private gEnd = new Int32Array(64);
  /** Class of the gap before each group (GAP_NONE for the first group of the chain). */
  private gGap = new Uint8Array(64);
  /** Digits in the chain before each group. */
  private gBefore = new Float64Array(64);
  private m = 0;
  private nextStart = 0;
  /** Index of the last group of the last emitted finding in this chain, or -1. */
  private lastEmitted = -1;
  private chainStart = 0;
  private readonly d = new Uint8Array(MAX_DIGITS);
  private readonly ends = new Int32Array(MAX_DIGITS + 1);
  private readonly endDigits = new Int32Array(MAX_DIGITS + 1);
  private readonly endBreaks = new Uint8Array(MAX_DIGITS + 1);

  private text = '';
  private from = 0;
  private to = 0;

  /**
   * Prepares a search of `text[from, to)`. One finder is reused by every call (findPans is
   * synchronous and never re-entered), so a short text (a clipboard, a keystroke in the
   * scratchpad) costs no scratch-array allocation.
   */
  reset(text: string, from: number, to: number): void {
    this.text = text;
    this.from = from;
    this.to = to;
    this.findings = [];
    this.steps = 0;
    this.m = 0;
  }

  run(): void {
    const text = this.text;
    const to = this.to;
    const cls = CLASS;
    let floor = this.from;
    let i = this.from;
    let steps = 0;
    while (i < to) {
      steps++;
      // Letters, punctuation and the rest (the bulk of any text): jump a stride.
      const c = cls[text.charCodeAt(i)];
      if (c === OTHER) {
        i += SAMPLE_STEP;
        continue;
      }
      // A lone space between words: the most common separator sample, decided by its neighbours.
      if (c === GAP && cls[text.charCodeAt(i + 1)] === OTHER && cls[text.charCodeAt(i - 1)] === OTHER) {
        i += SAMPLE_STEP;
        continue;
      }
      // Inside a stretch of digits and gap characters: find its ends and count its digits. A
      // card lies inside one such stretch and needs 13 digits (dates, times, amounts, phone
      // numbers and short ids stop here, after one table look-up per code unit).
      let a = i;
      let digits = 0;
      while (a > floor) {
        const c = cls[text.charCodeAt(a - 1)] ?? OTHER;
        if (c === OTHER) break;
        digits += c;
        a--;
      }
      // (DIGIT is 1 and GAP 0 in the table, so the sum counts digits.) Forward, stop at 13 digits:
      // the chains are read from the stretch's start anyway, and they find its end.
      let b = i;
      while (b < to && digits < MIN_DIGITS) {
        const c = cls[text.charCodeAt(b)] ?? OTHER;
        if (c === OTHER) break;
        digits += c;
        b++;
      }
      steps += b - a;
      if (digits >= MIN_DIGITS) b = this.stretch(a, floor);
      floor = b;
      // A card starting after b spans 13 code units at least, so the next sample may still be a
      // full stride after i: it lands inside such a card (i < start <= i + 13 <= start + 12).
      i = b > i + SAMPLE_STEP ? b : i + SAMPLE_STEP;
    }
    this.steps += steps;
  }

  /**
   * Splits the stretch of digits and gap characters starting at `a` (13+ digits) into chains
   * and decides them; returns the end of the stretch.
   */
  private stretch(a: number, floor: number): number {
    const text = this.text;
    const to = this.to;
    let p = a;
    if (p === floor && p > 0 && CLASS[text.charCodeAt(p - 1)] === DIGIT) {
      // The tail of a run cut at `from` (a stream cut inside a long run): part of a long run.
      while (p < to && CLASS[text.charCodeAt(p)] === DIGIT) p++;
    }
    for (;;) {
      const s = p;
      while (p < to && CLASS[text.charCodeAt(p)] === GAP) p++;
      this.steps += p - s + 1;
      if (p >= to || CLASS[text.charCodeAt(p)] !== DIGIT) return p;
      p = this.chain(p);
    }
  }

  /** Reads the chain starting at `start`, decides its windows, returns the index after it. */
  private chain(start: number): number {
    const text = this.text;
    const to = this.to;
    this.m = 0;
    this.nextStart = 0;
    this.lastEmitted = -1;
    this.chainStart = start;
    let p = start;
    let gap = GAP_NONE;
    let digitsBefore = 0;
    for (;;) {
      const runStart = p;
      while (p < to && CLASS[text.charCodeAt(p)] === DIGIT) p++;
      this.steps += p - runStart;
      const len = p - runStart;
      if (len > MAX_DIGITS) {
        // Digits inside a longer run: the chain ends before it, nothing starts inside it.
        break;
      }
      this.push(runStart, p, gap, digitsBefore);
      digitsBefore += len;
      while (this.nextStart < this.m - LOOKAHEAD) this.decide();
      let q = p;
      while (q < to && q - p <= MAX_GAP && CLASS[text.charCodeAt(q)] !== DIGIT) q++;
      this.steps += q - p;
      if (q >= to || q === p || CLASS[text.charCodeAt(q)] !== DIGIT) break;
      // One separator character (the usual case) is its own class; longer gaps are classified.
      gap = q - p === 1 ? SINGLE_GAP[text.charCodeAt(p)] ?? GAP_NONE : classifyGap(text, p, q);
      if (gap === GAP_NONE) break;
      p = q;
    }
    // Fewer than 13 digits in the whole chain (dates, times, amounts, short ids): no window.
    // Windows need 13 digits from their start group on: the chain's last groups start none.
    if (digitsBefore >= MIN_DIGITS) {
      while (this.nextStart < this.m && digitsBefore - (this.gBefore[this.nextStart] ?? 0) >= MIN_DIGITS) this.decide();
    }
    return p;
  }

  private push(start: number, end: number, gap: number, before: number): void {
    if (this.m === this.gStart.length) this.compact();
    const m = this.m++;
    this.gStart[m] = start;
    this.gEnd[m] = end;
    this.gGap[m] = gap;
    this.gBefore[m] = before;
  }

  /** Drops decided groups (keeping one for look-behind) or grows the arrays. */
  private compact(): void {
    const drop = this.nextStart - 1;
    if (drop > this.gStart.length / 2) {
      this.gStart.copyWithin(0, drop, this.m);
      this.gEnd.copyWithin(0, drop, this.m);
      this.gGap.copyWithin(0, drop, this.m);
      this.gBefore.copyWithin(0, drop, this.m);
      this.m -= drop;
      this.nextStart -= drop;
      this.lastEmitted -= drop;
      return;
    }
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a as never);
      return b;
    };
    this.gStart = grow(this.gStart, (n) => new Int32Array(n));
    this.gEnd = grow(this.gEnd, (n) => new Int32Array(n));
    this.gGap = grow(this.gGap, (n) => new Uint8Array(n));
    this.gBefore = grow(this.gBefore, (n) => new Float64Array(n));
  }

  private len(g: number): number {
    return (this.gEnd[g] ?? 0) - (this.gStart[g] ?? 0);
  }

  /** Decides the window starting at group `nextStart` and advances `nextStart`. */
  private decide(): void {
    const i = this.nextStart;
    const m = this.m;
    const gGap = this.gGap;
    const li = this.len(i);
    // Start group: three digits or more, or a short group right before the line break.
    if (li < 3 && !(i + 1 < m && gGap[i + 1] === GAP_BREAK)) {
      this.nextStart = i + 1;
      return;
    }
    // The issuer table says which lengths a window beginning with these digits can have: most
    // windows (order numbers, references) are dropped here, before any digit is copied.
    const lens = this.prefixLengths(i);
    if (lens === 0) {
      this.nextStart = i + 1;
      return;
    }
    // Extend over the following groups, recording every end with a length the prefix issues.
    let nd = this.len(i);
    let nEnds = 0;
    let breaks = 0;
    let cls = GAP_NONE;
    if ((lens >> nd) & 1) {
      this.ends[nEnds] = i;
      this.endDigits[nEnds] = nd;
      this.endBreaks[nEnds++] = 0;
    }
    for (let j = i + 1; j < m; j++) {
      const gc = gGap[j] ?? GAP_NONE;
      if (gc === GAP_BREAK) {
        if (breaks) break;
        breaks = 1;
      } else if (cls === GAP_NONE) cls = gc;
      else if (cls !== gc) break;
      const prev = j - 1;
      if (prev > i && this.len(prev) < 3 && gGap[prev] !== GAP_BREAK && gc !== GAP_BREAK) break;
      const lj = this.len(j);
      if (nd + lj > MAX_DIGITS) break;
      nd += lj;
      if ((lens >> nd) & 1) {
        this.ends[nEnds] = j;
        this.endDigits[nEnds] = nd;
        this.endBreaks[nEnds++] = breaks;
      }
    }
    if (nEnds === 0) {
      this.nextStart = i + 1;
      return;
    }
    // Copy the digits once, up to the longest possible end.
    const d = this.d;
    const last = this.ends[nEnds - 1] ?? i;
    let copied = 0;
    for (let g = i; g <= last; g++) copied = this.appendDigits(g, copied);
    for (let e = nEnds - 1; e >= 0; e--) {
      const j = this.ends[e] ?? i;
      const n = this.endDigits[e] ?? 0;
      const scheme = this.cardScheme(d, n);
      if (!scheme) continue;
      if (!this.structureAllows(i, j, (this.endBreaks[e] ?? 0) === 1, cls)) continue;
      const start = this.gStart[i] ?? 0;
      const end = this.gEnd[j] ?? 0;
      if (this.isDecoy(i, j, start, end, n, cls)) continue;
      this.emit(start, end, scheme, n);
      this.lastEmitted = j;
      this.nextStart = j + 1;
      return;
    }
    this.nextStart = i + 1;
  }

  /** `lengthsOf` the first six digits read from group `i` on through the chain's groups. */
  private prefixLengths(i: number): number {
    const text = this.text;
    let v = 0;
    let n = 0;
    let v4 = 0;
    for (let g = i; g < this.m && n < 6; g++) {
      const e = this.gEnd[g] ?? 0;
      for (let k = this.gStart[g] ?? 0; k < e && n < 6; k++) {
        v = v * 10 + digitValue(text.charCodeAt(k));
        if (++n === 4) v4 = v;
      }
    }
    this.steps += n;
    // Fewer than six digits in the chain: pad (such a window is never a card anyway).
    if (n < 4) v4 = v * (n === 3 ? 10 : n === 2 ? 100 : 1000);
    for (; n < 6; n++) v *= 10;
    return lengthsOf(v, v4);
  }

  /** Copies the digit values of group `g` into the scratch array from index `nd`; returns the new count. */
  private appendDigits(g: number, nd: number): number {
    const text = this.text;
    const d = this.d;
    const e = this.gEnd[g] ?? 0;
    const s = this.gStart[g] ?? 0;
    for (let k = s; k < e; k++) d[nd++] = digitValue(text.charCodeAt(k));
    this.steps += e - s;
    return nd;
  }

  /** Scheme of `n` digit values in `d` if they form a card number (issuer range, length, Luhn). */
  private cardScheme(d: Uint8Array, n: number): PanScheme | null {
    this.steps += n;
    const first6 = (d[0] ?? 0) * 100000 + (d[1] ?? 0) * 10000 + (d[2] ?? 0) * 1000 + (d[3] ?? 0) * 100 + (d[4] ?? 0) * 10 + (d[5] ?? 0);
    const scheme = schemeOf(first6, n);
    if (!scheme || !luhnValid(d, n)) return null;
    return scheme;
  }

  /** The uniform-grouping rule: a 4-4-4-4 window is not part of a longer 4-4-4-4-4 number. */
  private structureAllows(i: number, j: number, hasBreak: boolean, cls: number): boolean {
    if (j === i || hasBreak) return true;
    const L = this.len(i);
    for (let g = i + 1; g < j; g++) if (this.len(g) !== L) return true;
    if (this.len(j) > L) return true;
    const m = this.m;
    const groups = j - i + 1;
    if (j + 1 < m && this.gGap[j + 1] === cls && this.len(j) === L && this.len(j + 1) === L) {
      if (!this.cardAt(j + 1, groups, cls) && !this.isExpiryTail(j + 1)) return false;
    }
    if (i > 0 && this.lastEmitted !== i - 1 && this.gGap[i] === cls && this.len(i - 1) === L) return false;
    return true;
  }

  /**
   * Whether group `g` reads as an expiry date typed after the card ("4111 1111 1111 1111 1226"):
   * four digits MMYY with a month 01-12, ending the chain or followed only by a 3-digit CVV (a
   * uniformly grouped 16-digit card is never an Amex, whose CID has four).
   * Agents type card and expiry in one breath; a longer uniformly grouped number (a parcel
   * number, "… 7757 14") goes on, or does not have a month there.
   */
  private isExpiryTail(g: number): boolean {
    if (this.len(g) !== 4) return false;
    const s = this.gStart[g] ?? 0;
    const month = digitValue(this.text.charCodeAt(s)) * 10 + digitValue(this.text.charCodeAt(s + 1));
    if (month < 1 || month > 12) return false;
    if (g + 1 === this.m) return true;
    const cvv = this.len(g + 1);
    return g + 2 === this.m && cvv === 3;
  }

  /** Whether `groups` groups from `k`, joined by `cls` gaps, form a card (two cards on one line). */
  private cardAt(k: number, groups: number, cls: number): boolean {
    if (k + groups > this.m) return false;
    const d = new Uint8Array(MAX_DIGITS);
    let nd = 0;
    for (let g = k; g < k + groups; g++) {
      if (g > k && this.gGap[g] !== cls) return false;
      const e = this.gEnd[g] ?? 0;
      for (let p = this.gStart[g] ?? 0; p < e; p++) {
        if (nd === MAX_DIGITS) return false;
        d[nd++] = digitValue(this.text.charCodeAt(p));
      }
    }
    return nd >= MIN_DIGITS && this.cardScheme(d, nd) !== null;
  }

  private isDecoy(i: number, j: number, start: number, end: number, n: number, cls: number): boolean {
    const text = this.text;
    this.steps += 64;
    const before = this.gBefore[i] ?? 0;
    if (isPhoneNumber(text, this.chainStart, before + n)) return true;
    if (isNationalId(this.d, n)) return true;
    if (isInsideIban(text, start, end)) return true;
    if (i === j && isInHexToken(text, start, end)) return true;
    // A single run of 13+ digits cannot sit in a UUID (its longest segment has 12 characters).
    if (cls === GAP_DASH && isInUuid(text, start, end)) return true;
    return false;
  }

  private emit(start: number, end: number, scheme: PanScheme, length: number): void {
    const d = this.d;
    const last4 = `${d[length - 4]}${d[length - 3]}${d[length - 2]}${d[length - 1]}`;
    this.findings.push({ start, end, scheme, length, last4, masked: maskRange(this.text, start, end) });
  }
}

const FINDER = new Finder();

/**
 * Finds the card numbers in `text`. Never throws: a non-string or a failure inside returns what
 * was found so far. Findings are in text order and never overlap.
 */
export function findPans(text: string, options: FindPansOptions = {}): PanFinding[] {
  if (typeof text !== 'string') return [];
  const from = Math.max(0, Math.min(text.length, Math.floor(options.from ?? 0)));
  const to = Math.max(from, Math.min(text.length, Math.floor(options.to ?? text.length)));
  const finder = FINDER;
  finder.reset(text, from, to);
  try {
    finder.run();
  } catch {
    // Only an engine failure (out of memory) can land here; the findings so far stand.
  }
  if (options.counter) options.counter.steps += finder.steps;
  const findings = finder.findings;
  finder.reset('', 0, 0);
  return findings;
}
