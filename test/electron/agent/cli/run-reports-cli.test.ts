import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '../../../../shared/api/workstations';
import { openDatabase } from '../../../../server/db/database';
import { loadEnrolledDevice } from '../../../../electron/agent/sync/device-state';
import { CLI, ROOT } from '../../../helpers/cli';
import { filesHoldingPlantedPans } from '../../../helpers/planted-pans';
import { waitFor } from '../../../helpers/poll';
import { makeTempDir } from '../../../helpers/temp-dir';
import { openFocusedWindow, xclipCopy, xclipPaste } from '../../../helpers/x11-tools';
import { hasXvfb, startXvfb, type Xvfb } from '../../../helpers/xvfb';
import { LoopbackServer } from '../sync/helpers/sync-setup';

const tmp = makeTempDir('shiftguard-run-reports-');
const serverDir = path.join(tmp.dir, 'server');
const agentDir = path.join(tmp.dir, 'agent');
let xvfb: Xvfb;
let server: LoopbackServer;

/** Policy documents as IT would publish them; the integration API stays off (no fixed port in tests). */
const FLOOR_V1 = {
  name: 'Payments floor',
  reportIntervalMinutes: 60,
  clipboard: { mode: 'scrub' },
  sensitive: { windowRules: [{ id: 'payment-page', titlePattern: 'card entry' }], graceSeconds: 1, integrationApi: { enabled: false } },
};
const FLOOR_V2 = {
  ...FLOOR_V1,
  clipboard: { mode: 'lock' },
  sensitive: { ...FLOOR_V1.sensitive, windowRules: [...FLOOR_V1.sensitive.windowRules, { id: 'notes-console', titlePattern: '^notes console' }] },
};

describe.skipIf(!hasXvfb())('shiftguard run: guards report to the server and follow its policy (real server, real guards under Xvfb)', () => {
  beforeAll(async () => {
    xvfb = await startXvfb();
    server = await LoopbackServer.start({ database: await openDatabase({ dataDir: serverDir, databaseUrl: undefined }) });
  });
  afterAll(async () => {
    await server?.close();
    await xvfb?.stop();
    tmp.cleanup();
  });

  it('reports sensitive-mode changes and masked guard events, and switches the guards when a new policy is published', async () => {
    const team = await server.team('Payments');
    const policyId = await server.policyForTeam(team, FLOOR_V1);
    const managed = path.join(tmp.dir, 'managed.json');
    writeFileSync(managed, JSON.stringify({ IdentitySource: 'asset-tag', AssetTag: `SEAT-${process.pid}` }));
    const env = {
      ...xvfb.env,
      SHIFTGUARD_AGENT_DATA: agentDir,
      SHIFTGUARD_STATE_DIR: path.join(tmp.dir, 'state'),
      SHIFTGUARD_MANAGED_CONFIG: managed,
      SHIFTGUARD_SERVER: '',
      SHIFTGUARD_ENROLL_TOKEN: '',
    };
    const child = spawn(process.execPath, [CLI, 'run', '--server', server.url, '--token', await server.token(team)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const windows: Array<{ close: () => Promise<void> }> = [];
    let deviceId = '';
    const reports = async (kind: StoredReport['body']['kind']) => (await server.history(deviceId)).filter((r) => r.body.kind === kind).map((r) => r.body);
    const stateReports = async () => (await reports('sensitive-state')) as Array<Extract<StoredReport['body'], { kind: 'sensitive-state' }>>;
    const guardEvents = async () => ((await reports('guard-events')) as Array<Extract<StoredReport['body'], { kind: 'guard-events' }>>).flatMap((r) => r.events);
    try {
      // Version 1 may arrive before the guards start or after: either way they run on it.
      await waitFor('the guards to run on the published policy', () => out.includes('guards running') && /guards\.(start|policy-applied) \{"policy":"[^"]*","version":1\b/.test(out), 90_000);
      deviceId = loadEnrolledDevice(agentDir)!.deviceId;

      // A matching window starts sensitive mode; closing it ends it after the grace period.
      const payment = await openFocusedWindow(xvfb.env, 'Acme CRM - Card Entry');
      windows.push(payment);
      await waitFor('a sensitive-state start report on the server', async () => (await stateReports()).some((r) => r.active && r.trigger === 'window-rule' && r.ruleId === 'payment-page'), 60_000);
      await payment.close();
      await waitFor('a sensitive-state end report on the server', async () => (await stateReports()).some((r) => !r.active && r.trigger === 'grace-expired'), 60_000);
      // The rule id only: never the window's title.
      expect(JSON.stringify(await stateReports())).not.toMatch(/Acme|Card Entry/i);

      // A card number copied with xclip is scrubbed and reported masked.
      await xclipCopy(xvfb.env, 'card 4111 1111 1111 1111 exp 12/27');
      await waitFor('the clipboard to be scrubbed', async () => (await xclipPaste(xvfb.env)) === 'card **** **** **** 1111 exp 12/27', 30_000);
      const scrubbed = await waitFor('a guard-events report on the server', async () => (await guardEvents()).find((e) => e.guard === 'clipboard' && e.action === 'scrubbed'), 60_000);
      expect(scrubbed.findings).toEqual([{ brand: 'visa', length: 16, last4: '1111' }]);

      // IT publishes version 2: clipboard lock and a new window rule. The running agent applies it.
      expect(await server.publishVersion(policyId, FLOOR_V2)).toBe(2);
      await waitFor('version 2 applied by the guards', () => /guards\.policy-applied \{"policy":"[^"]*","version":2\b/.test(out), 60_000);
      const notes = await openFocusedWindow(xvfb.env, 'Notes Console');
      windows.push(notes);
      await waitFor('sensitive mode by the new rule', async () => (await stateReports()).some((r) => r.active && r.ruleId === 'notes-console'), 60_000);
      // Lock (new) rather than scrub (old): in sensitive mode anything copied is wiped, card or not.
      await waitFor('ordinary text copied in sensitive mode to be wiped', async () => {
        await xclipCopy(xvfb.env, 'call back at noon');
        return waitFor('the wipe', async () => (await xclipPaste(xvfb.env)) === '', 3_000).catch(() => false);
      }, 30_000);
      await waitFor('the wipe reported', async () => (await guardEvents()).some((e) => e.guard === 'clipboard' && e.action === 'cleared'), 60_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- agent output ---\n${out.slice(-6000)}`);
    } finally {
      for (const w of windows) await w.close();
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const history = await server.history(deviceId);
    expect(history.at(-1)?.body.kind).toBe('agent-stopped');
    // Every report was signed by the device and stored once.
    expect(new Set(history.map((r) => r.reportId)).size).toBe(history.length);
    // No full card number anywhere: not in the server's database files, not in the agent's files, not in its output.
    expect(filesHoldingPlantedPans(serverDir)).toEqual([]);
    expect(filesHoldingPlantedPans(agentDir, { output: out })).toEqual([]);
  }, 240_000);
});
