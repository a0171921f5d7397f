/**
 * Text out of office XML (WordprocessingML, SpreadsheetML, OpenDocument) without a DOM: a linear
 * scan over tags. Text inside one paragraph is joined without separators, because Word splits a
 * paragraph into runs anywhere (spell-check, revision marks): "4111 11" + "11 1111 1111 1111".
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references. */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (all, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(parseInt(ref.slice(2), 16), all);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), all);
    return ENTITIES[ref] ?? all;
  });
}

function safeCodePoint(cp: number, fallback: string): string {
  return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : fallback;
}

/** What to do on an element, by qualified name. */
export interface XmlTextRules {
  /** Elements whose end closes a paragraph (a unit reported with its ordinal). */
  paragraph: ReadonlySet<string>;
  /** Empty elements that stand for a character (tab, line break, spaces). */
  chars: Readonly<Record<string, string>>;
  /** Elements whose text is kept (others are ignored when set: w:t in Word keeps out w:instrText). */
  textIn?: ReadonlySet<string>;
}

/** Calls `onParagraph(text, ordinal)` for each paragraph of the document. */
export function xmlParagraphs(xml: string, rules: XmlTextRules, onParagraph: (text: string, ordinal: number) => void): void {
  let text = '';
  let ordinal = 0;
  let inText = rules.textIn === undefined ? 1 : 0;
  let p = 0;
  while (p < xml.length) {
    const lt = xml.indexOf('<', p);
    const chunk = lt < 0 ? xml.slice(p) : xml.slice(p, lt);
    if (inText > 0 && chunk) text += decodeXmlText(chunk);
    if (lt < 0) break;
    const gt = xml.indexOf('>', lt);
    if (gt < 0) break;
    const tag = xml.slice(lt + 1, gt);
    p = gt + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    const closing = tag.startsWith('/');
    const selfClosing = tag.endsWith('/');
    const name = (closing ? tag.slice(1) : tag).split(/[\s/]/, 1)[0] ?? '';
    if (rules.textIn?.has(name)) {
      if (closing) inText = Math.max(0, inText - 1);
      else if (!selfClosing) inText++;
    }
    if (!closing) {
      const ch = rules.chars[name];
      if (ch !== undefined) {
        // <text:s text:c="3"/> stands for three spaces.
        const count = /\bc="(\d{1,3})"/.exec(tag);
        text += ch.repeat(count ? Number(count[1]) : 1);
      }
    }
    if ((closing || selfClosing) && rules.paragraph.has(name)) {
      ordinal++;
      if (text) onParagraph(text, ordinal);
      text = '';
    }
  }
  if (text) onParagraph(text, ordinal + 1);
}
