/**
 * PAN detector throughput: `npm run bench:pan` (not part of `npm test`).
 * Measures MB/s (millions of UTF-16 code units per second) of findPans against a naive baseline
 * (a regex for 13-19 digit runs plus Luhn) on two generated corpora, in the same process.
 *
 * The two functions run alternately (findPans, naive, findPans, naive, ...) so that load from
 * other processes hits both alike, and each is timed by the wall clock and by the CPU time of
 * the process (process.cpuUsage): on a shared machine the CPU time is the steadier figure.
 */
import { findPans } from '../../shared/pan/find-pans';
import { luhnValid } from '../../shared/pan/luhn';
import { digitDenseCorpus, transcriptCorpus } from './pan-corpora';

/** The baseline: every 13-19 ASCII digit run that passes Luhn (no grouping, no scripts, no issuer ranges). */
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

interface Timing {
  wall: number;
  cpu: number;
  count: number;
}

function once(text: string, fn: (t: string) => number): Timing {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const count = fn(text);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, count };
}

function compare(corpus: string, text: string, runs: number): void {
  const fns = { findPans: (t: string) => findPans(t).length, naive };
  for (const fn of Object.values(fns)) fn(text.slice(0, 1_000_000)); // warm-up
  const best: Record<string, Timing> = {};
  for (let r = 0; r < runs; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t = once(text, fn);
      const b = best[name];
      best[name] = { wall: Math.min(b?.wall ?? Infinity, t.wall), cpu: Math.min(b?.cpu ?? Infinity, t.cpu), count: t.count };
    }
  }
  const mbs = (ms: number) => text.length / 1e6 / (ms / 1000);
  for (const [name, t] of Object.entries(best)) {
    const label = `${name} ${corpus}`.padEnd(26);
    console.log(`${label} ${mbs(t.cpu).toFixed(0).padStart(6)} MB/s cpu ${mbs(t.wall).toFixed(0).padStart(6)} MB/s wall  (${t.count} matches)`);
  }
  const f = best.findPans;
  const n = best.naive;
  if (f && n) console.log(`${'speed-up vs naive'.padEnd(26)} ${(n.cpu / f.cpu).toFixed(2).padStart(6)}x   cpu ${(n.wall / f.wall).toFixed(2).padStart(6)}x   wall`);
}

const SIZE = Number(process.env.PAN_BENCH_MB ?? 50) * 1e6;
const RUNS = Number(process.env.PAN_BENCH_RUNS ?? 7);
console.log(`node ${process.version}, corpus ${SIZE / 1e6} M code units each, best of ${RUNS} alternating runs`);
const transcripts = transcriptCorpus(SIZE);
const dense = digitDenseCorpus(SIZE);
const share = (t: string) => (((t.match(/\p{Nd}/gu)?.length ?? 0) / t.length) * 100).toFixed(1);
console.log(`digits: transcripts ${share(transcripts)}%, digit-dense ${share(dense)}% of code units`);
compare('transcripts', transcripts, RUNS);
compare('digit-dense', dense, RUNS);
