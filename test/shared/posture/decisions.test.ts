import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../../../shared/policy/schema';
import { decideAntivirus, isAllowedProduct } from '../../../shared/posture/decide-antivirus';
import { decideDiskEncryption } from '../../../shared/posture/decide-disk-encryption';
import { decideFirewall } from '../../../shared/posture/decide-firewall';
import { decidePatches } from '../../../shared/posture/decide-patches';
import { decideScreenLock } from '../../../shared/posture/decide-screen-lock';
import { decideUsb } from '../../../shared/posture/decide-usb';
import type { AvProduct } from '../../../shared/posture/facts';
import { compareVersions, dottedVersion } from '../../../shared/posture/version';

const P = PolicySchema.parse({}).posture;
const NOW = new Date('2026-06-01T00:00:00Z');
const av = (over: Partial<AvProduct>): AvProduct => ({ name: 'X', source: 't', enabled: true, realTime: true, signatureBased: true, signaturesUpToDate: true, signatureAgeDays: 1, ...over });

describe('disk encryption decision', () => {
  it('pass, fail (plain), fail (suspended), unknown (cannot tell), unknown (not gathered)', () => {
    const v = { mount: 'C:', encrypted: true, protectionOn: true, state: 'FullyEncrypted' };
    expect(decideDiskEncryption('win32', { ok: true, facts: { source: 's', volumes: [v] } }, P.diskEncryption).status).toBe('pass');
    expect(decideDiskEncryption('linux', { ok: true, facts: { source: 's', volumes: [{ ...v, mount: '/', encrypted: false, protectionOn: null }] } }, P.diskEncryption).status).toBe('fail');
    const suspended = decideDiskEncryption('win32', { ok: true, facts: { source: 's', volumes: [{ ...v, protectionOn: false }] } }, P.diskEncryption);
    expect(suspended.status).toBe('fail');
    expect(suspended.remediation).toMatch(/Resume BitLocker/);
    expect(decideDiskEncryption('win32', { ok: true, facts: { source: 's', volumes: [{ ...v, protectionOn: null }] } }, P.diskEncryption).status).toBe('unknown');
    expect(decideDiskEncryption('darwin', { ok: true, facts: { source: 's', volumes: [] } }, P.diskEncryption).status).toBe('unknown');
    expect(decideDiskEncryption('darwin', { ok: false, reason: 'no tool', evidence: {} }, P.diskEncryption)).toMatchObject({ status: 'unknown', summary: 'no tool' });
  });
});

describe('antivirus decision', () => {
  const facts = (products: AvProduct[], unreadable: string[] = []) => ({ ok: true as const, facts: { products, unreadable, sources: ['t'] } });
  it('one good allowed product passes; allow-list filters by substring', () => {
    expect(decideAntivirus('win32', facts([av({ name: 'Sophos Anti-Virus' })]), P.antivirus).status).toBe('pass');
    const onlyDefender = { ...P.antivirus, allowedProducts: ['defender'] };
    const out = decideAntivirus('win32', facts([av({ name: 'Sophos Anti-Virus' })]), onlyDefender);
    expect(out.status).toBe('fail');
    expect(out.summary).toMatch(/No allowed antivirus/);
    expect(isAllowedProduct('Microsoft Defender Antivirus', ['DEFENDER'])).toBe(true);
  });
  it('signature age over the maximum, real-time off, disabled fail; EDR without signatures passes', () => {
    expect(decideAntivirus('linux', facts([av({ signatureAgeDays: 8 })]), P.antivirus).summary).toMatch(/8 days old \(max 7\)/);
    expect(decideAntivirus('linux', facts([av({ realTime: false })]), P.antivirus).summary).toMatch(/real-time protection off/);
    expect(decideAntivirus('linux', facts([av({ enabled: false })]), P.antivirus).status).toBe('fail');
    expect(decideAntivirus('linux', facts([av({ signatureBased: false, signatureAgeDays: null, signaturesUpToDate: null })]), P.antivirus).status).toBe('pass');
  });
  it('undecidable product or unreadable source → unknown; nothing found with everything read → fail', () => {
    expect(decideAntivirus('linux', facts([av({ realTime: null })]), P.antivirus).status).toBe('unknown');
    expect(decideAntivirus('linux', facts([av({ signatureAgeDays: null, signaturesUpToDate: null })]), P.antivirus).status).toBe('unknown');
    expect(decideAntivirus('win32', facts([], ['Windows Security Center']), P.antivirus).status).toBe('unknown');
    expect(decideAntivirus('linux', facts([]), P.antivirus)).toMatchObject({ status: 'fail', summary: 'No antivirus was found.' });
  });
});

