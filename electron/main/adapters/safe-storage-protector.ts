import { FileModeKeyProtector, type KeyProtector } from '../../agent/sync/key-protector';

/** The part of Electron's safeStorage the protector uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs safeStorage ('basic_text' is a fixed key, no protection). */
  getSelectedStorageBackend?(): string;
}

/**
 * The device key's KeyProtector on Electron safeStorage: DPAPI on Windows, the Keychain on macOS,
 * libsecret or KWallet on Linux. The key is stored encrypted by the OS for this user; a copy of the
 * file on another account or machine cannot be unlocked (that means enrolling again).
 */
export class SafeStorageKeyProtector implements KeyProtector {
  readonly kind = 'electron-safe-storage';

  constructor(private readonly safeStorage: SafeStorageLike) {}

  protect(secret: Buffer): Buffer {
    return this.safeStorage.encryptString(secret.toString('base64'));
  }

  unprotect(blob: Buffer): Buffer {
    return Buffer.from(this.safeStorage.decryptString(blob), 'base64');
  }
}

/**
 * safeStorage where the OS really protects with it; otherwise (no secret store, or Linux's
 * 'basic_text' fallback, which encrypts with a key built into Chromium) the headless agent's
 * file-mode protector, which at least does not pretend. `why` says which and why, for the log.
 */
export function chooseKeyProtector(safeStorage: SafeStorageLike, platform: NodeJS.Platform): { protector: KeyProtector; why: string } {
  if (!safeStorage.isEncryptionAvailable()) return { protector: new FileModeKeyProtector(), why: 'no OS secret store: the device key is protected by file mode 0600 only' };
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  if (backend === 'basic_text' || backend === 'unknown') {
    return { protector: new FileModeKeyProtector(), why: `no usable secret store (safeStorage backend ${backend}): the device key is protected by file mode 0600 only` };
  }
  return { protector: new SafeStorageKeyProtector(safeStorage), why: `the device key is protected by the OS secret store${backend ? ` (${backend})` : ''}` };
}
