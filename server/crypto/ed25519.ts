import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519PublicKeyProblem, type PublicKeyProblem } from '../../shared/envelope/ed25519-public-key';
import { envelopeSigningInput, type EnvelopeHeader } from '../../shared/envelope/signed-envelope';

// Device keys are immutable once enrolled, so parsed KeyObjects are cached (bounded).
const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_MAX = 50_000;

/** A stored key that must not be used to verify anything (see shared/envelope/ed25519-public-key.ts). */
export class UnusableKeyError extends Error {
  override readonly name = 'UnusableKeyError';
  constructor(readonly problem: PublicKeyProblem) {
    super(`unusable Ed25519 public key: ${problem}`);
  }
}

/**
 * A raw Ed25519 public key (base64url, 32 bytes) as a KeyObject; throws for malformed keys and for
 * small-order ones (checked once per key, since the cache keeps only keys that passed).
 */
export function publicKeyFromRaw(raw: string): KeyObject {
  let key = keyCache.get(raw);
  if (!key) {
    const problem = ed25519PublicKeyProblem(Buffer.from(raw, 'base64url'));
    if (problem) throw new UnusableKeyError(problem);
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
    if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
    keyCache.set(raw, key);
  }
  return key;
}

/** The raw public key (base64url) of an Ed25519 KeyObject (public or private). */
export function rawPublicKey(key: KeyObject): string {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

/** A short stable id of a public key: the first 16 hex digits of sha256(raw key bytes). */
export function keyIdOf(rawPublic: string): string {
  return createHash('sha256').update(Buffer.from(rawPublic, 'base64url')).digest('hex').slice(0, 16);
}

/** Signs an envelope; returns the base64url signature. */
export function signEnvelope(header: EnvelopeHeader, payload: unknown, privateKey: KeyObject): string {
  return sign(null, Buffer.from(envelopeSigningInput(header, payload), 'utf8'), privateKey).toString('base64url');
}

/** True when `signature` is the key's Ed25519 signature over the envelope's signing input. */
export function verifyEnvelope(header: EnvelopeHeader, payload: unknown, signature: string, publicKey: KeyObject): boolean {
  return verifyText(envelopeSigningInput(header, payload), signature, publicKey);
}

/** True when `signature` (base64url) is the key's Ed25519 signature over `text` (UTF-8). */
export function verifyText(text: string, signature: string, publicKey: KeyObject): boolean {
  const sig = Buffer.from(signature, 'base64url');
  if (sig.length !== 64) return false;
  return verify(null, Buffer.from(text, 'utf8'), publicKey, sig);
}
