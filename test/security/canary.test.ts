import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskScratchpad } from '../../shared/scratchpad/mask-scratchpad';
import { AgentProcess } from '../helpers/agent-process';
import { filesHoldingPlantedPans, holdsPlantedPan } from '../helpers/planted-pans';
import { waitFor } from '../helpers/poll';
import { RecordingProxy } from '../helpers/recording-proxy';
import { HttpUser, ServerProcess } from '../helpers/server-process';
import { makeTempDir } from '../helpers/temp-dir';
import { TestDevice } from '../helpers/test-device';
import { openFocusedWindow, xclipCopy, xclipPaste } from '../helpers/x11-tools';
import { hasXvfb, startXvfb, type Xvfb } from '../helpers/xvfb';

/**
 * The canary: known card numbers are planted in every input path (clipboard, a note file in a
 * watched folder, the scratchpad masking, the title of a real X window matching a rule, HTTP
 * bodies to the server and to the loopback integration API), then every byte the system wrote is
 * searched for them (agent data folder and HOME: store, outbox, audit, evidence, posture state;
 * server data folder: SQLite database and WAL; both processes' output; all traffic between agent
 * and server, recorded by a loopback proxy). None may appear, in any script, separator or encoding.
 */
const tmp = makeTempDir('shiftguard-canary-');
let xvfb: Xvfb;
let server: ServerProcess | undefined;
let proxy: RecordingProxy | undefined;
let agent: AgentProcess | undefined;

function loopback(port: number, method: string, pathName: string, token: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathName, method, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The lines of a file that hold a planted number (for the failure message). */
function where(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file).toString('latin1');
  return text
    .replaceAll(String.fromCharCode(0), '\n')
    .split('\n')
    .filter((line) => holdsPlantedPan(line))
    .map((line) => line.replace(/[^\x20-\x7e]/g, '.').slice(0, 300))
    .slice(0, 3)
    .join(' | ');
}

