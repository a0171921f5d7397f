import { describe, expect, it } from 'vitest';
import { findPans, PanStreamScanner, redact } from '../../shared/pan';
import { holdsPlantedPan, PLANTED_PANS } from '../helpers/planted-pans';
import { Prng } from '../helpers/prng';

/**
 * Bad input against the card-number detector: random text mixing digits of many scripts,
 * separators, invisible marks, surrogates, letters and planted card numbers. What must hold for
 * every case: it never throws; findings are in order, inside the text, never overlapping, masked
 * to the last four; redaction keeps the length and leaves no planted number; the work is linear
 * (counted in steps, not timed); the stream scanner keeps its buffer bounded.
 */
const SEED = 0xca4d;
const CASES = 3000;
/** Steps per code unit the finder may take (the linear-time test measures well under this). */
const MAX_STEPS_PER_UNIT = 60;

const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce];
const SEPARATORS = [' ', ' ', '-', '.', '\n', '\r\n', '\t', '\u00a0', '\u200b', '\u2009', '/', '_', ',', '  ', ' - '];
const WORDS = ['card', 'IBAN', 'DE89', 'tel', '+44', 'exp', '12/27', 'CVV', 'uuid', '0x', 'ref#', 'é', '中文', '\ud83d\ude00', '\ud800', '\u202e', 'GB29NWBK'];

function digitIn(rng: Prng, value: number, script: number): string {
  return String.fromCodePoint((DIGIT_ZEROS[script] ?? 0x30) + value);
}

/** A card number as a person might write it: grouped, in one script, with one kind of separator. */
function written(rng: Prng, pan: string): string {
  // Only the scripts the detector claims: mathematical digits (outside the BMP) are not detected
  // (see docs/THREAT-MODEL.md).
  const script = rng.chance(0.7) ? 0 : rng.pick([1, 2, 3, 4, 5, 6]);
  const sep = rng.pick([' ', '-', '', '.', ' ']);
  const group = rng.pick([4, 4, 0]);
  return [...pan].map((d, i) => (group && i > 0 && i % group === 0 ? sep : '') + digitIn(rng, Number(d), script)).join('');
}

function noise(rng: Prng, length: number, digits: boolean): string {
  let s = '';
  while (s.length < length) {
    const roll = rng.int(10);
    if (roll < 4 && digits) s += Array.from({ length: 1 + rng.int(8) }, () => digitIn(rng, rng.int(10), rng.chance(0.8) ? 0 : rng.int(DIGIT_ZEROS.length))).join('');
    else if (roll < 7) s += rng.pick(SEPARATORS);
    else s += rng.pick(WORDS);
  }
  return s;
}

function checkFindings(text: string, failures: string[], n: number): void {
  const counter = { steps: 0 };
  const findings = findPans(text, { counter });
  if (counter.steps > MAX_STEPS_PER_UNIT * (text.length + 1) + 1000) failures.push(`case ${n}: ${counter.steps} steps for ${text.length} code units`);
  let at = 0;
  for (const f of findings) {
    if (f.start < at || f.end > text.length || f.end <= f.start) failures.push(`case ${n}: finding out of order or bounds ${f.start}-${f.end}`);
    at = f.end;
    if (f.masked.length !== f.end - f.start) failures.push(`case ${n}: masked length differs`);
    if (!/^[0-9]{4}$/.test(f.last4) || f.length < 12 || f.length > 19) failures.push(`case ${n}: bad last4/length ${f.last4}/${f.length}`);
    if (holdsPlantedPan(f.masked) || holdsPlantedPan(JSON.stringify(f))) failures.push(`case ${n}: a finding carries a full number`);
  }
  const redacted = redact(text);
  if (redacted.length !== text.length) failures.push(`case ${n}: redaction changed the length`);
}

describe('fuzz: the card-number detector', () => {
  it(`never throws, stays linear and masks on ${CASES} hostile texts`, () => {
    const rng = new Prng(SEED);
    const failures: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const text = noise(rng, rng.int(n % 50 === 0 ? 20_000 : 400), true);
      checkFindings(text, failures, n);
      // A planted number, written plainly between words, is found and redacted away.
      const pan = rng.pick(PLANTED_PANS);
      const withPan = `${noise(rng, rng.int(60), false)} card ${written(rng, pan)} thanks ${noise(rng, rng.int(60), false)}`;
      checkFindings(withPan, failures, n);
      if (!findPans(withPan).some((f) => f.last4 === pan.slice(-4))) failures.push(`case ${n}: planted number not found in ${JSON.stringify(withPan.slice(0, 200))}`);
      if (holdsPlantedPan(redact(withPan))) failures.push(`case ${n}: planted number survives redaction`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('answers non-strings and absurd options without throwing', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x')]) {
      expect(findPans(value as unknown as string)).toEqual([]);
      expect(() => redact(value as unknown as string)).not.toThrow();
    }
    const text = 'card 4111 1111 1111 1111';
    for (const [from, to] of [[-5, 1e9], [NaN, NaN], [1e9, -1], [Infinity, -Infinity], [3.7, 10.2]] as const) expect(() => findPans(text, { from, to })).not.toThrow();
  });

  it('keeps the stream scanner bounded whatever the chunking', () => {
    const rng = new Prng(SEED + 1);
    for (let n = 0; n < 40; n++) {
      const text = noise(rng, 30_000, true) + '9'.repeat(rng.int(20_000));
      const scanner = new PanStreamScanner();
      let maxChunk = 0;
      for (let at = 0; at < text.length; ) {
        const size = 1 + rng.int(rng.chance(0.5) ? 16 : 8192);
        maxChunk = Math.max(maxChunk, size);
        expect(() => scanner.push(text.slice(at, at + size))).not.toThrow();
        at += size;
      }
      expect(() => scanner.end()).not.toThrow();
      expect(scanner.peakBuffer).toBeLessThanOrEqual(maxChunk + 4096 + 1024);
    }
  });
});
