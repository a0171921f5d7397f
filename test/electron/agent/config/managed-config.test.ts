import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockedSettings, resolveManagedConfig } from '../../../../electron/agent/config/managed-config';
import { parseManagedJson, readManagedSource } from '../../../../electron/agent/config/read-managed-config';
import { parseRegQueryValues } from '../../../../electron/agent/config/reg-query-values';
import type { CommandRunner } from '../../../../electron/agent/os/command-runner';
import { loadManagedConfig } from '../../../../electron/main/managed/load-managed-config';
import { MemoryStore } from '../../../../electron/main/store/key-value-store';
import { ROOT } from '../../../helpers/cli';
import { makeTempDir } from '../../../helpers/temp-dir';

const REG = readFileSync(path.join(ROOT, 'test', 'fixtures', 'managed-config', 'reg-query.shiftguard.txt'), 'utf8');
const runner = (out: { stdout?: string; stderr?: string; exitCode?: number }): CommandRunner => async () => ({ stdout: out.stdout ?? '', stderr: out.stderr ?? '', exitCode: out.exitCode ?? 0 });

describe('parseRegQueryValues', () => {
  it('reads strings, DWORDs and multi-strings from reg query output', () => {
    expect(parseRegQueryValues(REG)).toEqual({
      ServerUrl: 'https://shiftguard.example.com',
      EnrollmentToken: 'enr_7f3a9c2e41d8',
      StartAtLogin: 1,
      LockedSettings: ['language', 'startAtLogin'],
      Language: 'pl',
    });
  });
});

describe('resolveManagedConfig', () => {
  it('validates the registry values case-insensitively and locks what IT set', () => {
    const config = resolveManagedConfig({ kind: 'values', source: 'HKLM', values: parseRegQueryValues(REG) }, {});
    expect(config.problems).toEqual([]);
    expect(config.values).toEqual({ serverUrl: 'https://shiftguard.example.com', enrollmentToken: 'enr_7f3a9c2e41d8', startAtLogin: true, lockedSettings: ['language', 'startAtLogin'], language: 'pl' });
    expect(lockedSettings({ language: 'it' })).toEqual(['language']);
  });

  it('reports a bad value and keeps the last good one for that key only', () => {
    const config = resolveManagedConfig({ kind: 'values', source: 'f', values: { serverUrl: 'ftp://x', language: 'klingon', startAtLogin: true, colour: 'red' } }, { serverUrl: 'https://old.example' });
    expect(config.values).toEqual({ serverUrl: 'https://old.example', startAtLogin: true });
    expect(config.problems.map((p) => p.key)).toEqual(['serverUrl', 'language', 'colour']);
    expect(config.problems[0]!.message).toMatch(/last good value stays/);
    expect(config.problems[1]!.message).toMatch(/ignored$/);
  });

  it('takes the workstation identity rule for sync (VDI: hostname or asset tag), and names a bad one', () => {
    const config = resolveManagedConfig({ kind: 'values', source: 'f', values: { IdentitySource: 'asset-tag', AssetTag: ' SEAT-0042 ' } }, {});
    expect(config.values).toEqual({ identitySource: 'asset-tag', assetTag: 'SEAT-0042' });
    const bad = resolveManagedConfig({ kind: 'values', source: 'f', values: { identitySource: 'mac-address' } }, {});
    expect(bad.problems).toMatchObject([{ key: 'identitySource', message: expect.stringContaining('expected machine-id, hostname or asset-tag') }]);
    // A stale rule is a guess too: no last good identitySource (enrollment is blocked instead, managed-identity.ts).
    const stale = resolveManagedConfig({ kind: 'values', source: 'f', values: { identitySource: 'mac-address' } }, { identitySource: 'hostname' });
    expect(stale.values).toEqual({});
    expect(stale.problems[0]!.message).toMatch(/no last good value is used for the identity rule/);
  });

  it('keeps the whole last good configuration when the source cannot be read, and nothing when IT removed it', () => {
    expect(resolveManagedConfig({ kind: 'unreadable', source: 'f', reason: 'not valid JSON' }, { language: 'it' })).toMatchObject({ values: { language: 'it' }, problems: [{ key: '(source)' }] });
    expect(resolveManagedConfig({ kind: 'absent', source: 'f' }, { language: 'it' })).toEqual({ source: null, values: {}, problems: [] });
  });
});

describe('readManagedSource', () => {
  it('Windows: reg query, and "absent" when the key does not exist', async () => {
    expect(await readManagedSource({ platform: 'win32', run: runner({ stdout: REG }) })).toMatchObject({ kind: 'values', values: { Language: 'pl' } });
    const missing = runner({ exitCode: 1, stderr: 'ERROR: The system was unable to find the specified registry key or value.' });
    expect(await readManagedSource({ platform: 'win32', run: missing })).toEqual({ kind: 'absent', source: 'HKLM\\Software\\Policies\\ShiftGuard' });
  });

  it('macOS: the managed preferences plist through plutil -convert json', async () => {
    let args: readonly string[] = [];
    const run: CommandRunner = async (_f, a) => ((args = a), { stdout: '{"ServerUrl":"https://sg.example"}', stderr: '', exitCode: 0 });
    expect(await readManagedSource({ platform: 'darwin', run })).toMatchObject({ kind: 'values', values: { ServerUrl: 'https://sg.example' } });
    expect(args).toEqual(['-convert', 'json', '-o', '-', '/Library/Managed Preferences/com.shiftguard.agent.plist']);
    const missing = runner({ exitCode: 1, stderr: 'file does not exist or is not readable' });
    expect(await readManagedSource({ platform: 'darwin', run: missing })).toMatchObject({ kind: 'absent' });
  });

  it('Linux: a real file, missing file, and broken JSON', async () => {
    const dir = makeTempDir();
    const file = path.join(dir.dir, 'managed.json');
    const { writeFile } = await import('node:fs/promises');
    expect(await readManagedSource({ platform: 'linux', run: runner({}), location: file })).toMatchObject({ kind: 'absent' });
    await writeFile(file, '{"language": "ar"}');
    expect(await readManagedSource({ platform: 'linux', run: runner({}), location: file })).toMatchObject({ kind: 'values', values: { language: 'ar' } });
    expect(parseManagedJson(file, '{"language": ')).toMatchObject({ kind: 'unreadable' });
    expect(parseManagedJson(file, '[1]')).toMatchObject({ kind: 'unreadable', reason: 'expected a JSON object' });
    dir.cleanup();
  });

  it('loadManagedConfig remembers the last good values across reads (and restarts)', async () => {
    const dir = makeTempDir();
    const file = path.join(dir.dir, 'managed.json');
    const { writeFile } = await import('node:fs/promises');
    const store = new MemoryStore();
    await writeFile(file, JSON.stringify({ serverUrl: 'https://sg.example', language: 'lv' }));
    expect((await loadManagedConfig({ platform: 'linux', run: runner({}), location: file }, store)).values).toEqual({ serverUrl: 'https://sg.example', language: 'lv' });
    await writeFile(file, '{ broken');
    const next = await loadManagedConfig({ platform: 'linux', run: runner({}), location: file }, store);
    expect(next.values).toEqual({ serverUrl: 'https://sg.example', language: 'lv' });
    expect(next.problems[0]!.message).toMatch(/not valid JSON/);
    dir.cleanup();
  });
});
