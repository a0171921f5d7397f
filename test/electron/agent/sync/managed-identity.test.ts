import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideIdentityRule, identityRuleOrThrow } from '../../../../electron/agent/config/managed-identity';
import type { CommandRunner } from '../../../../electron/agent/os/command-runner';
import { startHeadlessSync } from '../../../../electron/agent/sync/headless-sync';
import { FileModeKeyProtector } from '../../../../electron/agent/sync/key-protector';
import { headlessManagedProbe, ManagedConfigError, readManagedSyncConfig, requireIdentityRule } from '../../../../electron/agent/sync/managed-sync-config';
import { SyncEngine } from '../../../../electron/agent/sync/sync-engine';
import { makeTempDir } from '../../../helpers/temp-dir';

// docs/agent-identity.md: a broken identity rule refuses enrollment; it never falls back to the machine id.

/** `reg query` output in the documented layout (see test/fixtures/managed-config/SOURCES.md). */
function regQuery(values: Record<string, string>): string {
  const lines = Object.entries(values).map(([name, data]) => `    ${name}    REG_SZ    ${data}`);
  return ['HKEY_LOCAL_MACHINE\\Software\\Policies\\ShiftGuard', ...lines, '', ''].join('\r\n');
}

/** A command runner that records its calls and answers like reg / plutil would. */
function fakeRunner(answer: { stdout?: string; stderr?: string; exitCode?: number }) {
  const calls: Array<{ file: string; args: readonly string[] }> = [];
  const run: CommandRunner = async (file, args) => {
    calls.push({ file, args });
    return { stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', exitCode: answer.exitCode ?? 0 };
  };
  return { run, calls };
}

const noFile = async (): Promise<string> => {
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
};

describe('decideIdentityRule', () => {
  it('nothing configured, or no identity keys: the documented default machine-id', () => {
    expect(decideIdentityRule({ kind: 'absent', source: 'f' })).toEqual({ ok: true, rule: { source: 'machine-id' } });
    expect(decideIdentityRule({ kind: 'values', source: 'f', values: { serverUrl: 'https://sg.example' } })).toEqual({ ok: true, rule: { source: 'machine-id' } });
  });

  it('takes hostname and asset-tag rules, keys matched case-insensitively', () => {
    expect(decideIdentityRule({ kind: 'values', source: 'f', values: { IdentitySource: 'hostname' } })).toEqual({ ok: true, rule: { source: 'hostname' } });
    expect(decideIdentityRule({ kind: 'values', source: 'f', values: { IDENTITYSOURCE: 'asset-tag', assettag: ' SEAT-7 ' } })).toEqual({ ok: true, rule: { source: 'asset-tag', assetTag: 'SEAT-7' } });
  });

  it('asset-tag without (or with an empty) assetTag is blocked, naming assetTag', () => {
    for (const values of [{ identitySource: 'asset-tag' }, { identitySource: 'asset-tag', assetTag: '  ' }, { identitySource: 'asset-tag', assetTag: 42 }]) {
      const decision = decideIdentityRule({ kind: 'values', source: '/etc/shiftguard/managed.json', values });
      expect(decision).toMatchObject({ ok: false, block: { code: 'managed_identity_invalid', key: 'assetTag', source: '/etc/shiftguard/managed.json' } });
      if (!decision.ok) expect(decision.block.message).toMatch(/^enrollment blocked by managed configuration: identitySource in \/etc\/shiftguard\/managed.json is asset-tag but assetTag is/);
    }
  });

  it('an unknown source is blocked, naming identitySource and the bad value', () => {
    const decision = decideIdentityRule({ kind: 'values', source: 'HKLM', values: { IdentitySource: 'mac-address' } });
    expect(decision).toMatchObject({ ok: false, block: { code: 'managed_identity_invalid', key: 'identitySource' } });
    if (!decision.ok) expect(decision.block.message).toContain('identitySource in HKLM is "mac-address": expected machine-id, hostname or asset-tag');
  });

  it('an unreadable source is blocked: the rule IT set is unknown, so no default is guessed', () => {
    expect(decideIdentityRule({ kind: 'unreadable', source: 'f', reason: 'not valid JSON' })).toMatchObject({ ok: false, block: { code: 'managed_source_unreadable', key: '(source)' } });
  });

  it('identityRuleOrThrow throws ManagedConfigError with the stable code and key', () => {
    const decision = decideIdentityRule({ kind: 'values', source: 'f', values: { identitySource: 'asset-tag' } });
    expect(() => identityRuleOrThrow(decision)).toThrow(ManagedConfigError);
    expect(() => identityRuleOrThrow(decision)).toThrow(expect.objectContaining({ code: 'managed_identity_invalid', key: 'assetTag' }));
  });
});

describe('headless managed configuration: the same per-OS source as the desktop app', () => {
  it('Windows: reads the registry policy key with reg query (not /etc/shiftguard/managed.json)', async () => {
    const fake = fakeRunner({ stdout: regQuery({ ServerUrl: 'https://sg.example', IdentitySource: 'asset-tag', AssetTag: 'POOL-A-07' }) });
    const config = await readManagedSyncConfig({ platform: 'win32', run: fake.run, readText: noFile, env: { SHIFTGUARD_MANAGED_CONFIG: '/elsewhere.json' } });
    expect(fake.calls).toEqual([{ file: 'reg', args: ['query', 'HKLM\\Software\\Policies\\ShiftGuard'] }]);
    expect(config).toMatchObject({ source: 'HKLM\\Software\\Policies\\ShiftGuard', serverUrl: 'https://sg.example', identity: { ok: true, rule: { source: 'asset-tag', assetTag: 'POOL-A-07' } } });
  });

  it('Windows: a policy without AssetTag blocks enrollment naming assetTag', async () => {
    const fake = fakeRunner({ stdout: regQuery({ IdentitySource: 'asset-tag' }) });
    const config = await readManagedSyncConfig({ platform: 'win32', run: fake.run });
    expect(() => requireIdentityRule(config)).toThrow(ManagedConfigError);
    expect(() => requireIdentityRule(config)).toThrow(/HKLM\\Software\\Policies\\ShiftGuard is asset-tag but assetTag is missing/);
  });

  it('Windows: no policy key is "nothing configured" (machine-id)', async () => {
    const fake = fakeRunner({ exitCode: 1, stderr: 'ERROR: The system was unable to find the specified registry key or value.' });
    expect(await readManagedSyncConfig({ platform: 'win32', run: fake.run })).toEqual({ source: null, identity: { ok: true, rule: { source: 'machine-id' } }, problems: [] });
  });

  it('macOS: reads the com.shiftguard.agent managed plist through plutil', async () => {
    const fake = fakeRunner({ stdout: JSON.stringify({ identitySource: 'hostname', enrollmentToken: 'enr_macos_token' }) });
    const config = await readManagedSyncConfig({ platform: 'darwin', run: fake.run, readText: noFile });
    expect(fake.calls).toEqual([{ file: 'plutil', args: ['-convert', 'json', '-o', '-', '/Library/Managed Preferences/com.shiftguard.agent.plist'] }]);
    expect(config).toMatchObject({ enrollmentToken: 'enr_macos_token', identity: { ok: true, rule: { source: 'hostname' } } });
  });

  it('macOS: an unknown identitySource blocks enrollment naming identitySource', async () => {
    const fake = fakeRunner({ stdout: JSON.stringify({ identitySource: 'serial-number' }) });
    const config = await readManagedSyncConfig({ platform: 'darwin', run: fake.run });
    expect(() => requireIdentityRule(config)).toThrow(expect.objectContaining({ name: 'ManagedConfigError', code: 'managed_identity_invalid', key: 'identitySource' }));
  });

  it('Linux: the JSON file (SHIFTGUARD_MANAGED_CONFIG overrides its path), no command run', async () => {
    const fake = fakeRunner({});
    const read: string[] = [];
    const readText = async (p: string) => (read.push(p), JSON.stringify({ IdentitySource: 'hostname' }));
    expect(await readManagedSyncConfig({ platform: 'linux', run: fake.run, readText, env: {} })).toMatchObject({ source: '/etc/shiftguard/managed.json', identity: { ok: true, rule: { source: 'hostname' } } });
    await readManagedSyncConfig({ platform: 'linux', run: fake.run, readText, env: { SHIFTGUARD_MANAGED_CONFIG: '/tmp/x.json' } });
    expect(read).toEqual(['/etc/shiftguard/managed.json', '/tmp/x.json']);
    expect(fake.calls).toEqual([]);
  });

  it('Linux: broken JSON blocks enrollment (the rule is unknown); bad other values are reported, not used', async () => {
    const broken = await readManagedSyncConfig({ platform: 'linux', readText: async () => '{ nope', env: {} });
    expect(() => requireIdentityRule(broken)).toThrow(expect.objectContaining({ code: 'managed_source_unreadable', key: '(source)' }));
    const badUrl = await readManagedSyncConfig({ platform: 'linux', readText: async () => JSON.stringify({ serverUrl: 'ftp://x' }), env: {} });
    expect(badUrl.serverUrl).toBeUndefined();
    expect(badUrl.problems.map((p) => p.key)).toEqual(['serverUrl']);
  });

  it('an unsupported platform has no managed source', async () => {
    expect(headlessManagedProbe({ platform: 'freebsd' })).toBeNull();
    expect(await readManagedSyncConfig({ platform: 'freebsd' })).toMatchObject({ source: null, identity: { ok: true, rule: { source: 'machine-id' } } });
  });
});

describe('enrolling with a blocked identity rule', () => {
  it('startHeadlessSync (shiftguard run with a token) fails with ManagedConfigError before contacting the server', async () => {
    const tmp = makeTempDir();
    const fake = fakeRunner({ stdout: regQuery({ IdentitySource: 'asset-tag' }) });
    const lines: string[] = [];
    try {
      await expect(
        startHeadlessSync({ server: 'http://127.0.0.1:9', token: 'enr_token_0000', dataDir: tmp.dir, log: (l) => lines.push(l), managed: { platform: 'win32', run: fake.run } }),
      ).rejects.toThrow(expect.objectContaining({ name: 'ManagedConfigError', key: 'assetTag' }));
    } finally {
      tmp.cleanup();
    }
  });

  it('the sync engine refuses to enroll when its identity getter is blocked (no request is made)', async () => {
    const tmp = makeTempDir();
    const requests: string[] = [];
    const fetchImpl = (async (url: string | URL | Request) => {
      requests.push(String(url));
      throw new Error('must not be called');
    }) as typeof fetch;
    const decision = decideIdentityRule({ kind: 'values', source: 'f', values: { identitySource: 'asset-tag' } });
    const engine = new SyncEngine({ dataDir: tmp.dir, protector: new FileModeKeyProtector(), identity: () => identityRuleOrThrow(decision), fetchImpl, live: false });
    try {
      await expect(engine.enroll('http://127.0.0.1:9', 'enr_token_0000')).rejects.toThrow(ManagedConfigError);
      expect(requests).toEqual([]);
      expect(engine.enrolled()).toBeUndefined();
    } finally {
      await engine.stop();
      tmp.cleanup();
    }
  });

  it('`shiftguard enroll` reads a real managed file and refuses (ManagedConfigError) naming assetTag', async () => {
    // The CLI process itself is covered in test/electron/agent/cli/enroll-cli.test.ts; here the file path end to end.
    const tmp = makeTempDir();
    const file = path.join(tmp.dir, 'managed.json');
    writeFileSync(file, JSON.stringify({ identitySource: 'asset-tag', serverUrl: 'https://sg.example' }));
    try {
      const config = await readManagedSyncConfig({ platform: 'linux', env: { SHIFTGUARD_MANAGED_CONFIG: file } });
      expect(config.serverUrl).toBe('https://sg.example');
      expect(() => requireIdentityRule(config)).toThrow(`enrollment blocked by managed configuration: identitySource in ${file} is asset-tag but assetTag is missing`);
    } finally {
      tmp.cleanup();
    }
  });
});