describe.skipIf(!hasXvfb())('canary: no planted card number in anything the system wrote', () => {
  beforeAll(async () => {
    xvfb = await startXvfb();
  });
  afterAll(async () => {
    await agent?.stop();
    await proxy?.close();
    await server?.stop();
    await xvfb?.stop();
    tmp.cleanup();
  });

  it('plants card numbers in every input path and finds none written anywhere', { timeout: 180_000 }, async () => {
    const serverDir = path.join(tmp.dir, 'server');
    const agentRoot = path.join(tmp.dir, 'agent');
    const notes = path.join(tmp.dir, 'notes');
    mkdirSync(notes, { recursive: true });
    server = await ServerProcess.start(serverDir);
    proxy = await RecordingProxy.start(server.url);
    const admin = await HttpUser.login(server.url);

    const apiPort = 46000 + (process.pid % 3000);
    const document = {
      name: 'Payments floor',
      reportIntervalMinutes: 1,
      clipboard: { mode: 'lock' },
      capture: { tools: ['canary-capture'], action: 'terminate' },
      notes: { watchedFolders: [notes], folderAction: 'redact' },
      sensitive: { windowRules: [{ id: 'payment', titlePattern: '^Payment' }], graceSeconds: 0, integrationApi: { enabled: true, port: apiPort } },
    };
    const team = await admin.ok<{ id: string }>('POST', '/api/v1/teams', { name: 'Payments' });
    const policy = await admin.ok<{ id: string }>('POST', '/api/v1/policies', { name: 'Payments floor', document });
    await admin.ok('POST', `/api/v1/policies/${policy.id}/versions/1/publish`, { rollout: { stage: 'all' } });
    await admin.ok('PUT', `/api/v1/teams/${team.id}/policy`, { policyId: policy.id });
    const { token } = await admin.ok<{ token: string }>('POST', '/api/v1/enrollment-tokens', { teamId: team.id, maxUses: 2 });

    const policyFile = path.join(tmp.dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(document));
    agent = AgentProcess.start(agentRoot, ['--server', proxy.url, '--token', token, '--policy', policyFile], xvfb.env);
    await waitFor('the agent to enroll and start its guards', () => agent!.output.includes('guards running') && agent!.output.includes('reporting to'), 60_000);

    // 1. Clipboard.
    await xclipCopy(xvfb.env, 'card 4111 1111 1111 1111 exp 12/27');
    await waitFor('the clipboard to be scrubbed', async () => !holdsPlantedPan(await xclipPaste(xvfb.env)), 20_000);
    // 2. A note file in a watched folder.
    writeFileSync(path.join(notes, 'call.txt'), 'caller read out 5555-5555-5555-4444 twice\n');
    await waitFor('the note to be redacted', () => !holdsPlantedPan(readFileSync(path.join(notes, 'call.txt'), 'utf8')), 20_000);
    // 3. The scratchpad masking (the desktop app shows and keeps only its output).
    const scratch = maskScratchpad('amex 3782 822463 10005 / visa ٤١١١١١١١١١١١١١١١');
    // 4. The title of a real X window that matches a rule.
    const window = await openFocusedWindow(xvfb.env, 'Payment 4111111111111111');
    await waitFor('sensitive mode to start', () => agent!.output.includes('sensitive.start'), 20_000);
    await window.close();
    // 5. HTTP bodies to the server: a report carrying a card number, a sign-in, an enrollment, a policy.
    const device = new TestDevice('canary-desk');
    const enrolled = await fetch(`${server.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...device.enrollmentRequest(token), hostname: 'desk 4111 1111 1111 1111' }) });
    if (enrolled.status === 201) device.deviceId = ((await enrolled.json()) as { deviceId: string }).deviceId;
    else {
      const again = await fetch(`${server.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(device.enrollmentRequest(token)) });
      device.deviceId = ((await again.json()) as { deviceId: string }).deviceId;
    }
    const report = device.posture({ checks: [{ id: 'disk-encryption', status: 'fail', summary: 'card 5555555555554444 on screen', evidence: { note: '378282246310005' }, remediation: 'x', durationMs: 1 }] });
    expect(enrolled.status).toBe(422);
    const refused = await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(device.envelope('report', report)) });
    expect(refused.status).toBe(422);
    await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: '4111111111111111@example.test', password: '5555 5555 5555 4444' }) });
    expect((await admin.call('POST', '/api/v1/teams', { name: 'Team 4111 1111 1111 1111' })).status).toBe(422);
    await admin.call('POST', '/api/v1/policies', { name: 'P 5555555555554444', document: { name: '378282246310005', sensitive: { windowRules: [{ id: 'x', titlePattern: '4111111111111111' }] } } });
    // 6. HTTP bodies and paths to the loopback integration API.
    const apiToken = readFileSync(path.join(agent.dataDir, 'integration-token'), 'utf8').trim();
    // A source name that is a card number is refused (it would be written to audit, evidence and reports).
    expect(await loopback(apiPort, 'POST', '/v1/sensitive/start', apiToken, '{"source":"4111111111111111"}')).toBe(400);
    expect(await loopback(apiPort, 'POST', '/v1/sensitive/start', apiToken, '{"source":"crm-5555555555554444"}')).toBe(400);
    expect(await loopback(apiPort, 'POST', '/v1/sensitive/start', apiToken, 'card 5555 5555 5555 4444')).toBe(400);
    expect(await loopback(apiPort, 'GET', '/v1/4111111111111111', apiToken)).toBe(404);

    // The agent delivered reports through the proxy (so the traffic search covers real reports).
    await waitFor('a report delivered through the proxy', () => proxy!.exchanges.some((e) => /POST \/api\/v1\/reports -> 20[01]/.test(e)), 60_000);
    await agent.stop();
    // Search the server's files while it runs (WAL not yet checkpointed) and after it stopped.
    const live = filesHoldingPlantedPans(serverDir).map((file) => `${file} (server running): ${where(file)}`);
    await server.stop();

    const hits = [
      ...live,
      ...[...filesHoldingPlantedPans(serverDir), ...filesHoldingPlantedPans(agentRoot)].map((file) => `${file}: ${where(file)}`),
      ...filesHoldingPlantedPans(notes, {
        'server output': server.output,
        'agent output': agent.output,
        'agent-server traffic': proxy.traffic(),
        'clipboard now': await xclipPaste(xvfb.env),
        'scratchpad output': scratch.text,
      }),
    ];
    if (process.env.SHIFTGUARD_CANARY_DEBUG) console.log(agent.output, proxy.exchanges.join('\n'));
    expect(hits).toEqual([]);
  });
});
