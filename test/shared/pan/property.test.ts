import { describe, expect, it } from 'vitest';
import { findPans } from '../../../shared/pan/find-pans';
import { luhnCheckDigit, luhnValid } from '../../../shared/pan/luhn';
import { redact } from '../../../shared/pan/redact';
import { schemeSamples } from '../../../shared/pan/schemes';
import { groups, toScript } from './corpus-helpers';
import { Prng } from '../../helpers/prng';

const SEED = 0x5eed;
const samples = schemeSamples();

function randomCard(r: Prng): string {
  const s = r.pick(samples);
  const length = r.pick(s.lengths);
  const body = [...s.prefix].map(Number);
  while (body.length < length - 1) body.push(r.int(10));
  return body.join('') + luhnCheckDigit(body);
}

const SEPARATORS = ['', ' ', '-', '.', ' - ', '\u00a0', '\u2013', '\u3000'];
const WORDS = ['card', 'carta', 'karta', 'kartes', 'البطاقة', 'Nr.', '(', '"', ':', 'ok', 'x', '', ' '];

function write(r: Prng, card: string): string {
  const sep = r.pick(SEPARATORS);
  let written = sep === '' ? card : groups(card).join(sep);
  if (r.next() < 0.15 && sep !== '') {
    const at = written.indexOf(sep, 5);
    if (at > 0) written = `${written.slice(0, at)}\n${written.slice(at + sep.length)}`;
  }
  const script = r.int(5);
  if (script === 1) written = toScript(written, 'arabic');
  if (script === 2) written = toScript(written, 'persian');
  if (script === 3) written = toScript(written, 'fullwidth');
  return written;
}

describe('property tests (seeded)', () => {
  it('finds random valid numbers of every scheme with random separators, scripts and surroundings', () => {
    const r = new Prng(SEED);
    for (let k = 0; k < 5000; k++) {
      const card = randomCard(r);
      const written = write(r, card);
      const before = `${r.pick(WORDS)} `;
      const text = `${before}${written} ${r.pick(WORDS)}`;
      const found = findPans(text);
      const ctx = `seed ${SEED} case ${k}: ${JSON.stringify(text)}`;
      expect(found.length, ctx).toBe(1);
      expect(found[0]!.start, ctx).toBe(before.length);
      expect(found[0]!.end, ctx).toBe(before.length + written.length);
      expect(found[0]!.length, ctx).toBe(card.length);
      expect(found[0]!.last4, ctx).toBe(card.slice(-4));
    }
  });

  it('does not find Luhn-invalid numbers', () => {
    const r = new Prng(SEED + 1);
    for (let k = 0; k < 5000; k++) {
      const card = randomCard(r);
      const wrong = (Number(card.at(-1)) + 1 + r.int(9)) % 10;
      const bad = card.slice(0, -1) + wrong;
      expect(luhnValid([...bad].map(Number), bad.length)).toBe(false);
      // Unseparated, nothing may be found; grouped, a shorter run of whole groups can be a valid
      // number by itself (4-4-4-4 inside 4-4-4-4-3), but never the invalid number as a whole.
      expect(findPans(`card ${bad} ok`), `seed ${SEED + 1} case ${k}: ${bad}`).toEqual([]);
      const grouped = findPans(`card ${write(r, bad)} ok`);
      expect(grouped.filter((f) => f.length === bad.length), `seed ${SEED + 1} case ${k}: ${bad}`).toEqual([]);
    }
  });

  it('never throws on random strings, and redact keeps the length and is idempotent', () => {
    const r = new Prng(SEED + 2);
    const alphabet = ['4', '1', '5', '0', '9', ' ', '-', '.', '\n', '\r', 'a', 'Z', '+', '٤', '۱', '５', '\u200f', '\ud83d', '\ude00', '\u0000', '*', 'DE', 'x'];
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const n = r.int(120);
      for (let i = 0; i < n; i++) s += r.pick(alphabet);
      const found = findPans(s);
      const red = redact(s);
      expect(red.length).toBe(s.length);
      expect(redact(red)).toBe(red);
      expect(findPans(red)).toEqual([]);
      for (const f of found) expect(f.masked.length).toBe(f.end - f.start);
    }
    expect(() => findPans(undefined as unknown as string)).not.toThrow();
    expect(findPans(42 as unknown as string)).toEqual([]);
    expect(redact(null as unknown as string)).toBe(null);
  });
});
