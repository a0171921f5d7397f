import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyIdOf, rawPublicKey } from './ed25519';

/** The server's policy-signing key. */
export interface ServerSigningKey {
  privateKey: KeyObject;
  /** Raw Ed25519 public key, base64url: what enrolled agents trust. */
  publicKey: string;
  keyId: string;
}

/** The key file cannot be used (unreadable, wrong type, or readable by others). */
export class ServerKeyError extends Error {
  override readonly name = 'ServerKeyError';
}

/**
 * Loads the policy-signing key from `file`, or makes one on first start (PKCS#8 PEM, mode 0600 in a
 * 0700 folder). A key file that group or others may read is refused: whoever reads it can sign
 * policies for every workstation. Several instances on one PostgreSQL must share this file
 * (docs/SERVER.md, "Policy-signing key").
 */
export function loadOrCreateServerKey(file: string): ServerSigningKey {
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) throw new ServerKeyError(`${file}: permissions ${mode.toString(8)} let others read the policy-signing key; run chmod 600 on it`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (error) {
    throw new ServerKeyError(`${file}: not a readable private key (${(error as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new ServerKeyError(`${file}: expected an Ed25519 key, found ${privateKey.asymmetricKeyType}`);
  const publicKey = rawPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}
