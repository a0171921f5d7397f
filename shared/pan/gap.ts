import { GAP_BREAK, GAP_DASH, GAP_DOT, GAP_INVISIBLE, GAP_NONE, GAP_SPACE, gapChar } from './digits';

/** The longest gap (in code units) between two digit groups of one number: " - ", " \r\n ", "-\u200f". */
export const MAX_GAP = 4;

/**
 * Classifies the characters `text[a..b)` between two digit groups. Returns GAP_NONE when they do
 * not join the groups into one number, else the class of the gap:
 * - GAP_BREAK: exactly one line break (CRLF counts once), optionally with spaces around it and no
 *   dash or dot. "A number broken by a single line break" is a pasted or wrapped number; two line
 *   breaks are two paragraphs.
 * - GAP_DASH / GAP_DOT: exactly one dash or dot, optionally with spaces ("4111 - 1111").
 * - GAP_SPACE: spaces and/or invisible marks only.
 */
export function classifyGap(text: string, a: number, b: number): number {
  const width = b - a;
  if (width < 1 || width > MAX_GAP) return GAP_NONE;
  let breaks = 0;
  let punct = 0;
  let punctClass = GAP_NONE;
  for (let k = a; k < b; k++) {
    const c = text.charCodeAt(k);
    const g = gapChar(c);
    switch (g) {
      case GAP_NONE:
        return GAP_NONE;
      case GAP_BREAK:
        // CR followed by LF is one break.
        if (!(c === 0x0a && k > a && text.charCodeAt(k - 1) === 0x0d)) breaks++;
        break;
      case GAP_DASH:
      case GAP_DOT:
        punct++;
        punctClass = g;
        break;
      case GAP_SPACE:
      case GAP_INVISIBLE:
        break;
      default:
        return GAP_NONE;
    }
  }
  if (breaks > 1 || punct > 1) return GAP_NONE;
  if (breaks === 1) return punct === 0 ? GAP_BREAK : GAP_NONE;
  if (punct === 1) return punctClass;
  return GAP_SPACE;
}
