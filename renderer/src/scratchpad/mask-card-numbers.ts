/** The glyph standing for a masked digit. */
export const MASK_GLYPH = '•';

// Digits and mask glyphs with single space or dash separators: one candidate card number.
const RUN = /[\d•](?:[ -]?[\d•])*/g;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** True when some 13-19 digit window of `digits` is a card number (brand range 2-6, Luhn). */
function containsPan(digits: string): boolean {
  for (let start = 0; start < digits.length; start++) {
    for (let length = 13; length <= 19 && start + length <= digits.length; length++) {
      const candidate = digits.slice(start, start + length);
      if (/^[2-6]/.test(candidate) && luhnValid(candidate)) return true;
    }
  }
  return false;
}

/**
 * Masks card numbers in the scratchpad as the agent types: called with the whole text after each
 * edit, and the pad keeps only what it returns, so a full card number is never held. A run that
 * contains a card number, or that continues one masked earlier, keeps only its last four digits.
 *
 * Interim copy of the masking rule for the renderer: issue 5 brings the shared version
 * (shared/scratchpad) built on issue 3's PAN detector, and this file then re-exports it.
 */
export function maskCardNumbers(text: string): { text: string; maskedDigits: number } {
  let maskedDigits = 0;
  const out = text.replace(RUN, (run) => {
    const digits = run.replace(/[^\d]/g, '');
    if (!run.includes(MASK_GLYPH) && !containsPan(digits)) return run;
    let visible = digits.length;
    return [...run]
      .map((ch) => {
        if (ch < '0' || ch > '9') return ch;
        visible--;
        if (visible < 4) return ch;
        maskedDigits++;
        return MASK_GLYPH;
      })
      .join('');
  });
  return { text: out, maskedDigits };
}
