/**
 * Protects the device's private key at rest. The desktop app implements it with Electron's
 * safeStorage (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux); the headless
 * agent uses {@link FileModeKeyProtector}. `kind` is stored beside the key so a key protected one
 * way is never handed to another protector.
 */
export interface KeyProtector {
  readonly kind: string;
  protect(secret: Buffer): Buffer;
  unprotect(blob: Buffer): Buffer;
}

/**
 * Headless mode: no OS key store, the key file's protection is its mode (0600 in a 0700 folder),
 * so only this user (and root/administrators) can read it.
 */
export class FileModeKeyProtector implements KeyProtector {
  readonly kind = 'file-mode-0600';
  protect(secret: Buffer): Buffer {
    return Buffer.from(secret);
  }
  unprotect(blob: Buffer): Buffer {
    return Buffer.from(blob);
  }
}
