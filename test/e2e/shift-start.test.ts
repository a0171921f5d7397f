import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredReport } from '../../shared/api/workstations';
import { AgentProcess } from '../helpers/agent-process';
import { launchChromium } from '../helpers/chromium';
import { ROOT } from '../helpers/cli';
import { createDesktopHarness } from '../helpers/desktop-harness';
import { createDesktopSync } from '../helpers/desktop-sync';
import { outboxReportIds } from '../helpers/outbox-file';
import { holdsPlantedPan } from '../helpers/planted-pans';
import { waitFor } from '../helpers/poll';
import { postgresSkipReason, startPostgres, type PostgresCluster } from '../helpers/postgres';
import { RecordingProxy } from '../helpers/recording-proxy';
import { HttpUser, ServerProcess, TEST_ADMIN } from '../helpers/server-process';
import { serveStatic } from '../helpers/static-server';
import { makeTempDir } from '../helpers/temp-dir';
import { openFocusedWindow, xclipCopy, xclipPaste } from '../helpers/x11-tools';
import { hasXvfb, startXvfb, type Xvfb } from '../helpers/xvfb';

/**
 * The shift-start scenario, end to end with real parts: the central endpoint as a process (on
 * SQLite, then again on a throwaway PostgreSQL cluster), two headless agents (`shiftguard run`,
 * separate data folders) under Xvfb reporting through a loopback proxy, the desktop app's agent UI
 * (the built renderer in Chromium on the real main-process code) and the console in real Chromium.
 */
const CONSOLE_BUILT = existsSync(path.join(ROOT, 'dist', 'console', 'index.html'));
const RENDERER_BUILT = existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'));
const POSTGRES_SKIP = postgresSkipReason();
const CAPTURE_TOOL = 'sg-capture-standin';
const SUPERVISOR = { email: 'sup-payments@example.test', password: 'supervisor long password' };

if (!hasXvfb()) console.log('skipped: the shift-start scenario needs Xvfb, xclip and xdotool');
if (!CONSOLE_BUILT || !RENDERER_BUILT) console.log('skipped: the shift-start scenario needs the built console and agent UI (npm run build:web; npm test does it)');
if (POSTGRES_SKIP) console.log(`${POSTGRES_SKIP} (the shift-start scenario on PostgreSQL)`);

type Engine = 'SQLite' | 'PostgreSQL';
const HEALTH_ENGINE: Record<Engine, string> = { SQLite: 'sqlite', PostgreSQL: 'postgres' };

