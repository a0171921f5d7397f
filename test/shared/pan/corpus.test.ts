import { describe, expect, it } from 'vitest';
import { findPans } from '../../../shared/pan/find-pans';
import { luhnValid } from '../../../shared/pan/luhn';
import { FORMATS, expectedMask, loadJson, testCards, type Decoy } from './corpus-helpers';

const { sources, cards } = testCards();
const texts = loadJson<Record<string, string[]>>('texts.json');
const decoys = loadJson<Decoy[]>('decoys.json');
const positives = loadJson<{ text: string; expect: { last4: string; length: number }[]; why: string }[]>('positives.json');
const templates = Object.entries(texts).flatMap(([lang, list]) => list.map((t) => ({ lang, t })));
const formatNames = Object.keys(FORMATS);

interface Case {
  name: string;
  text: string;
  expected: { start: number; end: number; last4: string; length: number; masked: string }[];
}

function cardCase(k: number, variant: number): Case {
  const card = cards[k]!;
  const template = templates[(variant === 0 ? k : k * 7 + 3) % templates.length]!;
  const format = formatNames[(variant === 0 ? k : k * 5 + 1) % formatNames.length]!;
  const written = FORMATS[format]!(card.number);
  const start = template.t.indexOf('{card}');
  return {
    name: `${card.source} ${card.number.slice(-4)} ${format} ${template.lang}`,
    text: template.t.replace('{card}', written),
    expected: [{ start, end: start + written.length, last4: card.number.slice(-4), length: card.number.length, masked: expectedMask(written) }],
  };
}

const cases: Case[] = [
  ...cards.flatMap((_, k) => [cardCase(k, 0), cardCase(k, 1)]),
  ...decoys.map((d) => ({ name: `decoy ${d.class}: ${d.why}`, text: d.text, expected: [] })),
  ...positives.map((p) => ({ name: `positive: ${p.why}`, text: p.text, expected: p.expect.map((e) => ({ ...e, start: -1, end: -1, masked: '' })) })),
];

describe('labeled corpus', () => {
  it('has 300+ cases covering every language, format and decoy class', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(Object.keys(texts).sort()).toEqual(['ar', 'en', 'it', 'lv', 'pl']);
    expect(new Set(decoys.map((d) => d.class))).toEqual(
      new Set(['iban', 'phone', 'imei', 'date', 'order', 'national-id', 'tracking', 'masked', 'hex', 'long-run', 'invalid']),
    );
    const used = new Set(cards.flatMap((_, k) => [cardCase(k, 0), cardCase(k, 1)]).map((c) => c.name.split(' ')[2]));
    expect([...used].sort()).toEqual([...formatNames].sort());
  });

  it('lists only Luhn-valid test numbers, each with a recorded source URL', () => {
    for (const card of cards) {
      expect(luhnValid([...card.number].map(Number), card.number.length), card.number).toBe(true);
      expect(sources[card.source], card.source).toMatch(/^https:\/\//);
    }
  });

  it('finds every card and nothing else (recall 100%, no false positive)', () => {
    const missed: string[] = [];
    const falsePositives: string[] = [];
    for (const c of cases) {
      const found = findPans(c.text);
      for (const e of c.expected) {
        const hit = found.find((f) => f.last4 === e.last4 && f.length === e.length && (e.start < 0 || (f.start === e.start && f.end === e.end && f.masked === e.masked)));
        if (!hit) missed.push(`${c.name}: ${JSON.stringify(c.text)} -> ${JSON.stringify(found)}`);
      }
      if (found.length > c.expected.length) falsePositives.push(`${c.name}: ${JSON.stringify(c.text)} -> ${JSON.stringify(found)}`);
    }
    expect(missed).toEqual([]);
    expect(falsePositives).toEqual([]);
  });
});
