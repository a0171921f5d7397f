import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostureCheck } from '../../../electron/agent/posture/check-context';
import { SafeStorageKeyProtector, chooseKeyProtector, type SafeStorageLike } from '../../../electron/main/adapters/safe-storage-protector';
import { createDesktopGuards } from '../../helpers/desktop-guards';
import { createDesktopHarness } from '../../helpers/desktop-harness';
import { createDesktopSync } from '../../helpers/desktop-sync';
import { makeTempDir } from '../../helpers/temp-dir';
import { loadManagedConfig } from '../../../electron/main/managed/load-managed-config';
import { MemoryStore } from '../../../electron/main/store/key-value-store';
import { waitFor } from '../agent/sync/helpers/poll';
import { SwitchableProxy } from '../agent/sync/helpers/switchable-proxy';
import { LoopbackServer } from '../agent/sync/helpers/sync-setup';

// The desktop app's main-process side (DesktopApp + DesktopEngine + GuardHost) on issue 9's real
// SyncEngine, against the real server listening on loopback.
const failing: PostureCheck = { id: 'firewall', run: async () => ({ status: 'fail', summary: 'off', evidence: { enabled: false }, remediation: 'turn it on' }) };
const URL_OK = 'app://shiftguard/index.html';

let server: LoopbackServer;
const closers: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
});

