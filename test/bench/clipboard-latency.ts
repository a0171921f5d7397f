// Clipboard guard benchmark (not part of npm test): run with
//   npx tsx test/bench/clipboard-latency.ts [iterations] [idleSeconds]
// 1. Latency: a card number is put on the real X clipboard (xclip, under its own Xvfb) and timed
//    until the guard has replaced it (the redacted text owns the clipboard), p50/p95/p99/max.
// 2. Idle cost: the headless agent (`shiftguard run`, clipboard scrub, a window rule, a watched
//    folder) is left alone and its CPU time read from /proc/PID/stat.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../electron/agent/guards/audit-log';
import { ClipboardGuard } from '../../electron/agent/guards/clipboard-guard';
import { EvidenceRecorder } from '../../electron/agent/guards/evidence';
import { XclipClipboard } from '../../electron/agent/guards/linux/xclip-clipboard';
import { CLI, ROOT } from '../helpers/cli';
import { waitFor } from '../helpers/poll';
import { makeTempDir } from '../helpers/temp-dir';
import { xclipCopy, xclipPaste } from '../helpers/x11-tools';
import { startXvfb } from '../helpers/xvfb';

const iterations = Number(process.argv[2] ?? 200);
const idleSeconds = Number(process.argv[3] ?? 60);
const PANS = ['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005'];

const tmp = makeTempDir('shiftguard-bench-');
const xvfb = await startXvfb();
try {
  // --- latency ---
  const clipboard = await XclipClipboard.open(xvfb.display);
  const audit = new AuditLog(path.join(tmp.dir, 'audit.jsonl'));
  const guard = new ClipboardGuard(clipboard, 'scrub', { audit, evidence: new EvidenceRecorder(path.join(tmp.dir, 'ev')), now: () => new Date() });
  guard.start();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const pan = PANS[i % PANS.length]!;
    const digits = pan.replace(/[ -]/g, '');
    const t0 = performance.now(); // before xclip even starts: the copy's own cost is included
    await xclipCopy(xvfb.env, `iteration ${i}: ${pan}`);
    // Black-box: read the real clipboard (as any app would) until the number is gone.
    await waitFor('the scrub', async () => {
      const now = await xclipPaste(xvfb.env);
      return now.startsWith(`iteration ${i}:`) && !now.replace(/[ -]/g, '').includes(digits);
    }, 10_000, 0);
    samples.push(performance.now() - t0);
  }
  guard.stop();
  clipboard.close();
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!.toFixed(1);
  console.log(`latency (ms, ${samples.length} copies): p50 ${q(50)}  p95 ${q(95)}  p99 ${q(99)}  max ${samples.at(-1)!.toFixed(1)}`);

  // --- idle CPU of the headless agent ---
  const notes = path.join(tmp.dir, 'notes');
  mkdirSync(notes);
  const policy = path.join(tmp.dir, 'policy.json');
  writeFileSync(
    policy,
    JSON.stringify({
      clipboard: { mode: 'scrub' },
      sensitive: { windowRules: [{ id: 'pay', titlePattern: 'payment' }], integrationApi: { enabled: true, port: 47999 } },
      notes: { watchedFolders: [notes] },
      reportIntervalMinutes: 60,
    }),
  );
  const child = spawn(process.execPath, [CLI, 'run', '--policy', policy, '--data', path.join(tmp.dir, 'data')], { cwd: ROOT, env: xvfb.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await waitFor('the agent to start', () => out.includes('guards running'), 60_000);
  await new Promise((r) => setTimeout(r, 5000)); // let start-up work (module loading, first posture check) finish
  const ticks = () => {
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks
  };
  const hz = 100; // USER_HZ on Linux
  const c0 = ticks();
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const cpuMs = ((ticks() - c0) / hz) * 1000;
  const wallMs = performance.now() - w0;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  console.log(`idle: ${cpuMs.toFixed(0)} ms CPU in ${(wallMs / 1000).toFixed(0)} s = ${((100 * cpuMs) / wallMs).toFixed(2)}% of one core`);
  console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await xvfb.stop();
  tmp.cleanup();
}