describe('USB decision', () => {
  const stick = { vendorId: '0781', productId: '5581', name: 'SanDisk', massStorage: true, hub: false };
  const facts = { ok: true as const, facts: { source: 's', devices: [stick, { ...stick, productId: '0001', name: 'Mouse', massStorage: false }] } };
  it('allow, report and fail modes; allow-list exempts', () => {
    expect(decideUsb('linux', facts, { ...P.usb, massStorage: 'allow' }).status).toBe('pass');
    const reported = decideUsb('linux', facts, { ...P.usb, massStorage: 'report' });
    expect(reported.status).toBe('pass');
    expect(reported.evidence.massStorage).toEqual(['0781:5581 SanDisk']);
    expect(decideUsb('linux', facts, { ...P.usb, massStorage: 'fail' }).status).toBe('fail');
    expect(decideUsb('linux', facts, { ...P.usb, massStorage: 'fail', allowList: ['0781:5581'] }).status).toBe('pass');
  });
});

describe('OS patches decision', () => {
  const base = { osName: 'Debian', version: '12', lastInstalledAt: '2026-05-30T00:00:00Z', lastInstalledSource: 's', pending: { total: 3, security: 0, source: 'apt' } };
  it('passes when recent, at or above minimum, no security updates pending', () => {
    expect(decidePatches('linux', { ok: true, facts: base }, { ...P.osPatches, minimumVersion: { linux: '12' } }, NOW).status).toBe('pass');
  });
  it('fails on old version, stale updates, pending security updates', () => {
    const out = decidePatches('linux', { ok: true, facts: { ...base, version: '11', lastInstalledAt: '2026-01-01T00:00:00Z', pending: { ...base.pending, security: 4 } } }, { ...P.osPatches, minimumVersion: { linux: '12' } }, NOW);
    expect(out.status).toBe('fail');
    expect(out.summary).toMatch(/older than the required 12.*no updates installed for 151 days.*4 security updates pending/);
  });
  it('unknown when the last update date cannot be read; pending that cannot be counted does not block a pass', () => {
    expect(decidePatches('linux', { ok: true, facts: { ...base, lastInstalledAt: null } }, P.osPatches, NOW).status).toBe('unknown');
    const out = decidePatches('win32', { ok: true, facts: { ...base, pending: { total: null, security: null, source: 'wu' } } }, P.osPatches, NOW);
    expect(out.status).toBe('pass');
    expect(out.summary).toMatch(/could not be counted/);
  });
  it('version comparison', () => {
    expect(compareVersions('10.0.19045.3803', '10.0.22631')).toBeLessThan(0);
    expect(compareVersions('14.5', '14.5.0')).toBe(0);
    expect(compareVersions('22.04', '20.04')).toBeGreaterThan(0);
    expect(dottedVersion('13.3.1 (a)')).toBe('13.3.1');
  });
});

describe('firewall and screen lock decisions', () => {
  it('all-rule needs every profile; any-rule needs one; unreadable never counts as on', () => {
    const parts = [{ name: 'Domain', enabled: true }, { name: 'Public', enabled: null }];
    expect(decideFirewall('win32', { ok: true, facts: { source: 's', rule: 'all', parts } }, P.firewall).status).toBe('unknown');
    expect(decideFirewall('linux', { ok: true, facts: { source: 's', rule: 'any', parts } }, P.firewall).status).toBe('pass');
    expect(decideFirewall('linux', { ok: true, facts: { source: 's', rule: 'any', parts: [] } }, P.firewall).status).toBe('fail');
  });
  it('screen lock within, over, never, unknown', () => {
    const f = (lockEnabled: boolean | null, lockAfterMinutes: number | null) => ({ ok: true as const, facts: { source: 's', lockEnabled, lockAfterMinutes } });
    expect(decideScreenLock('linux', f(true, 5), P.screenLock).status).toBe('pass');
    expect(decideScreenLock('linux', f(true, 15), P.screenLock).summary).toMatch(/15 min idle \(max 10 min\)/);
    expect(decideScreenLock('linux', f(true, null), P.screenLock).status).toBe('fail');
    expect(decideScreenLock('linux', f(false, 5), P.screenLock).status).toBe('fail');
    expect(decideScreenLock('linux', f(null, null), P.screenLock).status).toBe('unknown');
  });
});
