import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { VerifyPool } from '../../../server/crypto/verify-pool';

function signer() {
  const pair = generateKeyPairSync('ed25519');
  const publicKey = pair.publicKey.export({ format: 'jwk' }).x ?? '';
  return { publicKey, sign: (text: string) => sign(null, Buffer.from(text, 'utf8'), pair.privateKey).toString('base64url') };
}

/** The signature with one character in the middle changed (the last one carries padding bits). */
function flip(signature: string): string {
  return `${signature.slice(0, 40)}${signature[40] === 'A' ? 'B' : 'A'}${signature.slice(41)}`;
}

describe('VerifyPool', () => {
  const pools = [new VerifyPool(2), new VerifyPool(0)];
  afterAll(async () => {
    for (const pool of pools) await pool.close();
  });

  for (const pool of pools) {
    describe(pool === pools[0] ? 'on worker threads' : 'inline (no threads)', () => {
      it('accepts exactly the signatures the device key made over exactly that text', async () => {
        const a = signer();
        const b = signer();
        const text = 'shiftguard-envelope-v1\n{"payload":"é ✓"}';
        const results = await Promise.all([
          pool.verify(text, a.sign(text), a.publicKey),
          pool.verify(`${text} `, a.sign(text), a.publicKey),
          pool.verify(text, a.sign(text), b.publicKey),
          pool.verify(text, b.sign(text), b.publicKey),
          pool.verify(text, a.sign(text).slice(0, 85), a.publicKey),
          pool.verify(text, flip(a.sign(text)), a.publicKey),
        ]);
        expect(results).toEqual([true, false, false, true, false, false]);
      });

      it('answers every item of a large batch in order', async () => {
        const devices = Array.from({ length: 5 }, signer);
        const items = Array.from({ length: 400 }, (_, i) => {
          const d = devices[i % devices.length]!;
          const text = `report ${i}`;
          const valid = i % 3 !== 0;
          return { text, signature: d.sign(valid ? text : `other ${i}`), publicKey: d.publicKey, valid };
        });
        const results = await Promise.all(items.map((item) => pool.verify(item.text, item.signature, item.publicKey)));
        expect(results).toEqual(items.map((item) => item.valid));
      });
    });
  }
});
