import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CheckResultSchema } from '../../../../shared/posture/check-result';
import { runCli } from '../../../helpers/cli';
import { makeTempDir } from '../../../helpers/temp-dir';

const CheckJsonSchema = z.object({ compliant: z.boolean(), checks: z.array(CheckResultSchema).min(1) });
const tmp = makeTempDir();
afterAll(tmp.cleanup);

describe('shiftguard check (real process on this machine)', () => {
  it('prints schema-valid JSON and an exit code that matches the verdict', async () => {
    const { code, stdout } = await runCli(['check', '--json']);
    const parsed = CheckJsonSchema.parse(JSON.parse(stdout));
    expect(parsed.checks.map((c) => c.id)).toContain('disk-encryption');
    expect(code).toBe(parsed.compliant ? 0 : 1);
  });

  it('prints a readable table without --json', async () => {
    const { stdout } = await runCli(['check']);
    expect(stdout).toMatch(/disk-encryption/);
    expect(stdout).toMatch(/^(Compliant|Not compliant)\.$/m);
  });

  it('refuses a bad policy file, naming the field, and runs no check', async () => {
    const file = path.join(tmp.dir, 'bad-policy.json');
    writeFileSync(file, JSON.stringify({ clipboard: { mode: 'shred' } }));
    const { code, stdout, stderr } = await runCli(['check', '--policy', file]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/clipboard\.mode/);
    expect(stdout).toBe('');
  });
});

describe('shiftguard run --once (headless agent)', () => {
  it('judges through the same entry point and kept state as check: grace clocks continue, the verdict agrees', async () => {
    const env = { SHIFTGUARD_STATE_DIR: path.join(tmp.dir, 'state') };
    const check = await runCli(['check', '--json'], { env });
    const first = JSON.parse(readFileSync(path.join(env.SHIFTGUARD_STATE_DIR, 'posture-state.json'), 'utf8')) as { grace: { firstFailure: Record<string, string> } };
    const run = await runCli(['run', '--once', '--data', path.join(tmp.dir, 'agent-data')], { env });
    expect(run.code).toBe(0);
    const verdict = (JSON.parse(check.stdout) as { compliant: boolean }).compliant;
    expect(run.stdout).toContain(`shiftguard agent: posture ${verdict ? 'compliant' : 'not compliant'}`);
    const after = JSON.parse(readFileSync(path.join(env.SHIFTGUARD_STATE_DIR, 'posture-state.json'), 'utf8')) as { grace: { firstFailure: Record<string, string> } };
    // A check failing in both runs keeps the first-failure time set by `check`.
    for (const [id, at] of Object.entries(after.grace.firstFailure)) if (first.grace.firstFailure[id]) expect(at, id).toBe(first.grace.firstFailure[id]);
    expect(Object.keys(first.grace.firstFailure).length).toBeGreaterThan(0);
  });
});

describe('command line errors', () => {
  it.each([[['--help']], [['server', '--help']], [['check', '-h']]])('prints usage and exits 0 for %j', async (args) => {
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: shiftguard <command>/);
  });

  it.each([[['bogus']], [['check', '--nope']], [[]]])('prints usage and exits 2 for %j', async (args) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout + stderr).toMatch(/Usage: shiftguard <command>/);
  });
});
