import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateServerKey, ServerKeyError } from '../../../server/crypto/server-key';
import { makeTempDir } from '../../helpers/temp-dir';

const tmp = makeTempDir();


describe('policy-signing key', () => {
  it('is made on first start with mode 0600 and loaded unchanged afterwards', () => {
    const file = path.join(tmp.dir, 'keys', 'k.pem');
    const first = loadOrCreateServerKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(loadOrCreateServerKey(file)).toMatchObject({ publicKey: first.publicKey, keyId: first.keyId });
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a key file others may read', () => {
    const file = path.join(tmp.dir, 'open', 'k.pem');
    loadOrCreateServerKey(file);
    chmodSync(file, 0o644);
    expect(() => loadOrCreateServerKey(file)).toThrow(ServerKeyError);
    tmp.cleanup();
  });
});
