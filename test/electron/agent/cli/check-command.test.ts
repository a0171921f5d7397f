import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../../../shared/posture/check-result';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function shiftguard(args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, 'bin', 'shiftguard.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SHIFTGUARD_STATE_DIR: path.join(tmp, 'state') },
    timeout: 60_000,
  });
}

describe.runIf(process.platform === 'linux')('shiftguard check', () => {
  it('--json: MDM-ready document whose exit code matches the verdict', () => {
    const out = shiftguard(['check', '--json']);
    const doc = JSON.parse(out.stdout);
    expect(doc.schema).toBe('shiftguard.posture.v1');
    expect(Object.keys(doc.statuses)).toEqual([...CHECK_IDS]);
    expect(out.status).toBe(doc.compliant ? 0 : 1);
    expect(doc.exitCode).toBe(out.status);
    for (const c of doc.checks) expect(['pass', 'audit', 'grace', 'blocking', 'off']).toContain(c.judgement);
  });
  it('an all-audit policy is compliant (exit 0); an all-off policy runs nothing', () => {
    const audit = path.join(tmp, 'audit.json');
    const controls = ['diskEncryption', 'antivirus', 'usb', 'osPatches', 'firewall', 'screenLock'];
    writeFileSync(audit, JSON.stringify({ name: 'Trial', version: 3, posture: Object.fromEntries(controls.map((c) => [c, { mode: 'audit' }])) }));
    const out = shiftguard(['check', '--json', '--policy', audit]);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ compliant: true, policy: { name: 'Trial', version: 3 } });
    const off = path.join(tmp, 'off.json');
    writeFileSync(off, JSON.stringify({ posture: Object.fromEntries(controls.map((c) => [c, { mode: 'off' }])) }));
    const none = shiftguard(['check', '--policy', off]);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('(no checks enabled by the policy)');
  });
  it('the readable table shows each check and the verdict', () => {
    const out = shiftguard(['check']);
    for (const id of CHECK_IDS) expect(out.stdout).toContain(id);
    expect(out.stdout).toMatch(/(Compliant|Not compliant)/);
  });
  it('a bad policy file: exit 2, the field named, no checks run', () => {
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify({ posture: { usb: { massStorage: 'sometimes' } } }));
    const out = shiftguard(['check', '--json', '--policy', bad]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('posture.usb.massStorage');
    expect(out.stdout).toBe('');
    const missing = shiftguard(['check', '--policy', path.join(tmp, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    expect(shiftguard(['check', '--bogus']).status).toBe(2);
  });
});
