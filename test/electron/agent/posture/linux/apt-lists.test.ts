import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFileReader } from '../../../../../electron/agent/os/file-reader';
import { AptListsUnreadableError, aptSecurityPending } from '../../../../../electron/agent/posture/linux/apt-lists';
import { parseAptUpgradable } from '../../../../../electron/agent/posture/linux/apt-upgradable';
import { isSecuritySuite, newerInList, parseDpkgStatus, parseReleaseSuite } from '../../../../../electron/agent/posture/linux/deb-packages';
import { compareDebianVersions } from '../../../../../electron/agent/posture/linux/deb-version';
import { decodeLz4Frames, Lz4FormatError } from '../../../../../electron/agent/posture/linux/lz4-frame';
import { DEFAULT_POLICY } from '../../../../../shared/policy/default-policy';
import { fakeContext, fakeRunner } from '../helpers';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-apt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

describe('LZ4 frames', () => {
  const lz4 = has('lz4');
  it.runIf(lz4)('decodes what the lz4 tool writes: linked and independent blocks, content size, checksums, runs', () => {
    const text = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `Package: p${i % 977}\nVersion: 1.${i % 13}-${'a'.repeat(i % 40)}\n\n`).join(''));
    const src = path.join(tmp, 'plain.txt');
    writeFileSync(src, text);
    for (const flags of [[], ['-BD'], ['-B4'], ['-B4', '-BD', '--content-size'], ['-BX', '--no-frame-crc'], ['-9']]) {
      const out = path.join(tmp, `c${flags.join('')}.lz4`);
      execFileSync('lz4', ['-q', '-f', ...flags, src, out]);
      expect(Buffer.from(decodeLz4Frames(readFileSync(out))).equals(text), flags.join(' ')).toBe(true);
    }
    // Concatenated frames decode to the concatenated texts.
    const a = readFileSync(path.join(tmp, 'c.lz4'));
    expect(decodeLz4Frames(Buffer.concat([a, a])).length).toBe(text.length * 2);
  });
  it.runIf(lz4 && existsSync('/var/lib/apt/lists'))("decodes this machine's apt lists byte for byte like lz4 -dc", () => {
    const lists = readdirSync('/var/lib/apt/lists').filter((f) => f.endsWith('.lz4'));
    for (const f of lists) {
      const file = `/var/lib/apt/lists/${f}`;
      const expected = execFileSync('lz4', ['-dc', file], { maxBuffer: 256 * 1024 * 1024 });
      expect(Buffer.from(decodeLz4Frames(readFileSync(file))).equals(expected), f).toBe(true);
    }
  });
  it('refuses what is not an LZ4 frame', () => {
    expect(() => decodeLz4Frames(Buffer.from('Package: x\n'))).toThrow(Lz4FormatError);
    expect(() => decodeLz4Frames(Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0xff, 0xff, 0x00]))).toThrow(Lz4FormatError);
  });
});

describe('Debian versions', () => {
  const cases: [string, string, number][] = [
    ['1.0', '1.0', 0],
    ['1.0-0', '1.0', 0],
    ['1.0~rc1', '1.0', -1],
    ['1.0~rc1', '1.0~rc1~1', 1],
    ['1:1.0', '2.0', 1],
    ['1.2.10', '1.2.9', 1],
    ['1.0a', '1.0', 1],
    ['1.0+b1', '1.0', 1],
    ['1.0-1', '1.0-1ubuntu1', -1],
    ['3.0.2-0ubuntu1.10', '3.0.2-0ubuntu1.8', 1],
    ['1:9.2p1-2+deb12u9', '1:9.2p1-2+deb12u6', 1],
    ['2.36.1-8+deb12u1', '2.36.1-8', 1],
    ['12.4+deb12u15', '12.4+deb12u11', 1],
  ];
  it.each(cases)('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareDebianVersions(a, b))).toBe(sign);
    expect(Math.sign(compareDebianVersions(b, a))).toBe(-sign || 0);
  });
  it.runIf(has('dpkg'))('agrees with dpkg --compare-versions', () => {
    const versions = ['1.0', '1.0-1', '1.0~', '1.0~~', '1.0+', '1:0', '1.0a', '1.0A', '1.0-1+b1', '2.0~beta10', '1.0-1~bpo12+1', '1.0.0'];
    for (const [i, a] of versions.entries()) {
      for (const b of versions.slice(i + 1)) {
        const lt = spawnSync('dpkg', ['--compare-versions', a, 'lt', b]).status === 0;
        const eq = spawnSync('dpkg', ['--compare-versions', a, 'eq', b]).status === 0;
        expect(Math.sign(compareDebianVersions(a, b)), `${a} vs ${b}`).toBe(lt ? -1 : eq ? 0 : 1);
      }
    }
  });
});

const STATUS = `Package: openssl
Status: install ok installed
Architecture: amd64
Version: 3.0.2-0ubuntu1.8
Description: Secure Sockets Layer toolkit
 Package: not-a-field

Package: libc6
Status: install ok installed
Multi-Arch: same
Architecture: amd64
Version: 2.35-0ubuntu3.1

Package: libc6
Status: install ok installed
Architecture: i386
Version: 2.35-0ubuntu3.1

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0
`;

