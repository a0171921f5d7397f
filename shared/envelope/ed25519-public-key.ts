/**
 * Checks that 32 bytes are a usable Ed25519 public key: a canonical encoding of a curve point in
 * the prime-order subgroup.
 *
 * Why: Ed25519 verifiers (OpenSSL, so Node's crypto.verify, included) accept signatures under
 * small-order keys such as the all-zero encoding, and for those a fixed, key-independent
 * signature verifies for many messages. A device enrolled with such a key could have reports
 * "signed" by anyone. So a key is refused unless [L]A is the identity (no torsion component) and
 * A itself is not the identity; see RFC 8032 §5.1.3 for decoding and "Taming the many EdDSAs"
 * (Chalkias et al., 2020) for the small-order key problem.
 *
 * Plain BigInt arithmetic: it runs once per key (enrollment, agent start), not per signature.
 */

const P = 2n ** 255n - 19n;
/** Order of the prime subgroup (RFC 8032 §5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const mod = (a: bigint): bigint => {
  const r = a % P;
  return r >= 0n ? r : r + P;
};

function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

const D = mod(-121665n * pow(121666n, P - 2n));
const SQRT_M1 = pow(2n, (P - 1n) / 4n);

/** A point in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z. */
interface Point {
  x: bigint;
  y: bigint;
  z: bigint;
  t: bigint;
}

const IDENTITY: Point = { x: 0n, y: 1n, z: 1n, t: 0n };

/** Point addition on the twisted Edwards curve with a = -1 (RFC 8032 §5.1.4). */
function add(p: Point, q: Point): Point {
  const a = mod((p.y - p.x) * (q.y - q.x));
  const b = mod((p.y + p.x) * (q.y + q.x));
  const c = mod(2n * D * p.t * q.t);
  const d = mod(2n * p.z * q.z);
  const e = b - a;
  const f = d - c;
  const g = d + c;
  const h = b + a;
  return { x: mod(e * f), y: mod(g * h), z: mod(f * g), t: mod(e * h) };
}

function multiply(point: Point, scalar: bigint): Point {
  let result = IDENTITY;
  let addend = point;
  for (let k = scalar; k > 0n; k >>= 1n) {
    if (k & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

const isIdentity = (p: Point): boolean => p.x === 0n && mod(p.y - p.z) === 0n;

/** Decodes a 32-byte point encoding (RFC 8032 §5.1.3); null when it is not canonical or not on the curve. */
function decodePoint(bytes: Uint8Array): Point | null {
  if (bytes.length !== 32) return null;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(bytes[i]!);
  const sign = y >> 255n;
  y &= (1n << 255n) - 1n;
  if (y >= P) return null;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n));
  const vxx = mod(v * x * x);
  if (vxx === mod(-u)) x = mod(x * SQRT_M1);
  else if (vxx !== u) return null;
  if (x === 0n && sign === 1n) return null;
  if ((x & 1n) !== sign) x = P - x;
  return { x, y, z: 1n, t: mod(x * y) };
}

/** Why a key is refused, or null when it is fine. */
export type PublicKeyProblem = 'not-32-bytes' | 'not-a-curve-point' | 'small-order' | 'not-in-prime-subgroup';

/**
 * Answers already computed, by key (hex): the check costs about a millisecond of BigInt arithmetic,
 * and one key is checked at enrollment and again when its first report arrives (the server's key
 * cache is filled there). A pure function of the bytes, so a remembered answer is the answer.
 */
const answers = new Map<string, PublicKeyProblem | null>();
const MAX_ANSWERS = 100_000;

/** What is wrong with a raw Ed25519 public key, or null when it can be trusted to verify signatures. */
export function ed25519PublicKeyProblem(bytes: Uint8Array): PublicKeyProblem | null {
  if (bytes.length !== 32) return 'not-32-bytes';
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  let answer = answers.get(hex);
  if (answer === undefined) {
    answer = computeProblem(bytes);
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(hex, answer);
  }
  return answer;
}

function computeProblem(bytes: Uint8Array): PublicKeyProblem | null {
  const point = decodePoint(bytes);
  if (!point) return 'not-a-curve-point';
  if (isIdentity(multiply(point, 8n))) return 'small-order';
  if (!isIdentity(multiply(point, L))) return 'not-in-prime-subgroup';
  return null;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes unpadded base64url (no Node Buffer here: shared/ runs everywhere); null when malformed. */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of text) {
    const digit = BASE64URL.indexOf(char);
    if (digit < 0) return null;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, or two spellings would name one key.
  if ((value & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
