import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceKey } from '../../../../electron/agent/sync/device-key';
import { loadEnrolledDevice, syncPaths } from '../../../../electron/agent/sync/device-state';
import { enrollDevice, EnrollmentError, type EnrollOptions } from '../../../../electron/agent/sync/enroll';
import { FileModeKeyProtector, type KeyProtector } from '../../../../electron/agent/sync/key-protector';
import { makeTempDir } from '../../../helpers/temp-dir';
import { LoopbackServer } from './helpers/sync-setup';

let server: LoopbackServer;
let team: string;
let notShiftGuard: http.Server;
let otherUrl: string;
const tmp = makeTempDir();
beforeAll(async () => {
  server = await LoopbackServer.start();
  team = await server.team('Enrollment');
  // Some other web server (a wrong URL that still answers).
  notShiftGuard = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>intranet</html>'));
  await new Promise<void>((resolve) => notShiftGuard.listen(0, '127.0.0.1', () => resolve()));
  otherUrl = `http://127.0.0.1:${(notShiftGuard.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => notShiftGuard.close(resolve));
  tmp.cleanup();
});

let n = 0;
function options(overrides: Partial<EnrollOptions>): EnrollOptions {
  return { serverUrl: server.url, token: 'x'.repeat(20), dataDir: `${tmp.dir}/d${n++}`, protector: new FileModeKeyProtector(), identity: { source: 'asset-tag', assetTag: `desk-${n}` }, ...overrides };
}
async function failure(o: EnrollOptions): Promise<EnrollmentError> {
  const error = await enrollDevice(o).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EnrollmentError);
  // Nothing is saved from a failed enrollment.
  expect(loadEnrolledDevice(o.dataDir)).toBeUndefined();
  return error as EnrollmentError;
}

describe('enrollment', () => {
  it('saves the device id, the pinned server key and a 0600 private key', async () => {
    const o = options({ token: await server.token(team) });
    const device = await enrollDevice(o);
    expect(device.serverKeyId).toBe(server.server.key.keyId);
    expect(device.serverPublicKey).toBe(server.server.key.publicKey);
    expect(device.teamId).toBe(team);
    expect(loadEnrolledDevice(o.dataDir)).toEqual(device);
    expect(statSync(syncPaths(o.dataDir).key).mode & 0o777).toBe(0o600);
    expect(statSync(syncPaths(o.dataDir).dir).mode & 0o777).toBe(0o700);
    expect(DeviceKey.load(syncPaths(o.dataDir).key, o.protector)).toBeInstanceOf(DeviceKey);
  });

  it('keeps the key only through the protector it was saved with', async () => {
    const xor: KeyProtector = { kind: 'test-xor', protect: (b) => Buffer.from(b.map((x) => x ^ 0x5a)), unprotect: (b) => Buffer.from(b.map((x) => x ^ 0x5a)) };
    const o = options({ token: await server.token(team), protector: xor });
    await enrollDevice(o);
    expect(DeviceKey.load(syncPaths(o.dataDir).key, xor)).toBeInstanceOf(DeviceKey);
    expect(() => DeviceKey.load(syncPaths(o.dataDir).key, new FileModeKeyProtector())).toThrow(/protected by 'test-xor'/);
  });

  it('says plainly when the URL is not a URL, or not the ShiftGuard server', async () => {
    expect((await failure(options({ serverUrl: 'shiftguard.example' }))).reason).toBe('bad-url');
    expect((await failure(options({ serverUrl: 'ftp://127.0.0.1/' }))).reason).toBe('bad-url');
    const wrong = await failure(options({ serverUrl: otherUrl }));
    expect(wrong.reason).toBe('not-shiftguard');
    expect(wrong.message).toMatch(/ShiftGuard server URL/);
  });

  it('says plainly when the token is unknown, expired or used up', async () => {
    const unknown = await failure(options({ token: 'not-a-token-of-this-server' }));
    expect(unknown.reason).toBe('token-refused');
    expect(unknown.message).toMatch(/not valid/);

    const expired = await server.server.app.sg.enrollment.createToken({ teamId: team, expiresInHours: 1, maxUses: 1 }, null, Date.now() - 2 * 3_600_000);
    const late = await failure(options({ token: expired.token }));
    expect(late.reason).toBe('token-refused');
    expect(late.message).toMatch(/expired/);

    const once = await server.token(team, { maxUses: 1 });
    await enrollDevice(options({ token: once }));
    const spent = await failure(options({ token: once }));
    expect(spent.reason).toBe('token-refused');
    expect(spent.message).toMatch(/no uses left/);
  });

  it('says plainly when the server is down, or TLS fails', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await failure(options({ serverUrl: `http://127.0.0.1:${port}` }));
    expect(down.reason).toBe('unreachable');
    expect(down.message).toMatch(/ECONNREFUSED/);
    // https:// to a plain-HTTP port: the TLS handshake fails.
    const tls = await failure(options({ serverUrl: `https://127.0.0.1:${server.port}` }));
    expect(tls.reason).toBe('tls');
  });
});
