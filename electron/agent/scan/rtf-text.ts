/**
 * Plain text out of RTF (RTF 1.9.1 specification): control words dropped, \par and \line as line
 * breaks, \'hh and \uN escapes decoded (Arabic-Indic digits arrive as \u1633? and similar),
 * and destinations that hold no document text (font and colour tables, pictures as hex,
 * \* groups) skipped. A card typed in WordPad is then found as typed.
 */
const SKIP_DESTINATIONS = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'themedata', 'datastore', 'xmlnstbl', 'listtable', 'listoverridetable', 'rsidtbl', 'generator']);

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function cp1252(byte: number): string {
  return byte >= 0x80 && byte < 0xa0 ? (CP1252_HIGH[byte - 0x80] ?? '') : String.fromCharCode(byte);
}

export function rtfToText(rtf: string): string {
  let out = '';
  let depth = 0;
  let skipDepth = -1;
  let k = 0;
  let pendingSkip = 0;
  const n = rtf.length;
  while (k < n) {
    const c = rtf[k]!;
    if (c === '{') {
      depth++;
      k++;
      continue;
    }
    if (c === '}') {
      if (depth === skipDepth) skipDepth = -1;
      depth--;
      k++;
      continue;
    }
    const skipping = skipDepth >= 0 && depth >= skipDepth;
    if (c === '\\') {
      const next = rtf[k + 1] ?? '';
      if (next === '\\' || next === '{' || next === '}') {
        if (!skipping) out += next;
        k += 2;
        continue;
      }
      if (next === "'") {
        const byte = parseInt(rtf.slice(k + 2, k + 4), 16);
        if (!skipping && pendingSkip === 0 && !Number.isNaN(byte)) out += cp1252(byte);
        if (pendingSkip > 0) pendingSkip--;
        k += 4;
        continue;
      }
      if (next === '*') {
        if (skipDepth < 0) skipDepth = depth;
        k += 2;
        continue;
      }
      const m = /^[a-zA-Z]{1,32}(-?\d{1,10})? ?/.exec(rtf.slice(k + 1, k + 45));
      if (!m) {
        // Control symbol (\~ non-breaking space, \- optional hyphen, \_ non-breaking hyphen).
        if (!skipping && next === '~') out += '\u00a0';
        if (!skipping && next === '_') out += '-';
        k += 2;
        continue;
      }
      const word = m[0].replace(/-?\d+ ?$| $/, '');
      const param = m[1] === undefined ? undefined : Number(m[1]);
      k += 1 + m[0].length;
      if (SKIP_DESTINATIONS.has(word) && skipDepth < 0) skipDepth = depth;
      if (skipping || skipDepth >= 0) continue;
      if (word === 'par' || word === 'line' || word === 'row') out += '\n';
      else if (word === 'tab' || word === 'cell') out += '\t';
      else if (word === 'u' && param !== undefined) {
        out += String.fromCharCode(param < 0 ? param + 65536 : param);
        pendingSkip = 1;
      }
      continue;
    }
    if (c === '\r' || c === '\n') {
      k++;
      continue;
    }
    if (!skipping) {
      if (pendingSkip > 0) pendingSkip--;
      else out += c;
    }
    k++;
  }
  return out;
}
