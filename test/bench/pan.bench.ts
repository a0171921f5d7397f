/**
 * PAN detector throughput: `npm run bench:pan` (not part of `npm test`).
 * Measures MB/s (millions of UTF-16 code units per second) of findPans against a naive baseline
 * (a regex for 13-19 digit runs plus Luhn) on two generated corpora, in the same process.
 */
import { findPans } from '../../shared/pan/find-pans';
import { luhnValid } from '../../shared/pan/luhn';
import { digitDenseCorpus, transcriptCorpus } from './pan-corpora';

function naive(text: string): number {
  let found = 0;
  const d = new Uint8Array(19);
  for (const m of text.matchAll(/\d{13,19}/g)) {
    const s = m[0];
    for (let k = 0; k < s.length; k++) d[k] = s.charCodeAt(k) - 48;
    if (luhnValid(d, s.length)) found++;
  }
  return found;
}

function measure(name: string, text: string, fn: (t: string) => number, runs = 5): number {
  fn(text.slice(0, 1_000_000)); // warm-up
  let best = Infinity;
  let count = 0;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    count = fn(text);
    best = Math.min(best, performance.now() - t0);
  }
  const mbs = text.length / 1e6 / (best / 1000);
  console.log(`${name.padEnd(34)} ${mbs.toFixed(0).padStart(6)} MB/s  (${count} matches, best of ${runs}: ${best.toFixed(0)} ms)`);
  return mbs;
}

const SIZE = Number(process.env.PAN_BENCH_MB ?? 50) * 1e6;
console.log(`node ${process.version}, corpus ${SIZE / 1e6} M code units each`);
const transcripts = transcriptCorpus(SIZE);
const dense = digitDenseCorpus(SIZE);
const share = (t: string) => ((t.match(/\p{Nd}/gu)?.length ?? 0) / t.length * 100).toFixed(1);
console.log(`digits: transcripts ${share(transcripts)}%, digit-dense ${share(dense)}% of code units`);
const a = measure('findPans    transcripts', transcripts, (t) => findPans(t).length);
const b = measure('naive regex transcripts', transcripts, naive);
const c = measure('findPans    digit-dense', dense, (t) => findPans(t).length);
const d = measure('naive regex digit-dense', dense, naive);
console.log(`speed-up vs naive: transcripts ${(a / b).toFixed(2)}x, digit-dense ${(c / d).toFixed(2)}x`);