describe('desktop app with issue 9 sync', () => {
  it('enrolls with IT’s preset server and token at start, reports through the outbox, and shows what was delivered', async () => {
    const team = await server.team('Payments');
    const s = createDesktopSync({ preset: { serverUrl: server.url, enrollmentToken: await server.token(team) } });
    closers.push(() => s.close());
    const h = createDesktopHarness({ checks: [failing], sync: s.sync });
    await h.engine.start();
    await waitFor('enrolled', () => h.app.state().enrollment.status === 'enrolled');
    const state = h.app.state();
    expect(state.enrollment).toMatchObject({ serverUrl: new URL(server.url).origin, serverUrlManaged: true, tokenProvided: true, enrolling: false, lastError: null });
    // Once enrolled, the app shows the server's device id.
    expect(state.deviceId).toBe(s.engine.enrolled()!.deviceId);

    // Enrolling set off a round of checks at once: its report went out without waiting for the interval.
    await waitFor('the first report after enrolling', () => h.engine.lastReport().report);
    const last = h.engine.lastReport();
    expect(last.report).toMatchObject({ kind: 'posture', compliant: false, deviceId: state.deviceId, checks: [{ id: 'firewall', status: 'fail' }] });
    expect(Object.keys(last.report!.checks[0]!)).not.toContain('judgement');
    await waitFor('the report on the server', async () => (await server.history(state.deviceId)).some((r) => r.reportId === last.report!.reportId));
    await waitFor('delivered', () => h.engine.lastReport().delivered);
    expect(h.app.state().reporting).toMatchObject({ online: true, queued: 0, lastError: null });
    await h.engine.stop({ reason: 'quit-by-agent', at: new Date() });
  }, 60_000);

  it('keeps reports in the outbox while the server is down, shows the tray offline, and sends them once it is back', async () => {
    const team = await server.team('Collections');
    const proxy = new SwitchableProxy(server.port);
    await proxy.up();
    closers.push(() => proxy.down());
    const s = createDesktopSync();
    closers.push(() => s.close());
    const h = createDesktopHarness({ checks: [failing], sync: s.sync });
    await h.engine.start();
    expect(await h.invoke('shiftguard:enrollment:enroll', { serverUrl: proxy.url, token: await server.token(team) }, URL_OK)).toMatchObject({ ok: true, value: { enrollment: { status: 'enrolled' } } });
    const deviceId = h.app.state().deviceId;

    await proxy.down();
    await h.engine.runChecks();
    const offline = h.engine.lastReport().report!.reportId;
    await waitFor('offline', () => h.app.state().reporting.online === false);
    expect(h.shell.tray?.status).toBe('offline');
    expect(h.app.state().reporting.queued).toBeGreaterThan(0);
    expect(h.engine.lastReport().delivered).toBe(false);

    await proxy.up();
    await waitFor('delivered after the outage', () => h.engine.lastReport().delivered);
    const stored = (await server.history(deviceId)).filter((r) => r.reportId === offline);
    expect(stored).toHaveLength(1);
    await h.engine.stop({ reason: 'quit-by-agent', at: new Date() });
  }, 60_000);

  it('applies a verified policy to posture and the guards together, and tells the server when the agent quits', async () => {
    const team = await server.team('Claims');
    const s = createDesktopSync();
    closers.push(() => s.close());
    const g = await createDesktopGuards();
    closers.push(() => g.cleanup());
    const h = createDesktopHarness({ checks: [failing], sync: s.sync, guards: g.host });
    await h.engine.start();
    await h.engine.enroll({ serverUrl: server.url, token: await server.token(team) });
    const deviceId = h.app.state().deviceId;
    expect(h.engine.policy().version).toBe(0);

    await server.policyForTeam(team, { name: 'Claims floor', clipboard: { mode: 'lock' }, posture: { firewall: { mode: 'audit' } }, sensitive: { shortcut: 'F8', graceSeconds: 0 } });
    await s.engine.checkIn();
    await waitFor('the server policy in force', () => h.app.state().policy.version === 1);
    // One source: the policy the sync engine verified is the one the app runs.
    expect(h.engine.policy()).toEqual(s.engine.policies.current().policy);
    expect(s.engine.policies.current().source).toBe('server');
    // Posture judges by it...
    expect((await h.engine.runChecks()).compliant).toBe(true);
    // ...and the guards run on it: its shortcut, its clipboard mode.
    await g.host.settled();
    expect(g.shortcuts.press('F8')).toBe(true);
    await g.host.settled();
    expect(h.app.state().sensitive).toMatchObject({ active: true, locked: ['clipboard-emptied', 'print-screen-blocked', 'app-windows-hidden'] });

    // The server hears sensitive mode start...
    await waitFor('sensitive-state on the server', async () => (await server.history(deviceId)).some((r) => r.body.kind === 'sensitive-state'));

    expect(await h.invoke('shiftguard:app:quit', {}, URL_OK)).toMatchObject({ value: { outcome: 'quitting' } });
    await waitFor('exit', () => h.shell.calls.includes('exit'));
    // ...and end when the agent quits, then the stop notice.
    const history = await server.history(deviceId);
    expect(history.filter((r) => r.body.kind === 'sensitive-state').map((r) => r.body)).toMatchObject([
      { active: true, trigger: 'shortcut' },
      { active: false, trigger: 'agent-stopped' },
    ]);
    expect(history.at(-1)?.body).toMatchObject({ kind: 'agent-stopped', reason: 'quit' });
    // The guards stopped too: the session ended as "stopped".
    expect((await g.evidence()).at(-1)?.endReason).toBe('stopped');
  }, 60_000);

  it('says why an enrollment failed, and never lets the agent type over IT’s preset', async () => {
    const s = createDesktopSync({ preset: { serverUrl: server.url } });
    closers.push(() => s.close());
    const h = createDesktopHarness({ checks: [], sync: s.sync });
    await h.engine.start();
    expect(h.app.state().enrollment).toMatchObject({ status: 'not-enrolled', serverUrlManaged: true, tokenProvided: false });
    expect(await h.invoke('shiftguard:enrollment:enroll', { serverUrl: 'https://elsewhere.example', token: 'x'.repeat(20) }, URL_OK)).toMatchObject({ ok: false, error: { code: 'setting_locked' } });
    expect(await h.invoke('shiftguard:enrollment:enroll', {}, URL_OK)).toMatchObject({ ok: false, error: { code: 'enroll_no_token' } });
    const refused = await h.invoke('shiftguard:enrollment:enroll', { token: 'not-a-real-token-000000' }, URL_OK);
    expect(refused).toMatchObject({ ok: false, error: { code: 'enroll_token-refused' } });
    expect(h.app.state().enrollment).toMatchObject({ status: 'not-enrolled', lastError: { code: 'enroll_token-refused' } });
    await h.engine.stop({ reason: 'quit-by-agent', at: new Date() });
  }, 60_000);

  it('refuses to enroll while the identity rule in managed configuration is broken, names the field, and enrolls once IT fixes it', async () => {
    // docs/agent-identity.md: never the machine id as a guess (that makes ghost workstations on VDI).
    const dir = makeTempDir();
    closers.push(() => dir.cleanup());
    const file = path.join(dir.dir, 'managed.json');
    const probe = { platform: 'linux' as const, run: async () => ({ stdout: '', stderr: '', exitCode: 0 }), location: file };
    const store = new MemoryStore();
    const team = await server.team('VDI pool');
    const token = await server.token(team);
    // A rule that once validated stays in the last good values; the identity decision ignores them.
    writeFileSync(file, JSON.stringify({ serverUrl: server.url, enrollmentToken: token, identitySource: 'hostname' }));
    expect((await loadManagedConfig(probe, store)).identity).toEqual({ ok: true, rule: { source: 'hostname' } });
    writeFileSync(file, JSON.stringify({ serverUrl: server.url, enrollmentToken: token, identitySource: 'asset-tag' }));
    let managed = await loadManagedConfig(probe, store);
    expect(managed.identity).toMatchObject({ ok: false, block: { code: 'managed_identity_invalid', key: 'assetTag', source: file } });

    const s = createDesktopSync();
    closers.push(() => s.close());
    Object.assign(s.preset, { serverUrl: managed.values.serverUrl, enrollmentToken: managed.values.enrollmentToken, identity: managed.identity });
    const enrollCalls: string[] = [];
    const realEnroll = s.engine.enroll.bind(s.engine);
    s.engine.enroll = (url, t) => (enrollCalls.push(url), realEnroll(url, t));
    const h = createDesktopHarness({ checks: [], sync: s.sync });
    await h.engine.start();
    // The preset server and token are there, yet no enrollment is attempted with a guessed identity.
    expect(enrollCalls).toEqual([]);
    expect(h.app.state().enrollment).toMatchObject({
      status: 'blocked-by-managed-config',
      blocked: { code: 'managed_identity_invalid', key: 'assetTag', source: file, message: expect.stringContaining('asset-tag but assetTag is missing') },
    });
    const refused = await h.invoke('shiftguard:enrollment:enroll', {}, URL_OK);
    expect(refused).toMatchObject({ ok: false, error: { code: 'managed_identity_invalid', message: expect.stringContaining('assetTag') } });
    expect(enrollCalls).toEqual([]);
    expect(s.engine.enrolled()).toBeUndefined();

    // IT fixes the rule; the next managed-configuration reload enrolls with it.
    writeFileSync(file, JSON.stringify({ serverUrl: server.url, enrollmentToken: token, identitySource: 'asset-tag', assetTag: 'POOL-B-03' }));
    managed = await loadManagedConfig(probe, store);
    s.preset.identity = managed.identity;
    s.sync.presetChanged();
    await waitFor('enrolled after the fix', () => h.app.state().enrollment.status === 'enrolled');
    expect(enrollCalls).toEqual([server.url]);
    expect(h.app.state().enrollment).toMatchObject({ blocked: null, lastError: null });

    // Broken again while enrolled: the enrollment keeps working, the block is shown for the next one.
    writeFileSync(file, JSON.stringify({ serverUrl: server.url, enrollmentToken: token, identitySource: 'serial' }));
    s.preset.identity = (await loadManagedConfig(probe, store)).identity;
    s.sync.presetChanged();
    expect(h.app.state().enrollment).toMatchObject({ status: 'enrolled', blocked: { key: 'identitySource' } });
    await h.engine.stop({ reason: 'quit-by-agent', at: new Date() });
  }, 60_000);
});

