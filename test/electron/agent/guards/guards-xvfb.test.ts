import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../../shared/policy/schema';
import { EvidenceRecordSchema } from '../../../../electron/agent/guards/evidence';
import { GuardEngine } from '../../../../electron/agent/guards/guard-engine';
import { openLinuxAdapters, type LinuxAdapterSet } from '../../../../electron/agent/guards/linux/linux-adapters';
import { filesHoldingPlantedPans } from '../../../helpers/planted-pans';
import { waitFor } from '../../../helpers/poll';
import { makeTempDir } from '../../../helpers/temp-dir';
import { openFocusedWindow, pressKey, xclipCopy, xclipPaste } from '../../../helpers/x11-tools';
import { hasXvfb, startXvfb, type Xvfb } from '../../../helpers/xvfb';

const tmp = makeTempDir('shiftguard-guards-');
const dataDir = path.join(tmp.dir, 'agent');
const notesDir = path.join(tmp.dir, 'notes');
let xvfb: Xvfb;
let linux: LinuxAdapterSet;
let engine: GuardEngine;
let api: { port: number; token: string };
const consoleLines: string[] = [];
// The process guard sees every process on the machine: a per-run tool name keeps parallel runs of
// this file (or another agent on the machine) from acting on each other's stand-ins.
const CAPTURE_TOOL = `flameshot-${process.pid}`;

