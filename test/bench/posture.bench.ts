/**
 * Whole-process benchmark of the posture check set: `node bin/shiftguard.js check --json`, run
 * N times on this machine. Reports wall-clock median / p90 / min / max for a warm state directory
 * (the normal case: the agent keeps its state between runs) and for cold runs (state deleted before
 * each run, so apt's pending-update listing is recomputed), plus per-check median durations.
 *
 *   npm run bench:posture -- [--runs 15]
 *
 * Not part of vitest's include (test/**\/*.test.ts): timings are recorded in docs/PERFORMANCE.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(values.runs);

interface Run {
  wallMs: number;
  exitCode: number | null;
  checks: { id: string; status: string; durationMs: number }[];
}

function once(stateDir: string): Run {
  const started = performance.now();
  const out = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'shiftguard.js'), 'check', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SHIFTGUARD_STATE_DIR: stateDir },
  });
  const wallMs = performance.now() - started;
  if (out.status !== 0 && out.status !== 1) throw new Error(`shiftguard check failed (${out.status}): ${out.stderr}`);
  return { wallMs, exitCode: out.status, checks: (JSON.parse(out.stdout) as { checks: Run['checks'] }).checks };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN;
};
const fmt = (n: number) => `${Math.round(n)} ms`;

function summarise(label: string, runs: Run[]) {
  const wall = runs.map((r) => r.wallMs);
  console.log(`\n${label}: ${runs.length} runs`);
  console.log(`  wall clock  median ${fmt(quantile(wall, 0.5))}  p90 ${fmt(quantile(wall, 0.9))}  min ${fmt(Math.min(...wall))}  max ${fmt(Math.max(...wall))}`);
  const ids = runs[0]?.checks.map((c) => c.id) ?? [];
  console.log('  | check | status | median | max |');
  console.log('  | --- | --- | --- | --- |');
  for (const id of ids) {
    const d = runs.map((r) => r.checks.find((c) => c.id === id)?.durationMs ?? NaN);
    const status = runs[0]?.checks.find((c) => c.id === id)?.status ?? '?';
    console.log(`  | ${id} | ${status} | ${fmt(quantile(d, 0.5))} | ${fmt(Math.max(...d))} |`);
  }
}

const warmDir = mkdtempSync(path.join(os.tmpdir(), 'sg-bench-warm-'));
const coldDir = path.join(os.tmpdir(), `sg-bench-cold-${process.pid}`);
try {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${os.type()} ${os.release()}`);
  once(warmDir); // first run fills the state directory
  summarise('warm state directory', Array.from({ length: RUNS }, () => once(warmDir)));
  summarise(
    'cold (state deleted before each run)',
    Array.from({ length: Math.max(3, Math.round(RUNS / 3)) }, () => {
      rmSync(coldDir, { recursive: true, force: true });
      return once(coldDir);
    }),
  );
} finally {
  rmSync(warmDir, { recursive: true, force: true });
  rmSync(coldDir, { recursive: true, force: true });
}
