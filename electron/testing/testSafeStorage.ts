/**
 * A stand-in for Electron's `safeStorage`, for tests under Node (the store's tests, the host
 * contract tests): it really encrypts (AES-256-GCM under a key held by this object, like the key a
 * keychain holds), so a test can check that the token never reaches the disk in clear. Not used by
 * the app.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SafeStorageLike } from '../device/deviceStore';

export type TestSafeStorageOptions = {
  /** What `isEncryptionAvailable()` answers; true by default. */
  isEncryptionAvailable?: boolean;
  /** What `getSelectedStorageBackend()` answers on Linux; `gnome_libsecret` by default. */
  backend?: string;
};

const prefix = Buffer.from('v11');

export function createTestSafeStorage({
  isEncryptionAvailable = true,
  backend = 'gnome_libsecret',
}: TestSafeStorageOptions = {}): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => isEncryptionAvailable,
    getSelectedStorageBackend: () => backend,
    encryptString(plainText) {
      if (!isEncryptionAvailable) throw new Error('Encryption is not available.');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const encrypted = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([prefix, iv, cipher.getAuthTag(), encrypted]);
    },
    decryptString(encrypted) {
      if (!isEncryptionAvailable) throw new Error('Decryption is not available.');
      if (!encrypted.subarray(0, prefix.length).equals(prefix)) throw new Error('Not encrypted by safeStorage.');
      const iv = encrypted.subarray(prefix.length, prefix.length + 12);
      const tag = encrypted.subarray(prefix.length + 12, prefix.length + 28);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(encrypted.subarray(prefix.length + 28)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