describe.skipIf(!hasXvfb())('guards on a real X display (Xvfb, xclip, real windows and processes)', () => {
  beforeAll(async () => {
    mkdirSync(notesDir, { recursive: true });
    xvfb = await startXvfb();
    linux = await openLinuxAdapters(xvfb.display);
    expect(linux.unavailable).toEqual([]);
    const policy = PolicySchema.parse({
      sensitive: { windowRules: [{ id: 'payment-page', titlePattern: 'payment|card entry' }], graceSeconds: 1, maxDurationMinutes: 30 },
      clipboard: { mode: 'scrub' },
      capture: { tools: [CAPTURE_TOOL, 'gnome-screenshot'], action: 'terminate' },
      notes: { watchedFolders: [notesDir], folderAction: 'redact' },
    });
    engine = new GuardEngine({ policy, adapters: linux.adapters, dataDir, deviceId: 'device-test', integrationPort: 0, windowPollMs: 100 });
    engine.audit.onEntry((e) => consoleLines.push(JSON.stringify(e)));
    const started = await engine.start();
    api = started.integrationApi!;
    expect(api.port).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await engine?.stop();
    linux?.close();
    await xvfb?.stop();
    tmp.cleanup();
  });

  const auditTypes = () => (existsSync(path.join(dataDir, 'audit.jsonl')) ? readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8') : '');

  it('scrubs a card number copied with xclip, outside sensitive mode too', async () => {
    expect(engine.state.active).toBe(false);
    await xclipCopy(xvfb.env, 'card 4111 1111 1111 1111 exp 12/27');
    const text = await waitFor('the clipboard to be scrubbed', async () => {
      const t = await xclipPaste(xvfb.env);
      return t.includes('1111 exp') && !t.includes('4111') ? t : null;
    });
    expect(text).toBe('card **** **** **** 1111 exp 12/27');
    await waitFor('the audit line', async () => (await engine.audit.flush(), auditTypes().includes('"clipboard.scrubbed"')));
  });

  it('starts sensitive mode when a real window whose title matches a rule gets the focus, and ends it when it closes', async () => {
    const win = await openFocusedWindow(xvfb.env, 'Acme CRM - Card Entry');
    try {
      const state = await waitFor('sensitive mode to start', () => (engine.state.active ? engine.state : null));
      expect(state.triggers.map((t) => t.id)).toEqual(['window:payment-page']);
    } finally {
      await win.close();
    }
    await waitFor('sensitive mode to end after the grace period', () => !engine.state.active);
    await engine.settled();
    const records = readdirSync(path.join(dataDir, 'evidence')).map((f) =>
      EvidenceRecordSchema.parse(JSON.parse(readFileSync(path.join(dataDir, 'evidence', f), 'utf8'))),
    );
    const record = records.find((r) => r.triggers.some((t) => t.id === 'window:payment-page'));
    expect(record?.endReason).toBe('released');
    expect(record?.controls).toMatchObject({ clipboard: 'scrub', captureTools: 'terminate', printScreen: 'blocked' });
  });

  it('in sensitive mode, terminates a capture tool, swallows Print Screen and scrubs the clipboard', async () => {
    engine.manual('start');
    await waitFor('sensitive mode', () => engine.state.active);
    // A stand-in for a capture tool: a copy of sleep named like flameshot.
    const bin = path.join(tmp.dir, 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync('/bin/sleep', path.join(bin, CAPTURE_TOOL));
    chmodSync(path.join(bin, CAPTURE_TOOL), 0o755);
    const tool = spawn(path.join(bin, CAPTURE_TOOL), ['600'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => tool.once('exit', (_code, signal) => resolve(signal)));
    const timeout = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000).unref());
    expect(await Promise.race([exited, timeout])).toMatch(/SIGTERM|SIGKILL/);
    await waitFor('the audit line', async () => (await engine.audit.flush(), auditTypes().includes('"capture.terminated"')));

    await waitFor('Print Screen to be grabbed', async () => {
      await pressKey(xvfb.env, 'Print');
      await engine.audit.flush();
      return auditTypes().includes('"print-screen.blocked"');
    });

    await xclipCopy(xvfb.env, '5555-5555-5555-4444');
    await waitFor('the clipboard to be scrubbed', async () => (await xclipPaste(xvfb.env)) === '****-****-****-4444');

    engine.manual('end');
    await waitFor('sensitive mode to end', () => !engine.state.active);
    await engine.settled();
    const evidenceDir = path.join(dataDir, 'evidence');
    const all = readdirSync(evidenceDir).map((f) => EvidenceRecordSchema.parse(JSON.parse(readFileSync(path.join(evidenceDir, f), 'utf8'))));
    const manual = all.find((r) => r.triggers.some((t) => t.id === 'manual'));
    expect(manual?.actions.map((a) => `${a.control}:${a.action}`)).toEqual(
      expect.arrayContaining(['capture:terminated', 'print-screen:swallowed', 'clipboard:scrubbed']),
    );
  });

  it('redacts a note file written with a card number in a watched folder, in place', async () => {
    const file = path.join(notesDir, 'call-notes.txt');
    writeFileSync(file, 'caller paid with 378282246310005, exp 11/26\nall good\n');
    const text = await waitFor('the note to be redacted', () => {
      const t = readFileSync(file, 'utf8');
      return t.includes('378282246310005') ? null : t;
    });
    expect(text).toBe('caller paid with ***********0005, exp 11/26\nall good\n');
  });

  it('the loopback API refuses a wrong token (and audits it), and accepts the right one', async () => {
    const url = `http://127.0.0.1:${api.port}/v1/sensitive/start`;
    const body = JSON.stringify({ source: 'softphone' });
    const wrong = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/json' }, body });
    expect(wrong.status).toBe(401);
    const none = await fetch(url, { method: 'POST', body });
    expect(none.status).toBe(401);
    expect(engine.state.active).toBe(false);
    await engine.audit.flush();
    expect(auditTypes()).toMatch(/"integration.refused".*"wrong-token"/);

    const ok = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body });
    expect(ok.status).toBe(200);
    expect(engine.state.active && engine.state.triggers.map((t) => t.id)).toEqual(['integration:softphone']);
    const end = await fetch(`http://127.0.0.1:${api.port}/v1/sensitive/end`, { method: 'POST', headers: { authorization: `Bearer ${api.token}` }, body });
    expect(end.status).toBe(200);
    await waitFor('sensitive mode to end', () => !engine.state.active);
  });

  it('wrote no planted card number to the audit log, the evidence or the console', async () => {
    await engine.audit.flush();
    await engine.evidence.flush();
    expect(auditTypes().length).toBeGreaterThan(0);
    expect(filesHoldingPlantedPans(dataDir, { console: consoleLines.join('\n') })).toEqual([]);
  });
});
