import { GAP_BREAK, GAP_NONE, isDigit } from '../pan/digits';
import { findPans } from '../pan/find-pans';
import { MAX_GAP, classifyGap } from '../pan/gap';

/** The glyph that stands for a masked digit in the scratchpad. */
export const MASK_GLYPH = '•';
const GLYPH = 0x2022;

/** What the scratchpad shows after masking, and how many digits were newly hidden. */
export interface MaskedScratchpad {
  text: string;
  maskedDigits: number;
}

/** Digits of a card that may precede a masked window of it (a window has 13 digits at least). */
const MAX_LEADING_DIGITS = 19 - 13;

/**
 * Masks card numbers in the scratchpad as the agent types or pastes. Called with the whole pad
 * text after every edit; the pad stores only what this returns, so the full number is never kept.
 *
 * 1. Every card number the detector (shared/pan) finds is masked but for its last four digits,
 *    whatever script its digits and whatever separators it is written with.
 * 2. Masked digits stay masked as typing goes on, and digits typed next to them join them: in a
 *    chain (digit groups joined by the detector's separators) holding masked digits (two glyphs
 *    or more in a group, or a glyph glued to a digit; a lone "•" is a bullet), every digit
 *    from the masked group to the end of the chain is masked but the chain's last four. The
 *    number may still be forming (a 13-digit prefix can already be a card, and a 16-digit card
 *    can grow to 19), and the glyphs cannot say how long it will be, so no more than four digits
 *    of it are ever visible. Up to six digits right before the masked group are masked too,
 *    in groups of three or more: the detector may have found a window that begins one group
 *    into the number being typed.
 *
 * The price is over-masking next to a card: an expiry or CVV typed in the same chain
 * ("•••• •••• •••• •••• 1226") hides the card's last four instead. A word or punctuation other
 * than the separators (", exp 12/27") ends the chain.
 */
export function maskScratchpad(text: string): MaskedScratchpad {
  if (typeof text !== 'string' || text.length === 0) return { text: '', maskedDigits: 0 };
  const hide = new Uint8Array(text.length);
  for (const f of findPans(text)) {
    let remaining = f.length;
    for (let k = f.start; k < f.end; k++) {
      if (!isDigit(text.charCodeAt(k))) continue;
      if (remaining-- > 4) hide[k] = 1;
    }
  }
  maskChains(text, hide);
  let maskedDigits = 0;
  let out = '';
  let at = 0;
  for (let k = 0; k < text.length; k++) {
    if (!hide[k]) continue;
    out += text.slice(at, k) + MASK_GLYPH;
    at = k + 1;
    maskedDigits++;
  }
  return { text: at === 0 ? text : out + text.slice(at), maskedDigits };
}

function isUnit(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  return c === GLYPH || isDigit(c);
}

/** Step 2 of maskScratchpad: marks in `hide` the digits around glyphs (and just-hidden digits). */
function maskChains(text: string, hide: Uint8Array): void {
  const starts: number[] = [];
  const ends: number[] = [];
  const gaps: number[] = [];
  let k = 0;
  while (k < text.length) {
    if (!isUnit(text, k)) {
      k++;
      continue;
    }
    // Collect one chain of groups.
    starts.length = 0;
    ends.length = 0;
    gaps.length = 0;
    let gap = GAP_NONE;
    for (;;) {
      const s = k;
      while (k < text.length && isUnit(text, k)) k++;
      starts.push(s);
      ends.push(k);
      gaps.push(gap);
      let q = k;
      while (q < text.length && q - k <= MAX_GAP && !isUnit(text, q)) q++;
      if (q >= text.length || q === k || !isUnit(text, q)) break;
      gap = classifyGap(text, k, q);
      if (gap === GAP_NONE) break;
      k = q;
    }
    maskChain(text, hide, starts, ends, gaps);
  }
}

/**
 * Whether a group holds masked digits: just hidden ones, two glyphs or more, or a glyph glued to
 * a digit. A lone "•" is a bullet the agent typed, not a masked number.
 */
function isMaskGroup(text: string, hide: Uint8Array, start: number, end: number): boolean {
  let glyphs = 0;
  for (let p = start; p < end; p++) {
    if (hide[p]) return true;
    if (text.charCodeAt(p) === GLYPH) glyphs++;
  }
  return glyphs >= 2 || (glyphs === 1 && end - start > 1);
}

function maskChain(text: string, hide: Uint8Array, starts: number[], ends: number[], gaps: number[]): void {
  const m = starts.length;
  let first = -1;
  for (let g = 0; g < m && first < 0; g++) if (isMaskGroup(text, hide, starts[g] ?? 0, ends[g] ?? 0)) first = g;
  if (first < 0) return;
  // Leading groups that can belong to the same card: three digits or more (or a short group
  // right before a line break, as the detector allows), six digits in all at most.
  let lead = 0;
  let from = first;
  while (from > 0) {
    const len = (ends[from - 1] ?? 0) - (starts[from - 1] ?? 0);
    if ((len < 3 && gaps[from] !== GAP_BREAK) || lead + len > MAX_LEADING_DIGITS) break;
    lead += len;
    from--;
  }
  const lo = starts[from] ?? 0;
  let visible = 4;
  for (let p = (ends[m - 1] ?? 0) - 1; p >= lo; p--) {
    if (!isDigit(text.charCodeAt(p))) continue;
    if (visible > 0) visible--;
    else hide[p] = 1;
  }
}

/** When the scratchpad is purged, per policy. */
export type ScratchpadPurgeOn = 'sensitive-exit' | 'shift-end';

/** Whether the pad must be emptied on this event under the policy's `scratchpad.purgeOn`. */
export function shouldPurgeScratchpad(purgeOn: ScratchpadPurgeOn, event: 'sensitive-exit' | 'shift-end'): boolean {
  switch (purgeOn) {
    case 'sensitive-exit':
      // Purging on every sensitive exit also covers the end of the shift.
      return true;
    case 'shift-end':
      return event === 'shift-end';
  }
}
