import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../shared/policy/default-policy';
import { CheckResultSchema } from '../../../../shared/posture/check-result';
import { parseOsRelease } from '../../../../electron/agent/posture/linux/os-release';
import { INSTALL_LOGS } from '../../../../electron/agent/posture/linux/probe-patches';
import { probeLinuxUsb } from '../../../../electron/agent/posture/linux/probe-usb';
import { localCheckContext } from '../../../../electron/agent/posture/local-context';
import { runChecks } from '../../../../electron/agent/posture/run-checks';

/** The Linux adapters, run for real on this machine: assertions on shape and consistency with the OS. */
describe.runIf(process.platform === 'linux')('Linux checks on this machine', async () => {
  const ctx = localCheckContext(DEFAULT_POLICY);
  const results = await runChecks(ctx);
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-sysfs-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('every check returns a valid result with evidence, and a fix unless it passed', () => {
    expect(results).toHaveLength(6);
    for (const r of results) {
      expect(CheckResultSchema.safeParse(r).success, r.id).toBe(true);
      expect(r.status).not.toBe('error');
      if (r.status !== 'pass') expect(r.remediation, r.id).toBeTruthy();
    }
  });

  it('disk encryption agrees with lsblk about the root filesystem', () => {
    const r = byId['disk-encryption'];
    const root = execFileSync('findmnt', ['-n', '-o', 'SOURCE', '/'], { encoding: 'utf8' }).trim();
    const types = execFileSync('lsblk', ['-n', '-s', '-o', 'TYPE', root], { encoding: 'utf8' });
    const encrypted = /\bcrypt\b/.test(types);
    expect(r?.status).toBe(encrypted ? 'pass' : 'fail');
    expect((r?.evidence.volumes as { mount: string; device: string }[])[0]).toMatchObject({ mount: '/', device: root });
  });

  it('OS patches: version from os-release, last install = newest install log', () => {
    const r = byId['os-patches'];
    const osr = parseOsRelease(readFileSync('/etc/os-release', 'utf8'));
    expect(r?.evidence.version).toBe(osr.VERSION_ID ?? null);
    const newest = INSTALL_LOGS.filter((p) => existsSync(p)).map((p) => statSync(p).mtime.getTime()).sort((a, b) => b - a)[0];
    expect(r?.evidence.lastInstalledAt).toBe(newest === undefined ? null : new Date(newest).toISOString());
  });

  it('screen lock agrees with gsettings where it exists', () => {
    const r = byId['screen-lock'];
    if (!existsSync('/usr/bin/gsettings')) {
      expect(r?.status).toBe('unknown');
      return;
    }
    let idle: string;
    try {
      idle = execFileSync('/usr/bin/gsettings', ['get', 'org.gnome.desktop.session', 'idle-delay'], { encoding: 'utf8' });
    } catch {
      expect(r?.status).toBe('unknown');
      return;
    }
    expect(r?.evidence.idleDelaySeconds).toBe(Number(idle.trim().split(' ').pop()));
  });

  it('antivirus lists ClamAV only when clamd or its database is installed', () => {
    const names = (byId.antivirus?.evidence.products as { name: string }[]).map((p) => p.name);
    expect(names.includes('ClamAV')).toBe(existsSync('/usr/sbin/clamd') || existsSync('/var/lib/clamav/daily.cld') || existsSync('/var/lib/clamav/daily.cvd'));
  });

  it('USB read for real from a sysfs-shaped tree (deterministic input)', async () => {
    const dev = path.join(tmp, 'usb', 'devices');
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dev, rel)), { recursive: true });
      writeFileSync(path.join(dev, rel), `${text}\n`);
    };
    put('usb1/idVendor', '1d6b');
    put('usb1/idProduct', '0003');
    put('usb1/bDeviceClass', '09');
    put('2-1/idVendor', '0951');
    put('2-1/idProduct', '1666');
    put('2-1/manufacturer', 'Kingston');
    put('2-1/product', 'DataTraveler 3.0');
    put('2-1:1.0/bInterfaceClass', '08');
    const facts = await probeLinuxUsb(ctx, dev);
    expect(facts.ok && facts.facts.devices).toEqual([
      { vendorId: '0951', productId: '1666', name: 'Kingston DataTraveler 3.0', massStorage: true, hub: false },
      { vendorId: '1d6b', productId: '0003', name: 'usb1', massStorage: false, hub: true },
    ]);
  });

  it('USB on this machine: a device count consistent with /sys/bus/usb', () => {
    const r = byId.usb;
    const present = existsSync('/sys/bus/usb/devices');
    expect(r?.status).toBe('pass');
    if (!present) expect(r?.evidence.devices).toEqual([]);
  });
});
