import { scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (secret: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(secret, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

// Bounds on the parameters a (signed) policy may ask for, so a bad hash cannot stall the app.
const MAX_N = 1 << 20;
const MAXMEM = 256 * 1024 * 1024;

/**
 * Checks a supervisor PIN against policy.agent.quitPinHash, "scrypt$N$r$p$salt$key" with
 * base64url salt and key (the format the server's password hashing writes). Constant-time;
 * false for a malformed hash.
 */
export async function verifyQuitPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key, extra] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || extra !== undefined) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (![N, R, P].every(Number.isSafeInteger) || N < 2 || N > MAX_N || R < 1 || R > 32 || P < 1 || P > 16) return false;
  const expected = Buffer.from(key, 'base64url');
  if (expected.length < 16) return false;
  try {
    const actual = await scrypt(pin, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: MAXMEM });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** Wrong PINs allowed per window before the quit dialog refuses further tries for the rest of it. */
export class QuitAttemptLimiter {
  private failures: number[] = [];
  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  blocked(): boolean {
    const since = this.now() - this.windowMs;
    this.failures = this.failures.filter((t) => t > since);
    return this.failures.length >= this.maxFailures;
  }

  recordFailure(): void {
    this.failures.push(this.now());
  }

  reset(): void {
    this.failures = [];
  }
}
