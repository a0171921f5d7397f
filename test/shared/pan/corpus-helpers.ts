import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/pan');

/** A public test card number and the key of the provider page it is listed on. */
export interface TestCard {
  number: string;
  source: string;
}

export interface Decoy {
  class: string;
  text: string;
  why: string;
}

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}

export function testCards(): { sources: Record<string, string>; cards: TestCard[] } {
  return loadJson('test-cards.json');
}

/** Group sizes agents (and card faces) use for each length. */
export function grouping(length: number): number[] {
  switch (length) {
    case 13:
      return [4, 4, 5];
    case 14:
      return [4, 6, 4];
    case 15:
      return [4, 6, 5];
    case 16:
      return [4, 4, 4, 4];
    case 17:
      return [4, 4, 4, 5];
    case 18:
      return [4, 4, 4, 6];
    default:
      return [4, 4, 4, 4, 3];
  }
}

export function groups(number: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (const size of grouping(number.length)) {
    out.push(number.slice(at, at + size));
    at += size;
  }
  return out;
}

const SCRIPTS = { arabic: 0x660, persian: 0x6f0, fullwidth: 0xff10, devanagari: 0x966, bengali: 0x9e6, tamil: 0xbe6, thai: 0xe50, myanmar: 0x1040 } as const;

/** Rewrites ASCII digits in another script. */
export function toScript(text: string, script: keyof typeof SCRIPTS): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(SCRIPTS[script] + Number(d)));
}

/** The written forms of a card number the corpus uses, by name. */
export const FORMATS: Record<string, (n: string) => string> = {
  plain: (n) => n,
  spaced: (n) => groups(n).join(' '),
  dashed: (n) => groups(n).join('-'),
  dotted: (n) => groups(n).join('.'),
  'spaced-dash': (n) => groups(n).join(' - '),
  'line-break': (n) => {
    const g = groups(n);
    return `${g.slice(0, 2).join(' ')}\n${g.slice(2).join(' ')}`;
  },
  'crlf-break': (n) => {
    const g = groups(n);
    return `${g.slice(0, 1).join(' ')}\r\n${g.slice(1).join(' ')}`;
  },
  'wrapped-plain': (n) => `${n.slice(0, 9)}\n${n.slice(9)}`,
  nbsp: (n) => groups(n).join('\u00a0'),
  'arabic-indic': (n) => toScript(groups(n).join(' '), 'arabic'),
  'eastern-arabic-indic': (n) => toScript(n, 'persian'),
  fullwidth: (n) => toScript(groups(n).join(' '), 'fullwidth'),
  devanagari: (n) => toScript(groups(n).join(' '), 'devanagari'),
  bengali: (n) => toScript(groups(n).join('-'), 'bengali'),
  tamil: (n) => toScript(n, 'tamil'),
  thai: (n) => toScript(groups(n).join(' '), 'thai'),
  myanmar: (n) => toScript(groups(n).join(' '), 'myanmar'),
  'rtl-marks': (n) => groups(n).join(' \u200f'),
  'mixed-scripts': (n) => toScript(n.slice(0, 8), 'arabic') + n.slice(8),
};

/** Masks like the detector: every digit but the last four becomes `*`. */
export function expectedMask(written: string): string {
  const total = (written.match(/\p{Nd}/gu) ?? []).length;
  let seen = 0;
  return written.replace(/\p{Nd}/gu, (d) => (++seen <= total - 4 ? '*' : d));
}
