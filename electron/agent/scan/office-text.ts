import path from 'node:path';
import { listZipEntries, readZipEntry, type ZipEntry } from './zip-reader';
import { decodeXmlText, xmlParagraphs, type XmlTextRules } from './xml-text';

/** A piece of text out of a document and where it sits, for the report. */
export interface TextUnit {
  location: string;
  text: string;
}

const WORD: XmlTextRules = {
  paragraph: new Set(['w:p']),
  chars: { 'w:tab': '\t', 'w:br': '\n', 'w:cr': '\n' },
  textIn: new Set(['w:t']),
};

const OPENDOCUMENT: XmlTextRules = {
  paragraph: new Set(['text:p', 'text:h']),
  chars: { 'text:tab': '\t', 'text:line-break': '\n', 'text:s': ' ' },
};

const WORD_PARTS = /^word\/(document|header\d*|footer\d*|comments|footnotes|endnotes)\.xml$/;

function entryText(zip: Buffer, entry: ZipEntry, maxBytes: number): string {
  return readZipEntry(zip, entry, maxBytes).toString('utf8');
}

/** Paragraphs of a .docx: body, headers, footers, comments, foot- and endnotes. */
export function* docxText(zip: Buffer, maxBytes: number): Generator<TextUnit> {
  for (const entry of listZipEntries(zip).filter((e) => WORD_PARTS.test(e.name))) {
    const units: TextUnit[] = [];
    xmlParagraphs(entryText(zip, entry, maxBytes), WORD, (text, n) => units.push({ location: `${entry.name} paragraph ${n}`, text }));
    yield* units;
  }
}

/** Paragraphs of an OpenDocument file (.odt, .ods, .odp): content and styles (headers, footers). */
export function* openDocumentText(zip: Buffer, maxBytes: number): Generator<TextUnit> {
  for (const entry of listZipEntries(zip).filter((e) => e.name === 'content.xml' || e.name === 'styles.xml')) {
    const units: TextUnit[] = [];
    xmlParagraphs(entryText(zip, entry, maxBytes), OPENDOCUMENT, (text, n) => units.push({ location: `${entry.name} paragraph ${n}`, text }));
    yield* units;
  }
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? decodeXmlText(m[1] ?? '') : undefined;
}

/** Sheet part name -> sheet name, from workbook.xml and its relationships. */
function sheetNames(zip: Buffer, entries: ZipEntry[], maxBytes: number): Map<string, string> {
  const names = new Map<string, string>();
  const workbook = entries.find((e) => e.name === 'xl/workbook.xml');
  const rels = entries.find((e) => e.name === 'xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return names;
  const targets = new Map<string, string>();
  for (const m of entryText(zip, rels, maxBytes).matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : path.posix.join('xl', target));
  }
  for (const m of entryText(zip, workbook, maxBytes).matchAll(/<sheet\b[^>]*>/g)) {
    const target = targets.get(attr(m[0], 'r:id') ?? '');
    const name = attr(m[0], 'name');
    if (target && name) names.set(target, name);
  }
  return names;
}

/** Cell texts of an .xlsx: shared strings resolved to their cells, inline strings and values. */
export function* xlsxText(zip: Buffer, maxBytes: number): Generator<TextUnit> {
  const entries = listZipEntries(zip);
  const strings: string[] = [];
  const shared = entries.find((e) => e.name === 'xl/sharedStrings.xml');
  if (shared) xmlParagraphs(entryText(zip, shared, maxBytes), { paragraph: new Set(['si']), chars: {}, textIn: new Set(['t']) }, (t, n) => (strings[n - 1] = t));
  const names = sheetNames(zip, entries, maxBytes);
  for (const entry of entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name))) {
    const sheet = names.get(entry.name) ?? entry.name;
    const xml = entryText(zip, entry, maxBytes);
    let p = 0;
    for (;;) {
      const open = xml.indexOf('<c ', p);
      if (open < 0) break;
      const tagEnd = xml.indexOf('>', open);
      if (tagEnd < 0) break;
      const tag = xml.slice(open, tagEnd + 1);
      const close = tag.endsWith('/>') ? tagEnd + 1 : xml.indexOf('</c>', tagEnd);
      if (close < 0) break;
      const body = xml.slice(tagEnd + 1, close);
      p = close + 1;
      const type = attr(tag, 't');
      let text = '';
      if (type === 'inlineStr') text = [...body.matchAll(/<t\b[^>]*>([^<]*)<\/t>/g)].map((m) => decodeXmlText(m[1] ?? '')).join('');
      else {
        const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
        if (v === undefined) continue;
        text = type === 's' ? (strings[Number(v)] ?? '') : decodeXmlText(v);
      }
      if (text) yield { location: `${sheet}!${attr(tag, 'r') ?? '?'}`, text };
    }
  }
}
