import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { Outbox } from '../../../../electron/agent/sync/outbox';
import { makeTempDir } from '../../../helpers/temp-dir';
import { seededRandom } from '../../../helpers/prng';

const CHILD = path.join(import.meta.dirname, 'helpers', 'outbox-writer-child.ts');
const ROUNDS = 30;
const SEED = 20260122;

interface Round {
  lines: string[];
  ready: string[];
}

/** Starts the writer, waits for "ready", lets it run for `runMs`, then SIGKILLs it. */
async function runAndKill(dir: string, seed: number, runMs: number): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!out.includes('\n') && Date.now() < deadline && child.exitCode === null) await sleep(10);
  if (!out.includes('\n')) {
    child.kill('SIGKILL');
    throw new Error(`writer did not start: ${err}`);
  }
  await sleep(runMs);
  child.kill('SIGKILL');
  await exited;
  expect(child.signalCode, `writer died on its own: ${err}`).toBe('SIGKILL');
  // Only complete lines count: a line cut by the kill was never fully said.
  const lines = out.split('\n').slice(0, -1);
  const first = lines.shift() ?? '';
  expect(first.startsWith('ready')).toBe(true);
  const list = first.slice('ready '.length);
  return { lines, ready: list === '' ? [] : list.split(',') };
}

describe('outbox under SIGKILL', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.cleanup());

  it(
    `stays readable, loses nothing queued and re-sends nothing acknowledged, across ${ROUNDS} kills at seeded random points`,
    async () => {
      const random = seededRandom(SEED);
      let model: string[] = [];
      const acked = new Set<string>();
      let torn = 0;
      let ops = 0;
      let midWrite = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const { lines, ready } = await runAndKill(tmp.dir, SEED + round, 5 + Math.floor(random() * 150));
        // The writer sees exactly what the last recovery left.
        expect(ready).toEqual(model);
        let addingId: string | null = null;
        let ackingId: string | null = null;
        for (const line of lines) {
          const [op, id = ''] = line.split(' ');
          ops += 1;
          switch (op) {
            case 'adding':
              addingId = id;
              break;
            case 'added':
              expect(id).toBe(addingId);
              model.push(id);
              addingId = null;
              break;
            case 'acking':
              expect(id).toBe(model[0]);
              ackingId = id;
              break;
            case 'acked':
              expect(id).toBe(ackingId);
              model.shift();
              acked.add(id);
              ackingId = null;
              break;
            default:
              throw new Error(`unexpected line from writer: ${line}`);
          }
        }
        if (addingId || ackingId) midWrite += 1;
        const outbox = Outbox.open(tmp.dir);
        const actual = outbox.list().map((e) => e.body.reportId);
        if (outbox.recovery.tornTailBytes > 0) torn += 1;
        outbox.close();
        // What may be there: exactly the model, or the model with the one write in flight applied.
        const allowed = [model];
        if (addingId) allowed.push([...model, addingId]);
        if (ackingId) allowed.push(model.slice(1));
        expect(allowed).toContainEqual(actual);
        for (const id of actual) expect(acked.has(id)).toBe(false);
        model = actual;
        if (ackingId && !actual.includes(ackingId)) acked.add(ackingId);
      }
      console.log(`outbox crash test: ${ROUNDS} kills, ${ops} completed steps, ${midWrite} kills inside a write, ${torn} torn last writes recovered, ${model.length} reports pending`);
      expect(ops).toBeGreaterThan(ROUNDS);
      // The test means something only if kills land inside writes (they mostly do: fsync dominates).
      expect(midWrite).toBeGreaterThan(0);
    },
    300_000,
  );
});