/** waitFor, with the agent's recent output in the failure message. */
async function waitAgent<T>(agent: AgentProcess, what: string, probe: () => T | Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  try {
    return await waitFor(what, probe, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- agent output ---\n${agent.output.slice(-3000)}`);
  }
}

function deviceIdOf(agent: AgentProcess): string {
  return /as device ([0-9a-f-]{36})/.exec(agent.output)?.[1] ?? '';
}

/**
 * The whole scenario against a server on `engine`: its own temp folder, display, server, proxy,
 * browser and agents, so the two runs share nothing but this code.
 */
function shiftStartScenario(engine: Engine): void {
  let tmp: ReturnType<typeof makeTempDir>;
  let notes = '';
  let cluster: PostgresCluster | undefined;
  /** The server process's environment: on PostgreSQL its database, the same one again after the restart in step 5. */
  let serverEnv: NodeJS.ProcessEnv = {};
  let xvfb: Xvfb;
  let server: ServerProcess;
  let proxy: RecordingProxy;
  let browser: Browser;
  let admin: HttpUser;
  const agents: AgentProcess[] = [];
  let teamId = '';
  let token = '';
  /** The agent UI: the built renderer, served on loopback (Chromium refuses ES modules from file://). */
  let site: Awaited<ReturnType<typeof serveStatic>> | undefined;
  let desktop: { harness: ReturnType<typeof createDesktopHarness>; sync: ReturnType<typeof createDesktopSync> } | undefined;

  async function reportsOf(deviceId: string): Promise<StoredReport[]> {
    const res = await admin.ok<{ reports: StoredReport[] }>('GET', `/api/v1/workstations/${deviceId}/history?limit=500`);
    return res.reports;
  }

  async function signInConsole(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fleet overview' }).waitFor({ timeout: 30_000 });
  }

  /** The engine the running server reports on /healthz: the scenario really runs where its title says. */
  async function serverEngine(): Promise<unknown> {
    return ((await (await fetch(`${server.url}/healthz`)).json()) as { engine?: unknown }).engine;
  }

  beforeAll(async () => {
    tmp = makeTempDir(`shiftguard-e2e-${HEALTH_ENGINE[engine]}-`);
    notes = path.join(tmp.dir, 'notes');
    mkdirSync(notes, { recursive: true });
    if (engine === 'PostgreSQL') {
      cluster = await startPostgres();
      serverEnv = { DATABASE_URL: await cluster.createDatabase() };
    }
    xvfb = await startXvfb();
    server = await ServerProcess.start(path.join(tmp.dir, 'server'), { env: serverEnv });
    proxy = await RecordingProxy.start(server.url);
    admin = await HttpUser.login(server.url);
    browser = await launchChromium();
    site = await serveStatic(path.join(ROOT, 'dist', 'renderer'));
  }, 180_000);

  /**
   * One part of the teardown. A slow part is reported by name, not hidden (each part is bounded); a
   * failing one does not stop the others (no cluster or display is left behind), its error is kept.
   */
  const teardownErrors: unknown[] = [];
  async function teardown(what: string, part: () => unknown): Promise<void> {
    const started = Date.now();
    // Said while it waits too: should the hook time out, the log names the part that held it.
    const waiting = setTimeout(() => console.log(`the shift-start scenario (${engine}): still stopping ${what} after 30 s`), 30_000);
    try {
      await part();
    } catch (error) {
      teardownErrors.push(error);
    } finally {
      clearTimeout(waiting);
    }
    if (Date.now() - started > 10_000) console.log(`the shift-start scenario (${engine}): stopping ${what} took ${Date.now() - started} ms`);
  }

  // The parts' own bounds add up to well over a minute; a loaded machine gets a generous margin.
  afterAll(async () => {
    // The desktop app first: its stop notice (agent-stopped) still has a server to go to.
    await teardown('the desktop app', () => desktop?.harness.engine.stop({ reason: 'quit-by-agent', at: new Date() }));
    await teardown("the desktop app's sync engine", () => desktop?.sync.close());
    // Together: each agent may take up to 15 s to stop, and they do not wait for one another.
    await teardown('the headless agents', () => Promise.all(agents.map((a) => a.stopWithin(15_000))));
    // Chromium before the sites it holds connections to, so closing those does not wait on them.
    await teardown('Chromium', () => browser?.close());
    await teardown('the agent UI site', () => site?.close());
    await teardown('the proxy', () => proxy?.close());
    await teardown('the server', () => server?.stop());
    await teardown('the PostgreSQL cluster', () => cluster?.stop());
    await teardown('Xvfb', () => xvfb?.stop());
    tmp?.cleanup();
    if (teardownErrors.length > 0) throw teardownErrors[0];
  }, 240_000);

  it('1. IT signs in to the console, and a policy and an enrollment token for team "Payments" are published', { timeout: 120_000 }, async () => {
    expect(await serverEngine()).toBe(HEALTH_ENGINE[engine]);
    const page = await browser.newPage();
    await signInConsole(page, TEST_ADMIN.email, TEST_ADMIN.password);
    // The console's own API calls, with the console's session (the policy editor's fields are covered by test/server/console).
    const call = (method: string, url: string, body?: unknown) =>
      page.evaluate(
        async ({ method, url, body }) => {
          const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
          const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
          return { status: res.status, json: (await res.text()) || 'null' };
        },
        { method, url, body },
      );
    const ok = async <T,>(method: string, url: string, body?: unknown): Promise<T> => {
      const r = await call(method, url, body);
      if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.json}`);
      return JSON.parse(r.json) as T;
    };
    teamId = (await ok<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' })).id;
    const document = {
      name: 'Payments floor',
      reportIntervalMinutes: 1,
      posture: { osPatches: { maxDaysSinceUpdate: 1 } },
      clipboard: { mode: 'lock' },
      capture: { tools: [CAPTURE_TOOL], action: 'terminate' },
      notes: { watchedFolders: [notes], folderAction: 'redact' },
      sensitive: { windowRules: [{ id: 'payment', titlePattern: '^Payment' }], graceSeconds: 0, integrationApi: { enabled: false } },
    };
    const policy = await ok<{ id: string }>('POST', '/api/v1/policies', { name: 'Payments floor', document });
    await ok('POST', `/api/v1/policies/${policy.id}/versions/1/publish`, { rollout: { stage: 'all' } });
    expect((await call('PUT', `/api/v1/teams/${teamId}/policy`, { policyId: policy.id })).status).toBe(204);
    token = (await ok<{ token: string }>('POST', '/api/v1/enrollment-tokens', { teamId, maxUses: 3, expiresInHours: 1 })).token;
    await ok('POST', '/api/v1/users', { ...SUPERVISOR, role: 'supervisor', teamIds: [teamId] });
    await page.close();
  });

  it('2-3. two agents enroll with the token, apply the policy, fail a check, and the supervisor sees them live', { timeout: 180_000 }, async () => {
    const supervisor = await browser.newPage();
    await signInConsole(supervisor, SUPERVISOR.email, SUPERVISOR.password);
    await supervisor.goto(`${server.url}/#/workstations?compliant=false`);
    for (const name of ['a', 'b']) agents.push(AgentProcess.start(path.join(tmp.dir, `agent-${name}`), ['--server', proxy.url, '--token', token], xvfb.env));
    for (const agent of agents) {
      await waitAgent(agent, 'the agent to enroll, apply the policy and start its guards', () => /policy \S+ version 1 applied/.test(agent.output) && /guards running \(clipboard lock, 1 window rule|policy Payments floor version 1 applied|guards\.policy-applied \{"policy":"Payments floor","version":1/.test(agent.output), 90_000);
      await waitFor('a posture verdict', () => /posture (not )?compliant/.test(agent.output), 90_000);
    }
    // This machine fails checks (no disk encryption in CI, patch age over the policy's 1 day, ...): the verdict is "not compliant".
    for (const agent of agents) expect(agent.output).toMatch(/posture not compliant/);
    for (const agent of agents) await supervisor.locator(`tbody tr[data-device="${deviceIdOf(agent)}"]`).waitFor({ timeout: 60_000 });
    const listed = await admin.ok<{ items: { deviceId: string; compliant: boolean | null; appliedPolicy: { version: number } | null }[] }>('GET', '/api/v1/workstations');
    for (const agent of agents) expect(listed.items.find((w) => w.deviceId === deviceIdOf(agent))).toMatchObject({ compliant: false, appliedPolicy: { version: 1 } });
    await supervisor.close();
  });

  it('3. an agent starts its shift in the desktop app: the checks run, the UI shows each failure with its fix, the supervisor sees it fail live', { timeout: 240_000 }, async () => {
    const supervisor = await browser.newPage();
    await signInConsole(supervisor, SUPERVISOR.email, SUPERVISOR.password);
    // Opened before the app enrolls: the workstation has to appear without a reload.
    await supervisor.goto(`${server.url}/#/workstations?compliant=false`);
    // IT's managed configuration hands the app the server (through the proxy, like the headless agents) and the token.
    const sync = createDesktopSync({ preset: { serverUrl: proxy.url, enrollmentToken: token } });
    // The real checks of this machine (the harness's default), judged against the policy the sync engine received.
    const harness = createDesktopHarness({ sync: sync.sync });
    desktop = { harness, sync };
    const page = await browser.newPage();
    await harness.attach(page, site!.url);
    await page.goto(`${site!.url}/index.html`);
    await harness.engine.start();
    const enrolled = await waitFor('the desktop app to enroll and apply version 1', () => {
      const device = sync.engine.enrolled();
      return device && sync.engine.policies.current().version === 1 && harness.engine.policy().name === 'Payments floor' ? device : null;
    }, 90_000);
    // Enrolling started a round on whatever policy was in force then; the shift's round is on version 1.
    await waitFor('the enrollment round to finish', () => !harness.engine.running(), 90_000);
    await harness.app.openShiftStart();
    const run = harness.engine.lastRun()!;
    const failed = run.checks.filter((c) => c.status === 'fail');
    // This machine fails checks (see steps 2-3); a machine that passes them all cannot show a fix.
    expect(failed.map((c) => c.id), JSON.stringify(run.checks)).not.toEqual([]);
    for (const check of failed) {
      const row = page.locator(`li[data-check="${check.id}"]`);
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('fail');
      expect(check.remediation, check.id).toBeTruthy();
      expect(await row.textContent()).toContain(`What to do: ${check.remediation}`);
    }
    expect(await page.getByTestId('verdict').getAttribute('data-readiness')).not.toBe('ready');
    await waitFor('the shift-start report to be delivered', () => harness.engine.lastReport().delivered, 90_000);
    await supervisor.locator(`tbody tr[data-device="${enrolled.deviceId}"]`).waitFor({ timeout: 60_000 });
    const listed = await admin.ok<{ items: { deviceId: string; compliant: boolean | null; appliedPolicy: { version: number } | null }[] }>('GET', '/api/v1/workstations');
    expect(listed.items.find((w) => w.deviceId === enrolled.deviceId)).toMatchObject({ compliant: false, appliedPolicy: { version: 1 } });
    await supervisor.close();
  });

  it('4. a payment window opens: sensitive mode, clipboard scrubbed, capture tool terminated, note redacted', { timeout: 120_000 }, async () => {
    const [agent] = agents;
    const bin = path.join(tmp.dir, 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync('/bin/sleep', path.join(bin, CAPTURE_TOOL));
    const before = agent!.output.length;
    const window = await openFocusedWindow(xvfb.env, 'Payment - card entry');
    try {
      await waitAgent(agent!, 'sensitive mode to start', () => agent!.output.slice(before).includes('sensitive.start'), 30_000);
      await xclipCopy(xvfb.env, 'card 4111 1111 1111 1111');
      await waitFor('the clipboard to be emptied or scrubbed', async () => !holdsPlantedPan(await xclipPaste(xvfb.env)), 30_000);
      const tool = spawn(path.join(bin, CAPTURE_TOOL), ['600'], { stdio: 'ignore' });
      const ended = new Promise<string | null>((resolve) => tool.once('exit', (_code, signal) => resolve(signal)));
      expect(await ended).toMatch(/SIG/);
      writeFileSync(path.join(notes, 'call-notes.txt'), 'customer card 5555 5555 5555 4444, call back\n');
      await waitFor('the note to be redacted', () => !holdsPlantedPan(readFileSync(path.join(notes, 'call-notes.txt'), 'utf8')), 30_000);
      expect(readFileSync(path.join(notes, 'call-notes.txt'), 'utf8')).toContain('4444');
    } finally {
      await window.close();
    }
    await waitFor('sensitive mode to end', () => agent!.output.slice(before).includes('sensitive.end'), 30_000);
  });

  it('4b. the supervisor sees sensitive mode and the masked events', { timeout: 120_000 }, async () => {
    const deviceId = deviceIdOf(agents[0]!);
    const reports = await waitFor(
      'sensitive-state and guard-events reports',
      async () => {
        const r = await reportsOf(deviceId);
        return r.some((x) => x.body.kind === 'sensitive-state') && r.some((x) => x.body.kind === 'guard-events') ? r : null;
      },
      90_000,
    );
    expect(holdsPlantedPan(JSON.stringify(reports))).toBe(false);
    const supervisor = await browser.newPage();
    await signInConsole(supervisor, SUPERVISOR.email, SUPERVISOR.password);
    await supervisor.goto(`${server.url}/#/workstations/${deviceId}`);
    await supervisor.getByText(/sensitive/i).first().waitFor({ timeout: 30_000 });
    expect(holdsPlantedPan(await supervisor.content())).toBe(false);
    await supervisor.close();
  });

  it('5. the endpoint is killed and restarted: no report is lost or duplicated', { timeout: 240_000 }, async () => {
    const [, second] = agents;
    // Down: the server process dies (SIGKILL) while agents are connected; the second agent stops meanwhile, queueing "agent-stopped".
    await server.kill();
    expect(await second!.stop()).toBe(0);
    const restarted = AgentProcess.start(second!.root, ['--server', proxy.url], xvfb.env);
    agents.push(restarted);
    await waitFor('the restarted agent to queue its first posture report', () => /report \S+ queued/.test(restarted.output), 90_000);
    // The agent in the desktop app checks again meanwhile: that report waits in the app's outbox.
    const desk = desktop!;
    const offline = await desk.harness.engine.runChecks().then(() => desk.harness.engine.lastReport().report!.reportId);
    // The same data folder, and on PostgreSQL the same database in the same cluster.
    server = await ServerProcess.start(server.dataDir, { env: serverEnv });
    expect(await serverEngine()).toBe(HEALTH_ENGINE[engine]);
    proxy.target = server.url;
    admin = await HttpUser.login(server.url);
    const outboxes = [
      { dataDir: agents[0]!.dataDir, deviceId: deviceIdOf(agents[0]!) },
      { dataDir: restarted.dataDir, deviceId: deviceIdOf(restarted) },
      { dataDir: desk.sync.dataDir, deviceId: desk.sync.engine.enrolled()!.deviceId },
    ];
    for (const { dataDir } of outboxes) {
      await waitFor(
        'the outbox to drain',
        () => {
          const { pending } = outboxReportIds(dataDir);
          return pending.length === 0 && outboxReportIds(dataDir).queued.length > 0;
        },
        120_000,
      );
    }
    for (const { dataDir, deviceId } of outboxes) {
      const { queued } = outboxReportIds(dataDir);
      const stored = (await reportsOf(deviceId)).map((r) => r.reportId);
      // Every report the agent queued is stored, and stored once.
      expect(stored.filter((id) => queued.includes(id)).sort()).toEqual([...new Set(queued)].sort());
      expect(new Set(stored).size).toBe(stored.length);
    }
    expect((await reportsOf(outboxes[2]!.deviceId)).map((r) => r.reportId)).toContain(offline);
    const kinds = (await reportsOf(deviceIdOf(second!))).map((r) => r.body.kind);
    expect(kinds, second!.output).toContain('agent-stopped');
  });
}

describe.skipIf(!hasXvfb() || !CONSOLE_BUILT || !RENDERER_BUILT)('the shift-start scenario (SQLite)', () => shiftStartScenario('SQLite'));
describe.skipIf(!hasXvfb() || !CONSOLE_BUILT || !RENDERER_BUILT || POSTGRES_SKIP !== null)('the shift-start scenario (PostgreSQL)', () => shiftStartScenario('PostgreSQL'));
