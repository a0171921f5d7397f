import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { publicKeyFromRaw, verifyText } from './ed25519';

/**
 * Ed25519 verification of device signatures on worker threads.
 *
 * A verification costs ~0.1-0.2 ms of CPU, as much as the rest of a report's handling; done on the
 * main thread it caps one server process at one core. Here requests that arrive in one event-loop
 * turn are sent to a worker as one message (one structured clone and one wake-up per batch, not per
 * report), and the worker answers with one boolean per item. The worker is the same node:crypto
 * `verify` the main thread would run; an answer of `true` means exactly what {@link verifyText} means.
 *
 * With no workers (SHIFTGUARD_VERIFY_THREADS=0, or a worker that cannot start) it verifies inline.
 */

/** One verification: UTF-8 text, base64url signature, raw base64url public key. */
interface Job {
  text: string;
  signature: string;
  publicKey: string;
}

interface Batch {
  id: number;
  jobs: Job[];
}

// Plain JavaScript (eval) so the worker runs the same under tsx, vitest and a build.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const keys = new Map();
function keyOf(raw) {
  let key = keys.get(raw);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
    if (keys.size >= 50000) keys.clear();
    keys.set(raw, key);
  }
  return key;
}
parentPort.on('message', ({ id, jobs }) => {
  const results = jobs.map(({ text, signature, publicKey }) => {
    try {
      const sig = Buffer.from(signature, 'base64url');
      return sig.length === 64 && verify(null, Buffer.from(text, 'utf8'), keyOf(publicKey), sig);
    } catch {
      return false;
    }
  });
  parentPort.postMessage({ id, results });
});
`;

interface PendingJob {
  job: Job;
  resolve(ok: boolean): void;
  reject(error: unknown): void;
}

function verifyInline(pending: PendingJob[]): void {
  for (const p of pending) {
    try {
      p.resolve(verifyText(p.job.text, p.job.signature, publicKeyFromRaw(p.job.publicKey)));
    } catch (error) {
      p.reject(error);
    }
  }
}

class VerifyThread {
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, PendingJob[]>();
  private nextId = 0;
  /** Jobs sent and not answered: the pool sends to the least busy thread. */
  load = 0;
  broken = false;

  constructor(onBroken: () => void) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, name: 'shiftguard-verify' });
    this.worker.unref();
    this.worker.on('message', ({ id, results }: { id: number; results: boolean[] }) => {
      const pending = this.inFlight.get(id);
      if (!pending) return;
      this.inFlight.delete(id);
      this.load -= pending.length;
      pending.forEach((p, i) => p.resolve(results[i] === true));
    });
    const fail = () => {
      if (this.broken) return;
      this.broken = true;
      // What was sent to a thread that died is verified here instead.
      for (const pending of this.inFlight.values()) verifyInline(pending);
      this.inFlight.clear();
      onBroken();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  send(pending: PendingJob[]): void {
    const id = this.nextId++;
    this.inFlight.set(id, pending);
    this.load += pending.length;
    const batch: Batch = { id, jobs: pending.map((p) => p.job) };
    this.worker.postMessage(batch);
  }

  terminate(): Promise<number> {
    this.worker.removeAllListeners('exit');
    return this.worker.terminate();
  }
}

/** How many verification threads by default: one per core beyond the main thread's, at most 4. */
export function defaultVerifyThreads(): number {
  const fromEnv = process.env.SHIFTGUARD_VERIFY_THREADS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** A pool of verification threads shared by everything in this process. */
export class VerifyPool {
  private threads: VerifyThread[] = [];
  private queue: PendingJob[] = [];
  private scheduled = false;

  constructor(size = defaultVerifyThreads()) {
    try {
      for (let i = 0; i < size; i++) this.threads.push(new VerifyThread(() => this.dropBroken()));
    } catch {
      // No worker threads here (a restricted runtime): verify inline.
      this.threads = [];
    }
  }

  /** True when `signature` (base64url) is the Ed25519 signature of `publicKey` (raw, base64url) over `text`. */
  verify(text: string, signature: string, publicKey: string): Promise<boolean> {
    if (this.threads.length === 0) return Promise.resolve(verifyText(text, signature, publicKeyFromRaw(publicKey)));
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ job: { text, signature, publicKey }, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the event loop has read everything that arrived in this turn: one message per batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    if (queue.length === 0) return;
    const live = this.threads.filter((t) => !t.broken);
    if (live.length === 0) return verifyInline(queue);
    // Split the batch over the threads, the least loaded first.
    live.sort((a, b) => a.load - b.load);
    const per = Math.ceil(queue.length / live.length);
    live.forEach((thread, i) => {
      const part = queue.slice(i * per, (i + 1) * per);
      if (part.length > 0) thread.send(part);
    });
  }

  private dropBroken(): void {
    this.threads = this.threads.filter((t) => !t.broken);
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.terminate()));
  }
}

let shared: VerifyPool | undefined;

/** The process-wide pool, made on first use. Its threads are unref'd: they never keep the process alive. */
export function verifyPool(): VerifyPool {
  shared ??= new VerifyPool();
  return shared;
}
