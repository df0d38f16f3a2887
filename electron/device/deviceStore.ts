/**
 * This PC's registration with the central server: `device.json` in Electron's userData folder,
 * `{deviceId, encryptedToken, isRevoked}`. The device token is a credential (with a user's
 * password it opens a session on the server), so it is only ever written encrypted by Electron's
 * `safeStorage` (base64 in the file), and never leaves the main process: no channel returns it.
 *
 * Refusals, on purpose: when `safeStorage` cannot encrypt (`isEncryptionAvailable()` false, e.g. a
 * Linux keyring that is locked or missing), and on Linux when its backend is `basic_text` (no
 * keyring found: Chromium then "encrypts" with a hard-coded key, which anyone who copies the file
 * can undo) or `unknown` (asked before the app was ready), the token is neither stored nor read:
 * a sign-in that would register the PC fails with a clear `internal` error instead of leaving the
 * credential readable on disk. Writing a plain-text file would defeat the point of the token.
 *
 * The revoked flag is persisted as soon as the server answers `device-revoked`, so the PC keeps
 * refusing sign-ins after a restart, offline included. Writes are atomic and serialised; a file
 * that does not parse, or whose token this account's keyring cannot decrypt, is set aside (never
 * deleted) and the PC registers again at its next online sign-in.
 *
 * Electron 45 deprecates the synchronous `isEncryptionAvailable`/`encryptString`/`decryptString`
 * (removed in 46) in favour of `isAsyncEncryptionAvailable`/`encryptStringAsync`/`decryptStringAsync`,
 * which read the same ciphertext. They are still used here because the Linux backend that
 * `getSelectedStorageBackend()` reports is set by the synchronous API's initialisation (Electron's
 * `electron_api_safe_storage.cc`): the `basic_text` refusal must be re-checked when moving to the
 * asynchronous API.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { idSchema } from '../../shared/auth/schemas';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Logger } from '../logger';
import { createSerialQueue, setFileAside, writeFileAtomically } from '../storage/localFile';

export const deviceFileName = 'device.json';

/** What the store uses of Electron's `safeStorage`. `getSelectedStorageBackend` exists on Linux only. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
};

export type DeviceStatus = { deviceId: string | null; isRevoked: boolean };

export type DeviceStore = {
  status(): Promise<DeviceStatus>;
  /** `ok` when a token can be stored and read safely now; else the `internal` error to answer. */
  checkSecureStorage(): Result<null>;
  /** The device token, decrypted; `ok(undefined)` when this PC has none (not registered yet). */
  readToken(): Promise<Result<string | undefined>>;
  /** Stores the credentials of a PC the server has just registered, replacing any previous ones. */
  register(device: { id: string; token: string }): Promise<Result<null>>;
  /** Remembers the server's `device-revoked` answer. Never throws: a failed write is logged. */
  markRevoked(): Promise<void>;
};

export type DeviceStoreOptions = {
  directory: string;
  safeStorage: SafeStorageLike;
  log?: Logger;
  /** `process.platform` unless a test says otherwise. */
  platform?: NodeJS.Platform;
  now?: () => Date;
};

const storedDeviceSchema = z.object({
  deviceId: idSchema,
  encryptedToken: z.base64().min(1),
  isRevoked: z.boolean(),
});
type StoredDevice = z.infer<typeof storedDeviceSchema>;

/** The server's tokens are at least 32 characters; anything else did not come from it. */
const tokenSchema = z.string().min(32);

export const secureStorageUnavailableMessage =
  "The system's secure storage (keychain) is not available on this PC: Masar cannot keep its device credentials safely.";

export function createDeviceStore({
  directory,
  safeStorage,
  log = console,
  platform = process.platform,
  now = () => new Date(),
}: DeviceStoreOptions): DeviceStore {
  const filePath = path.join(directory, deviceFileName);
  /** `null`: read, and there is no device; `undefined`: not read yet. */
  let current: StoredDevice | null | undefined;
  let decryptedToken: string | undefined;
  const serialised = createSerialQueue();

  async function setAside(reason: string): Promise<void> {
    try {
      const asideName = await setFileAside(filePath, now());
      log.warn(`[device] ${reason}: kept aside as ${asideName}; this PC will register again at its next sign-in`);
    } catch (error) {
      log.error(`[device] ${reason}, and it could not be kept aside`, error);
    }
  }

  async function load(): Promise<StoredDevice | null> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      await setAside('device file is not JSON');
      return null;
    }
    const parsed = storedDeviceSchema.safeParse(json);
    if (!parsed.success) {
      await setAside('device file does not match the schema');
      return null;
    }
    return parsed.data;
  }

  async function currentDevice(): Promise<StoredDevice | null> {
    current ??= await load();
    return current;
  }

  async function write(device: StoredDevice): Promise<void> {
    await writeFileAtomically(filePath, `${JSON.stringify(device, null, 2)}\n`);
    current = device;
  }

  function checkSecureStorage(): Result<null> {
    if (!safeStorage.isEncryptionAvailable()) {
      log.warn('[device] safeStorage cannot encrypt on this PC: the device token is neither stored nor read');
      return err('internal', secureStorageUnavailableMessage);
    }
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        log.warn(
          `[device] safeStorage backend is '${backend}': no system keyring protects the key, so the device token ` +
            'is neither stored nor read. Unlock or install GNOME Keyring or KWallet (or start Masar with ' +
            '--password-store=gnome-libsecret).',
        );
        return err('internal', secureStorageUnavailableMessage);
      }
    }
    return ok(null);
  }

  return {
    status: () =>
      serialised(async () => {
        const device = await currentDevice();
        return { deviceId: device?.deviceId ?? null, isRevoked: device?.isRevoked ?? false };
      }),

    checkSecureStorage,

    readToken: () =>
      serialised(async (): Promise<Result<string | undefined>> => {
        const device = await currentDevice();
        if (device === null) return ok(undefined);
        if (decryptedToken !== undefined) return ok(decryptedToken);
        const secure = checkSecureStorage();
        if (!secure.ok) return secure;
        let token: string;
        try {
          token = tokenSchema.parse(safeStorage.decryptString(Buffer.from(device.encryptedToken, 'base64')));
        } catch {
          await setAside('the device token cannot be decrypted with this account and keyring');
          current = null;
          return ok(undefined);
        }
        decryptedToken = token;
        return ok(token);
      }),

    register: ({ id, token }) =>
      serialised(async (): Promise<Result<null>> => {
        const secure = checkSecureStorage();
        if (!secure.ok) return secure;
        try {
          const encryptedToken = safeStorage.encryptString(token).toString('base64');
          await write({ deviceId: id, encryptedToken, isRevoked: false });
        } catch (error) {
          log.error('[device] could not save the device credentials', error);
          return err('internal', 'Masar could not save the registration of this PC.');
        }
        decryptedToken = token;
        log.info('[device] this PC is registered with the server');
        return ok(null);
      }),

    markRevoked: () =>
      serialised(async () => {
        try {
          const device = await currentDevice();
          if (device === null || device.isRevoked) return;
          await write({ ...device, isRevoked: true });
          log.warn('[device] the server revoked this PC: sign-ins are refused from now on');
        } catch (error) {
          log.error('[device] could not remember that the server revoked this PC', error);
        }
      }),
  };
}
