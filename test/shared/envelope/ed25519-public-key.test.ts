import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, ed25519PublicKeyProblem } from '../../../shared/envelope/ed25519-public-key';
import { Ed25519PublicKeySchema } from '../../../shared/envelope/signed-envelope';

const hex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
const IDENTITY = hex('01' + '00'.repeat(31));

// Small-order encodings listed by libsodium's ge25519_has_small_order
// (https://github.com/jedisct1/libsodium/blob/master/src/libsodium/crypto_core/ed25519/ref10/ed25519_ref10.c).
const SMALL_ORDER = {
  'zero (order 4)': hex('00'.repeat(32)),
  'identity (order 1)': IDENTITY,
  'order 8, first': hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'),
  'order 8, second': hex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'),
  'p - 1 (order 2)': hex('ec' + 'ff'.repeat(30) + '7f'),
};

describe('Ed25519 public key check', () => {
  it('shows why: Node verifies a key-independent signature under the identity key, for any message', () => {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(IDENTITY).toString('base64url') }, format: 'jwk' });
    const forged = Buffer.alloc(64);
    forged[0] = 1; // R = identity, S = 0
    for (const message of ['report: compliant', 'anything at all']) expect(verify(null, Buffer.from(message), key, forged)).toBe(true);
  });

  it('accepts real keys', () => {
    for (let i = 0; i < 50; i++) {
      const x = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
      expect(ed25519PublicKeyProblem(decodeBase64Url(x)!)).toBeNull();
      expect(Ed25519PublicKeySchema.safeParse(x).success).toBe(true);
    }
    // RFC 8032 §7.1, test 1.
    expect(ed25519PublicKeyProblem(hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'))).toBeNull();
  });

  it('refuses small-order keys, with and without the sign bit', () => {
    for (const [name, bytes] of Object.entries(SMALL_ORDER)) {
      expect(ed25519PublicKeyProblem(bytes), name).toBe('small-order');
      const encoded = Buffer.from(bytes).toString('base64url');
      expect(Ed25519PublicKeySchema.safeParse(encoded).success, name).toBe(false);
    }
    const signed = hex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85');
    expect(ed25519PublicKeyProblem(signed)).toBe('small-order');
  });

  it('refuses a real key with a torsion component added (mixed order)', () => {
    // RFC 8032 test 1 public key + the first order-8 point above (computed with the RFC's formulas).
    expect(ed25519PublicKeyProblem(hex('3b5b475c4b82dd1572799fc546f4c6c03e478c6654aa4c7f945b347ea32af60d'))).toBe('not-in-prime-subgroup');
  });

  it('refuses non-canonical and off-curve encodings and wrong lengths', () => {
    expect(ed25519PublicKeyProblem(hex('ed' + 'ff'.repeat(30) + '7f'))).toBe('not-a-curve-point'); // y = p
    expect(ed25519PublicKeyProblem(hex('02' + '00'.repeat(31)))).toBe('not-a-curve-point'); // y = 2 has no x
    expect(ed25519PublicKeyProblem(hex('01' + '00'.repeat(30) + '80'))).toBe('not-a-curve-point'); // x = 0 with the sign bit set
    expect(ed25519PublicKeyProblem(new Uint8Array(31))).toBe('not-32-bytes');
  });

  it('decodes base64url strictly', () => {
    expect(Array.from(decodeBase64Url('AQID')!)).toEqual([1, 2, 3]);
    expect(Array.from(decodeBase64Url('-_8')!)).toEqual([0xfb, 0xff]);
    expect(decodeBase64Url('A')).toBeNull();
    expect(decodeBase64Url('AB=')).toBeNull();
    expect(decodeBase64Url('AB')).toBeNull(); // leftover bits set: a second spelling of [0]
    expect(Buffer.from(decodeBase64Url('AA')!)).toEqual(Buffer.from([0]));
  });
});
