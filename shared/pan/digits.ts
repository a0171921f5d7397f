/**
 * Character classes of the detector. Every digit and separator we accept is one UTF-16 code unit,
 * so string indices and code-unit indices are the same thing.
 *
 * Digits: ASCII 0-9, Arabic-Indic (U+0660-0669) and Eastern Arabic-Indic / Persian (U+06F0-06F9),
 * which agents in the Gulf and in Iran type, full-width (U+FF10-FF19), which East Asian input
 * methods produce, and the decimal digits of the scripts of South and South-East Asian contact
 * centers (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,
 * Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer). A number may mix them (keyboard layouts switched
 * mid-number). Mathematical digits (U+1D7CE..) are outside the BMP and left out: two code units.
 */

/** The zero of every accepted digit block between U+0900 and U+17FF (each block is ten code points). */
const ASIAN_ZEROS = [0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0];
const ASIAN_FIRST = 0x966;
const ASIAN_LAST = 0x17e9;
/** Digit value + 1 for each code unit of [ASIAN_FIRST, ASIAN_LAST], 0 elsewhere: one lookup in the hot loop. */
const ASIAN_VALUES = new Int8Array(ASIAN_LAST - ASIAN_FIRST + 1);
for (const zero of ASIAN_ZEROS) for (let v = 0; v < 10; v++) ASIAN_VALUES[zero + v - ASIAN_FIRST] = v + 1;

/** The value 0-9 of a digit code unit in any accepted script, or -1. */
export function digitValue(c: number): number {
  if (c <= 0x39) return c >= 0x30 ? c - 0x30 : -1;
  if (c < 0x660) return -1;
  if (c <= 0x669) return c - 0x660;
  if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0;
  if (c >= ASIAN_FIRST && c <= ASIAN_LAST) return ASIAN_VALUES[c - ASIAN_FIRST]! - 1;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

/** True when the code unit is a digit in any accepted script. */
export function isDigit(c: number): boolean {
  return c <= 0x39 ? c >= 0x30 : c >= 0x660 && digitValue(c) >= 0;
}

/*
 * What a character may be inside the gap between two digit groups of one number (plain numbers,
 * not an enum: the hot loop compares them and `const enum` does not cross isolated modules).
 */
/** Not allowed in a gap: the number ends here. */
export const GAP_NONE = 0;
/** Horizontal space: space, no-break spaces, thin/figure/ideographic spaces. Not tab (see gapChar). */
export const GAP_SPACE = 1;
/** Hyphen-minus and its look-alikes (hyphen, non-breaking hyphen, figure/en dash, minus, full-width). */
export const GAP_DASH = 2;
/** Full stop and full-width full stop. */
export const GAP_DOT = 3;
/** A line break: LF, CR (CRLF counts as one break), NEL, line and paragraph separators. */
export const GAP_BREAK = 4;
/**
 * Invisible formatting marks that editors insert in mixed right-to-left text (LRM, RLM, ALM,
 * isolates) and zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM). They can sit between
 * digits without the agent seeing them, so they must not hide a number.
 */
export const GAP_INVISIBLE = 5;

/**
 * Classifies a code unit as a gap character.
 * Tab is deliberately not a separator: tab-separated exports put unrelated numeric columns side
 * by side, and nobody types a card number with tabs.
 */
export function gapChar(c: number): number {
  switch (c) {
    case 0x20:
    case 0xa0:
    case 0x2007:
    case 0x2009:
    case 0x202f:
    case 0x3000:
      return GAP_SPACE;
    case 0x2d:
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2212:
    case 0xff0d:
      return GAP_DASH;
    case 0x2e:
    case 0xff0e:
      return GAP_DOT;
    case 0x0a:
    case 0x0d:
    case 0x85:
    case 0x2028:
    case 0x2029:
      return GAP_BREAK;
    case 0x200b:
    case 0x200c:
    case 0x200d:
    case 0x200e:
    case 0x200f:
    case 0x061c:
    case 0x2060:
    case 0x2066:
    case 0x2067:
    case 0x2068:
    case 0x2069:
    case 0xfeff:
      return GAP_INVISIBLE;
    default:
      return GAP_NONE;
  }
}

/** ASCII letters and digits: the alphabet of IBANs, hex strings and UUIDs. */
export function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** ASCII letter. */
export function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Hex digit (ASCII). */
export function isHexChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