describe('dpkg status and package lists', () => {
  const installed = parseDpkgStatus(STATUS);
  it('keeps installed packages only, per architecture', () => {
    expect([...(installed?.keys() ?? [])]).toEqual(['openssl', 'libc6']);
    expect(installed?.get('libc6')?.map((p) => p.arch)).toEqual(['amd64', 'i386']);
    expect(parseDpkgStatus('garbage')).toBeNull();
  });
  it('finds newer versions, newest per package, matching architecture; skips other packages', () => {
    const list = [
      'Package: openssl\nArchitecture: amd64\nVersion: 3.0.2-0ubuntu1.9\n',
      'Package: openssl\nArchitecture: amd64\nVersion: 3.0.2-0ubuntu1.10\nDescription: x\n Package: libc6\n',
      'Package: libc6\nArchitecture: amd64\nVersion: 2.35-0ubuntu3.1\n',
      'Package: libc6\nArchitecture: i386\nVersion: 2.35-0ubuntu3.4\n',
      'Package: oldpkg\nArchitecture: amd64\nVersion: 2.0\n',
    ].join('\n');
    expect(newerInList(list, installed ?? new Map())).toEqual([
      { name: 'openssl', arch: 'amd64', installed: '3.0.2-0ubuntu1.8', available: '3.0.2-0ubuntu1.10' },
      { name: 'libc6', arch: 'i386', installed: '2.35-0ubuntu3.1', available: '2.35-0ubuntu3.4' },
    ]);
    expect(newerInList('Origin: Debian\n', installed ?? new Map())).toBeNull();
  });
  it('security pockets by Suite or Codename', () => {
    expect(isSecuritySuite(parseReleaseSuite('-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: Debian\nSuite: oldstable-security\nCodename: bookworm-security\n'))).toBe(true);
    expect(isSecuritySuite(parseReleaseSuite('Suite: jammy-updates\nCodename: jammy\n'))).toBe(false);
  });
});

describe('pending security updates from the apt lists', () => {
  const dir = path.join(tmp, 'lists');
  mkdirSync(dir, { recursive: true });
  const status = path.join(tmp, 'status');
  writeFileSync(status, STATUS);
  writeFileSync(path.join(dir, 'security.ubuntu.com_ubuntu_dists_jammy-security_InRelease'), 'Origin: Ubuntu\nSuite: jammy-security\nCodename: jammy\n');
  writeFileSync(path.join(dir, 'security.ubuntu.com_ubuntu_dists_jammy-security_main_binary-amd64_Packages.gz'), gzipSync('Package: openssl\nArchitecture: amd64\nVersion: 3.0.2-0ubuntu1.10\n'));
  writeFileSync(path.join(dir, 'archive.ubuntu.com_ubuntu_dists_jammy-updates_InRelease'), 'Origin: Ubuntu\nSuite: jammy-updates\nCodename: jammy\n');
  writeFileSync(path.join(dir, 'archive.ubuntu.com_ubuntu_dists_jammy-updates_main_binary-i386_Packages'), 'Package: libc6\nArchitecture: i386\nVersion: 2.35-0ubuntu3.4\n');
  const ctx = fakeContext('linux', fakeRunner({}), nodeFileReader, { policy: DEFAULT_POLICY });

  it('counts packages newer in a -security pocket only', async () => {
    expect(await aptSecurityPending(ctx, dir, status)).toMatchObject({ total: null, security: 1, names: ['openssl'], source: 'apt lists and dpkg status' });
  });
  it('no security pocket: unknown, not zero', async () => {
    const none = path.join(tmp, 'none');
    mkdirSync(none);
    expect(await aptSecurityPending(ctx, none, status)).toMatchObject({ security: null });
  });
  it('xz lists, a missing dpkg database, a reader without bytes: refused so that apt is asked', async () => {
    const xz = path.join(tmp, 'xz');
    mkdirSync(xz);
    writeFileSync(path.join(xz, 'h_dists_s-security_InRelease'), 'Suite: s-security\n');
    writeFileSync(path.join(xz, 'h_dists_s-security_main_binary-amd64_Packages.xz'), 'x');
    await expect(aptSecurityPending(ctx, xz, status)).rejects.toThrow(AptListsUnreadableError);
    await expect(aptSecurityPending(ctx, dir, path.join(tmp, 'nope'))).rejects.toThrow(AptListsUnreadableError);
    const { readBytes: _omit, ...textOnly } = nodeFileReader;
    await expect(aptSecurityPending({ ...ctx, files: textOnly }, dir, status)).rejects.toThrow(AptListsUnreadableError);
  });
  it.runIf(existsSync('/usr/bin/apt') && existsSync('/var/lib/apt/lists'))("on this machine: every package apt lists as a security upgrade is counted", async () => {
    const real = await aptSecurityPending(fakeContext('linux', fakeRunner({}), nodeFileReader));
    const apt = parseAptUpgradable(execFileSync('/usr/bin/apt', ['list', '--upgradable'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })) ?? [];
    const aptSecurity = apt.filter((p) => p.security).map((p) => p.name);
    // Ours may hold more: a package whose candidate comes from another pocket but whose security pocket is newer than installed.
    for (const name of aptSecurity) expect(real.names, name).toContain(name);
    if (real.security !== null) expect(real.security).toBeLessThanOrEqual(apt.length);
  });
});
