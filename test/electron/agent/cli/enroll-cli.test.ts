import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnrolledDevice } from '../../../../electron/agent/sync/device-state';
import { runCli } from '../../../helpers/cli';
import { makeTempDir } from '../../../helpers/temp-dir';
import { LoopbackServer } from '../sync/helpers/sync-setup';

let server: LoopbackServer;
let team: string;
const tmp = makeTempDir();
const managed = path.join(tmp.dir, 'managed.json');
beforeAll(async () => {
  server = await LoopbackServer.start();
  team = await server.team('CLI');
  writeFileSync(managed, JSON.stringify({ IdentitySource: 'asset-tag', AssetTag: 'POOL-A-SEAT-07' }));
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('shiftguard enroll / run (real processes)', () => {
  it('enrolls, then `run --once` delivers a signed posture report through the outbox', async () => {
    const data = path.join(tmp.dir, 'agent');
    const env = { SHIFTGUARD_AGENT_DATA: data, SHIFTGUARD_MANAGED_CONFIG: managed, SHIFTGUARD_SERVER: '', SHIFTGUARD_ENROLL_TOKEN: '' };
    const enrolled = await runCli(['enroll', '--server', server.url, '--token', await server.token(team)], { env, timeoutMs: 60_000 });
    expect(enrolled.stderr).toBe('');
    expect(enrolled.code).toBe(0);
    expect(enrolled.stdout).toMatch(/enrolled with http:\/\/127\.0\.0\.1:\d+ as device [0-9a-f-]{36} \(identity: asset-tag/);
    const device = loadEnrolledDevice(data);
    expect(device?.teamId).toBe(team);

    const run = await runCli(['run', '--once'], { env, timeoutMs: 90_000 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/report [0-9a-f-]{36} queued/);
    const history = await server.history(device!.deviceId);
    const posture = history.filter((r) => r.body.kind === 'posture');
    expect(posture).toHaveLength(1);
    expect(run.stdout).toContain(posture[0]!.reportId);
  }, 120_000);

  it('exits 2 with a plain message for a used-up token', async () => {
    const env = { SHIFTGUARD_AGENT_DATA: path.join(tmp.dir, 'agent2'), SHIFTGUARD_MANAGED_CONFIG: managed, SHIFTGUARD_SERVER: '', SHIFTGUARD_ENROLL_TOKEN: '' };
    const token = await server.token(team, { maxUses: 1 });
    expect((await runCli(['enroll', '--server', server.url, '--token', token], { env, timeoutMs: 60_000 })).code).toBe(0);
    const again = await runCli(['enroll', '--server', server.url, '--token', token], { env: { ...env, SHIFTGUARD_AGENT_DATA: path.join(tmp.dir, 'agent3') }, timeoutMs: 60_000 });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/enrollment refused: the enrollment token has no uses left; ask IT for a new enrollment token/);
  }, 120_000);

  it('exits 2 naming the key when the identity rule is broken, and never enrolls with the machine id', async () => {
    // docs/agent-identity.md: asset-tag without assetTag is an error, not a fallback to the machine id.
    const broken = path.join(tmp.dir, 'managed-broken.json');
    writeFileSync(broken, JSON.stringify({ IdentitySource: 'asset-tag' }));
    const data = path.join(tmp.dir, 'agent-broken');
    const env = { SHIFTGUARD_AGENT_DATA: data, SHIFTGUARD_MANAGED_CONFIG: broken, SHIFTGUARD_SERVER: '', SHIFTGUARD_ENROLL_TOKEN: '' };
    const refused = await runCli(['enroll', '--server', server.url, '--token', await server.token(team)], { env, timeoutMs: 60_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`enrollment blocked by managed configuration: identitySource in ${broken} is asset-tag but assetTag is missing`);
    expect(loadEnrolledDevice(data)).toBeUndefined();

    writeFileSync(broken, JSON.stringify({ identitySource: 'mac-address' }));
    const unknown = await runCli(['run', '--once', '--token', await server.token(team), '--server', server.url], { env, timeoutMs: 90_000 });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('identitySource in');
    expect(unknown.stderr).toContain('"mac-address": expected machine-id, hostname or asset-tag');
    expect(loadEnrolledDevice(data)).toBeUndefined();
  }, 120_000);
});
