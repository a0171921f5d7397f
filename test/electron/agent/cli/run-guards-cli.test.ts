import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentProcess } from '../../../helpers/agent-process';
import { runCli } from '../../../helpers/cli';
import { filesHoldingPlantedPans } from '../../../helpers/planted-pans';
import { waitFor } from '../../../helpers/poll';
import { makeTempDir } from '../../../helpers/temp-dir';
import { xclipCopy, xclipPaste } from '../../../helpers/x11-tools';
import { hasXvfb, startXvfb, type Xvfb } from '../../../helpers/xvfb';

const tmp = makeTempDir();
let xvfb: Xvfb;

describe.skipIf(!hasXvfb())('shiftguard run (headless guards, real process)', () => {
  beforeAll(async () => {
    xvfb = await startXvfb();
  });
  afterAll(async () => {
    await xvfb?.stop();
    tmp.cleanup();
  });

  it('refuses a bad policy file naming the field', async () => {
    const file = path.join(tmp.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ sensitive: { webhooks: [{ url: 'ftp://x', secret: 'short' }] } }));
    const { code, stderr } = await runCli(['run', '--policy', file, '--data', path.join(tmp.dir, 'bad-data')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/sensitive\.webhooks\.0\.url/);
  });

  it('a fresh install (no policy file, not enrolled) already scrubs card numbers off the clipboard, and leaves ordinary text alone', async () => {
    const agent = AgentProcess.start(path.join(tmp.dir, 'fresh'), [], xvfb.env);
    try {
      await waitFor('the guards to start', () => agent.output.includes('guards running'), 30_000);
      await xclipCopy(xvfb.env, 'ref 4012 8888 8888 1881 ok');
      await waitFor('the clipboard to be scrubbed', async () => (await xclipPaste(xvfb.env)) === 'ref **** **** **** 1881 ok');
      await xclipCopy(xvfb.env, 'call back on 020 7946 0958');
      // Give the guard time to (wrongly) act on it, then check it did not.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await xclipPaste(xvfb.env)).toBe('call back on 020 7946 0958');
    } finally {
      await agent.stop();
    }
    expect(await agent.exited).toBe(0);
  });

  it('runs the guards until SIGTERM: scrubs the clipboard, redacts notes, ends the session cleanly', async () => {
    const notes = path.join(tmp.dir, 'notes');
    mkdirSync(notes);
    const policyFile = path.join(tmp.dir, 'policy.json');
    writeFileSync(
      policyFile,
      JSON.stringify({
        name: 'Test floor',
        clipboard: { mode: 'scrub' },
        notes: { watchedFolders: [notes], folderAction: 'redact' },
        sensitive: { integrationApi: { enabled: true, port: 47000 + (process.pid % 2000) } },
      }),
    );
    const agent = AgentProcess.start(path.join(tmp.dir, 'floor'), ['--policy', policyFile], xvfb.env);
    const { dataDir } = agent;
    try {
      await waitFor('the guards to start', () => agent.output.includes('guards running'), 30_000);
      await xclipCopy(xvfb.env, 'card 5555 5555 5555 4444');
      await waitFor('the clipboard to be scrubbed', async () => (await xclipPaste(xvfb.env)) === 'card **** **** **** 4444');
      writeFileSync(path.join(notes, 'n.md'), '# call\n4111111111111111\n');
      await waitFor('the note to be redacted', () => readFileSync(path.join(notes, 'n.md'), 'utf8') === '# call\n************1111\n');
    } finally {
      await agent.stop();
    }
    expect(await agent.exited).toBe(0);
    const out = agent.output;
    expect(out).toMatch(/guards stopped/);
    const audit = readFileSync(path.join(dataDir, 'audit.jsonl'), 'utf8');
    expect(audit).toMatch(/"clipboard.scrubbed"/);
    expect(audit).toMatch(/"folder.redacted"/);
    expect(existsSync(path.join(dataDir, 'integration-token'))).toBe(true);
    expect(readdirSync(dataDir)).not.toContain('quarantine');
    expect(filesHoldingPlantedPans(dataDir, { output: out })).toEqual([]);
  });
});