/** safeStorage stand-in: a reversible transform, so a test can tell protected bytes from the key. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (text) => flip(Buffer.from(`v10${text}`)),
    decryptString: (blob) => {
      const text = flip(blob).toString();
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return text.slice(3);
    },
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  };
}

describe('KeyProtector on Electron safeStorage', () => {
  it('round-trips a key, and a blob from elsewhere does not unlock', () => {
    const p = new SafeStorageKeyProtector(fakeSafeStorage());
    const secret = Buffer.from('0123456789abcdef0123456789abcdef');
    const blob = p.protect(secret);
    expect(blob.includes(secret)).toBe(false);
    expect(p.unprotect(blob)).toEqual(secret);
    expect(() => p.unprotect(Buffer.from('not protected here'))).toThrow(/decrypt/);
  });

  it('falls back to file mode, saying so, where safeStorage would not really protect', () => {
    expect(chooseKeyProtector(fakeSafeStorage(), 'linux').protector.kind).toBe('electron-safe-storage');
    expect(chooseKeyProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toMatchObject({ protector: { kind: 'file-mode-0600' }, why: expect.stringContaining('basic_text') });
    expect(chooseKeyProtector(fakeSafeStorage({ available: false }), 'win32').protector.kind).toBe('file-mode-0600');
    expect(chooseKeyProtector(fakeSafeStorage({ backend: 'basic_text' }), 'darwin').protector.kind).toBe('electron-safe-storage');
  });

  it('protects the device key the sync engine stores at enrollment, and unlocks it after a restart', async () => {
    const team = await server.team('Keys');
    const protector = new SafeStorageKeyProtector(fakeSafeStorage());
    const s = createDesktopSync({ protector });
    closers.push(() => s.close());
    await s.sync.enroll({ serverUrl: server.url, token: await server.token(team) });
    const keyFile = readFileSync(path.join(s.dataDir, 'sync', 'device-key.json'), 'utf8');
    expect(keyFile).toContain('electron-safe-storage');
    expect(keyFile).not.toContain('BEGIN PRIVATE KEY');
    // A restart (new engine on the same folder) unlocks the key and is still enrolled.
    const { SyncEngine } = await import('../../../electron/agent/sync/sync-engine');
    const again = new SyncEngine({ dataDir: s.dataDir, protector, identity: { source: 'machine-id' }, live: false });
    expect(again.enrolled()?.deviceId).toBe(s.engine.enrolled()!.deviceId);
    await again.stop();
  }, 60_000);
});
