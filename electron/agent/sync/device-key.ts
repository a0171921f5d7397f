import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { deviceAuthSigningInput, formatDeviceAuthorization } from '../../../shared/api/agent';
import { envelopeSigningInput, type EnvelopePurpose } from '../../../shared/envelope/signed-envelope';
import { writeFileAtomic } from './atomic-file';
import type { KeyProtector } from './key-protector';

const KeyFileSchema = z.object({ protection: z.string(), blob: z.string() });

/** The key file is missing, unreadable, or protected by another protector. */
export class DeviceKeyError extends Error {
  override readonly name = 'DeviceKeyError';
}

/** The device's Ed25519 key pair: signs reports, check-ins and live-channel requests. */
export class DeviceKey {
  private constructor(private readonly privateKey: KeyObject) {}

  /** A fresh key pair (made at each enrollment). */
  static generate(): DeviceKey {
    return new DeviceKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** The raw public key, base64url (as the enrollment request carries it). */
  get publicKey(): string {
    const x = createPublicKey(this.privateKey).export({ format: 'jwk' }).x;
    if (!x) throw new DeviceKeyError('cannot export the device public key');
    return x;
  }

  /** Signs `payload` as an envelope of `purpose` from `deviceId`, signed now. */
  envelope<P>(purpose: EnvelopePurpose, deviceId: string, payload: P, now = new Date()) {
    const header = { purpose, keyId: deviceId, signedAt: now.toISOString() };
    const signature = sign(null, Buffer.from(envelopeSigningInput(header, payload), 'utf8'), this.privateKey).toString('base64url');
    return { ...header, payload, signature };
  }

  /** The `Authorization: ShiftGuard-Device …` value for a device GET. */
  authorization(deviceId: string, method: string, requestPath: string, now = new Date()): string {
    const ts = now.toISOString();
    const sig = sign(null, Buffer.from(deviceAuthSigningInput(method, requestPath, ts), 'utf8'), this.privateKey).toString('base64url');
    return formatDeviceAuthorization(deviceId, ts, sig);
  }

  /** Saves the private key through `protector`, in a file only this user can read. */
  save(file: string, protector: KeyProtector): void {
    const pkcs8 = this.privateKey.export({ format: 'der', type: 'pkcs8' });
    const blob = protector.protect(pkcs8).toString('base64');
    writeFileAtomic(file, JSON.stringify({ protection: protector.kind, blob }), 0o600);
  }

  /** Loads the private key saved by {@link save}; undefined when there is none. */
  static load(file: string, protector: KeyProtector): DeviceKey | undefined {
    if (!existsSync(file)) return undefined;
    const parsed = KeyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new DeviceKeyError(`${path.basename(file)} is not a device key file`);
    if (parsed.data.protection !== protector.kind) {
      throw new DeviceKeyError(`the device key is protected by '${parsed.data.protection}', not '${protector.kind}'; enroll again`);
    }
    try {
      const der = protector.unprotect(Buffer.from(parsed.data.blob, 'base64'));
      return new DeviceKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
    } catch (error) {
      throw new DeviceKeyError(`cannot unlock the device key: ${(error as Error).message}`);
    }
  }
}
