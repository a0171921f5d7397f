import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from '../../../shared/envelope/canonical-json';
import { envelopeSigningInput, envelopeSigningInputFromCanonical } from '../../../shared/envelope/signed-envelope';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined members and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives the same text for objects built in a different order', () => {
    const one = { reportId: 'r', checks: [{ id: 'usb', status: 'pass' }], os: { platform: 'linux', release: '6' } };
    const two = { os: { release: '6', platform: 'linux' }, checks: [{ status: 'pass', id: 'usb' }], reportId: 'r' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('writes numbers and strings as JSON.stringify does (RFC 8785 for our value range)', () => {
    expect(canonicalJson([1.5, 1e21, -0, 'é"\n', 10])).toBe('[1.5,1e+21,0,"é\\"\\n",10]');
  });

  it('refuses values without a canonical form', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(10n)).toThrow(CanonicalJsonError);
  });
});

describe('envelopeSigningInput', () => {
  it('binds the purpose, so a signature for one purpose does not verify for another', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const header = { purpose: 'report' as const, keyId: 'd', signedAt: '2026-01-01T00:00:00Z' };
    const payload = { a: 1 };
    const sig = sign(null, Buffer.from(envelopeSigningInput(header, payload)), privateKey);
    expect(verify(null, Buffer.from(envelopeSigningInput(header, { a: 1 })), publicKey, sig)).toBe(true);
    expect(verify(null, Buffer.from(envelopeSigningInput({ ...header, purpose: 'check-in' }, payload)), publicKey, sig)).toBe(false);
    expect(verify(null, Buffer.from(envelopeSigningInput(header, { a: 2 })), publicKey, sig)).toBe(false);
  });

  it('is the same text when built from the payload\'s canonical JSON', () => {
    const payloads: unknown[] = [{ a: 1 }, { z: [1, { y: 'é"\\\n', b: null }], a: true }, [], 'text', 0, null, { 'ключ': '\u2028' }];
    const headers = [
      { purpose: 'report' as const, keyId: 'd', signedAt: '2026-01-01T00:00:00Z' },
      { purpose: 'check-in' as const, keyId: 'key "with" quotes\\', signedAt: '2026-01-01T00:00:00.123+02:00' },
    ];
    for (const header of headers) {
      for (const payload of payloads) expect(envelopeSigningInputFromCanonical(header, canonicalJson(payload))).toBe(envelopeSigningInput(header, payload));
    }
  });
});
