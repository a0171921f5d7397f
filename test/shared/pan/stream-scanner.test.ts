import { describe, expect, it } from 'vitest';
import { findPans } from '../../../shared/pan/find-pans';
import { PanStreamScanner, type StreamFinding } from '../../../shared/pan/stream-scanner';
import { Prng } from '../../helpers/prng';

function streamAll(text: string, sizes: () => number): { findings: StreamFinding[]; peak: number } {
  const s = new PanStreamScanner();
  const findings: StreamFinding[] = [];
  for (let at = 0; at < text.length; ) {
    const n = Math.max(1, sizes());
    findings.push(...s.push(text.slice(at, at + n)));
    at += n;
  }
  findings.push(...s.end());
  return { findings, peak: s.peakBuffer };
}

const strip = (f: StreamFinding[]) => f.map(({ line: _line, ...rest }) => rest);

const NOTE = [
  'Customer called, card 4111 1111\n1111 1111 exp 09/27, phone +971 50 123 4567.',
  'IBAN DE89 3704 0044 0532 0130 00; second card 5555-5555-5555-4444;',
  'Amex 3782 822463 10005 and ٤٢٤٢ ٤٢٤٢ ٤٢٤٢ ٤٢٤٢ end. tracking 9400 1118 9922 3396 4876 92',
  'x'.repeat(300),
  '6205500000000000004',
].join('\n');

describe('PanStreamScanner', () => {
  it('finds exactly what the one-shot finder finds, for every split point of a note', () => {
    const expected = findPans(NOTE);
    expect(expected.length).toBe(5);
    for (let cut = 0; cut <= NOTE.length; cut++) {
      const s = new PanStreamScanner();
      const got = [...s.push(NOTE.slice(0, cut)), ...s.push(NOTE.slice(cut)), ...s.end()];
      expect(strip(got), `split at ${cut}`).toEqual(expected);
    }
  });

  it('matches the one-shot finder on a long text fed in random chunk sizes, with line numbers', () => {
    const r = new Prng(7);
    let text = '';
    while (text.length < 150_000) text += `${NOTE}\n${'lorem ipsum '.repeat(r.int(50))}\n`;
    const expected = findPans(text);
    for (const max of [1, 7, 100, 4096, 70_000]) {
      const { findings } = streamAll(text, () => 1 + r.int(max));
      expect(strip(findings)).toEqual(expected);
      for (const f of findings) expect(f.line).toBe(text.slice(0, f.start).split('\n').length);
    }
  });

  it('keeps memory bounded on a stream of digits and separators with no natural cut', () => {
    const r = new Prng(9);
    let text = '';
    while (text.length < 2_000_000) text += `${r.int(10)}${r.pick([' ', '-', '', '', '.', '  '])}`;
    const { findings, peak } = streamAll(text, () => 65_536);
    expect(peak).toBeLessThan(65_536 + 4096 + 2 * 1024);
    // Findings never overlap and are in order.
    for (let k = 1; k < findings.length; k++) expect(findings[k]!.start).toBeGreaterThanOrEqual(findings[k - 1]!.end);
  });

  it('still finds a card planted in a long digit-and-separator stream, across a chunk boundary', () => {
    const filler = '12 34 56 78 '.repeat(2000);
    const card = '4111 1111 1111 1111';
    const text = `${filler}${card} ${filler}`;
    for (const size of [4096, 5000, 65_536]) {
      const { findings } = streamAll(text, () => size);
      expect(findings.map((f) => [f.start, f.last4])).toEqual([[filler.length, '1111']]);
    }
  });
});
