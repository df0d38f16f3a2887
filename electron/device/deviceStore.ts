/**
 * This PC's registrations with central servers: `device.json` in Electron's userData folder. A
 * device token belongs to the server that issued it, and is only ever sent back to that server
 * (with another server it would be a credential handed to a stranger), so the file is a map keyed
 * by the normalised server URL (`normaliseServerUrl`):
 *
 *     { "version": 2,
 *       "servers": { "https://masar.example.ma": { "deviceId", "encryptedToken", "isRevoked" } } }
 *
 * A map rather than a list of entries with a `serverUrl` field: one entry per server holds by
 * construction (no duplicates to arbitrate), and finding a server's entry is a plain lookup. Every
 * operation names the server URL it is about; for a URL without an entry the PC is not registered
 * there (its next sign-in there registers it). The revoked flag is the whole PC's: once a server
 * said `device-revoked`, `status` reports the PC revoked whatever server URL it is asked about, so
 * pointing the settings at another (or a dead) address does not let a revoked PC sign in again,
 * offline included.
 *
 * The first version of the file held one registration, `{deviceId, encryptedToken, isRevoked}`,
 * without saying for which server: it is migrated, as it is read, to an entry for the server URL
 * the settings name at that moment (`legacyServerUrl`), the only server it can have come from,
 * and written back at once in the new format. `load()` reads (and migrates) the file before the
 * settings' server URL changes, so an old file is never attributed to the new URL.
 *
 * The device token is a credential (with a user's password it opens a session on the server), so
 * it is only ever written encrypted by Electron's `safeStorage` (base64 in the file), and never
 * leaves the main process: no channel returns it.
 *
 * Refusals, on purpose: when `safeStorage` cannot encrypt (`isEncryptionAvailable()` false, e.g. a
 * Linux keyring that is locked or missing), and on Linux when its backend is `basic_text` (no
 * keyring found: Chromium then "encrypts" with a hard-coded key, which anyone who copies the file
 * can undo) or `unknown` (asked before the app was ready), the token is neither stored nor read:
 * a sign-in that would register the PC fails with a clear `internal` error instead of leaving the
 * credential readable on disk. Writing a plain-text file would defeat the point of the token.
 *
 * A server's revoked answer is persisted as soon as it comes (on that server's entry), so the PC
 * keeps refusing sign-ins after a restart, with any server, offline included. Writes are atomic and
 * serialised; a file that does not parse, or a token this account's keyring cannot decrypt (then
 * all of them were encrypted with a key it does not have), is set aside whole (never deleted) and
 * the PC registers again with each server at its next online sign-in there.
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
import { normaliseServerUrl } from '../../shared/host/contract';
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

/** Every operation but `load` is about the server at `serverUrl` (normalised here). */
export type DeviceStore = {
  /**
   * Reads the file now, migrating a file of the first format to the settings' current server URL.
   * Called before the server URL changes. Never throws: a failure is logged.
   */
  load(): Promise<void>;
  status(serverUrl: string): Promise<DeviceStatus>;
  /** Whether this PC is registered with any server (it then changes server only by an administrator). */
  isRegisteredAnywhere(): Promise<boolean>;
  /** `ok` when a token can be stored and read safely now; else the `internal` error to answer. */
  checkSecureStorage(): Result<null>;
  /** That server's device token, decrypted; `ok(undefined)` when the PC is not registered there. */
  readToken(serverUrl: string): Promise<Result<string | undefined>>;
  /** Stores the credentials that server has just issued, replacing any previous ones for it. */
  register(serverUrl: string, device: { id: string; token: string }): Promise<Result<null>>;
  /** Remembers that server's `device-revoked` answer. Never throws: a failed write is logged. */
  markRevoked(serverUrl: string): Promise<void>;
  /**
   * Forgets the credentials of that server (it answered `device-unknown`): they are never sent
   * again, and the next sign-in there registers the PC anew. Never throws: a failed write is logged.
   */
  forget(serverUrl: string): Promise<void>;
  /**
   * Seals `text` with `safeStorage` (DPAPI under the Windows account), base64: the renderer's
   * password wrap of a user's data key (docs/security.md, "OS protection"), so that a copied
   * profile cannot be attacked offline without that account. Refused like the device token when
   * the OS offers no real protection.
   */
  protect(text: string): Result<string>;
  /** Opens what `protect` sealed; `internal` when this account and keyring cannot (another PC or account). */
  unprotect(sealed: string): Result<string>;
};

export type DeviceStoreOptions = {
  directory: string;
  safeStorage: SafeStorageLike;
  /** The settings' current server URL: the server a file of the first format belongs to. */
  legacyServerUrl: () => Promise<string>;
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

/** A key of the map: an http(s) URL already in its normalised form. */
const serverKeySchema = z.string().refine((url) => /^https?:\/\/./.test(url) && normaliseServerUrl(url) === url);

const deviceFileSchema = z.object({
  version: z.literal(2),
  servers: z.record(serverKeySchema, storedDeviceSchema),
});

/** Server URL (normalised) → that server's registration of this PC. */
type Registrations = ReadonlyMap<string, StoredDevice>;

/** The server's tokens are at least 32 characters; anything else did not come from it. */
const tokenSchema = z.string().min(32);

export const secureStorageUnavailableMessage =
  "The system's secure storage (keychain) is not available on this PC: Masar cannot keep its device credentials safely.";

export function createDeviceStore({
  directory,
  safeStorage,
  legacyServerUrl,
  log = console,
  platform = process.platform,
  now = () => new Date(),
}: DeviceStoreOptions): DeviceStore {
  const filePath = path.join(directory, deviceFileName);
  /** `undefined`: not read yet. */
  let current: Registrations | undefined;
  /** Server URL (normalised) → its device token, once decrypted. */
  const decryptedTokens = new Map<string, string>();
  const serialised = createSerialQueue();

  async function setAside(reason: string): Promise<void> {
    try {
      const asideName = await setFileAside(filePath, now());
      log.warn(`[device] ${reason}: kept aside as ${asideName}; this PC will register again at its next sign-in`);
    } catch (error) {
      log.error(`[device] ${reason}, and it could not be kept aside`, error);
    }
  }

  async function write(next: Registrations): Promise<void> {
    const servers = Object.fromEntries([...next].sort(([a], [b]) => a.localeCompare(b)));
    await writeFileAtomically(filePath, `${JSON.stringify({ version: 2, servers }, null, 2)}\n`);
    current = next;
  }

  /** A file of the first format: one registration, of the server the settings name now. */
  async function migrate(device: StoredDevice): Promise<Registrations> {
    const serverUrl = normaliseServerUrl(await legacyServerUrl());
    const migrated: Registrations = new Map([[serverUrl, device]]);
    try {
      await write(migrated);
      log.info(`[device] device file migrated: its registration belongs to ${serverUrl}`);
    } catch (error) {
      log.error(`[device] the device file could not be migrated (its registration belongs to ${serverUrl})`, error);
    }
    return migrated;
  }

  async function load(): Promise<Registrations> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      await setAside('device file is not JSON');
      return new Map();
    }
    const parsed = deviceFileSchema.safeParse(json);
    if (parsed.success) return new Map(Object.entries(parsed.data.servers));
    const legacy = storedDeviceSchema.safeParse(json);
    if (legacy.success && (json as { version?: unknown }).version === undefined) return migrate(legacy.data);
    await setAside('device file does not match the schema');
    return new Map();
  }

  async function registrations(): Promise<Registrations> {
    current ??= await load();
    return current;
  }

  function checkSecureStorage(): Result<null> {
    if (!safeStorage.isEncryptionAvailable()) {
      log.warn('[device] safeStorage cannot encrypt on this PC: the device token is neither stored nor read');
      return err('secure-storage-unavailable', secureStorageUnavailableMessage);
    }
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') {
        log.warn(
          `[device] safeStorage backend is '${backend}': no system keyring protects the key, so the device token ` +
            'is neither stored nor read. Unlock or install GNOME Keyring or KWallet (or start Masar with ' +
            '--password-store=gnome-libsecret).',
        );
        return err('secure-storage-unavailable', secureStorageUnavailableMessage);
      }
    }
    return ok(null);
  }

  return {
    load: () =>
      serialised(async () => {
        try {
          await registrations();
        } catch (error) {
          log.error('[device] could not read the device file', error);
        }
      }),

    status: (serverUrl) =>
      serialised(async () => {
        const all = await registrations();
        const device = all.get(normaliseServerUrl(serverUrl));
        // One revoked flag for the whole PC, whatever server the settings name now.
        return { deviceId: device?.deviceId ?? null, isRevoked: [...all.values()].some((entry) => entry.isRevoked) };
      }),

    isRegisteredAnywhere: () => serialised(async () => (await registrations()).size > 0),

    checkSecureStorage,

    readToken: (serverUrl) =>
      serialised(async (): Promise<Result<string | undefined>> => {
        const key = normaliseServerUrl(serverUrl);
        const device = (await registrations()).get(key);
        if (device === undefined) return ok(undefined);
        const cached = decryptedTokens.get(key);
        if (cached !== undefined) return ok(cached);
        const secure = checkSecureStorage();
        if (!secure.ok) return secure;
        let token: string;
        try {
          token = tokenSchema.parse(safeStorage.decryptString(Buffer.from(device.encryptedToken, 'base64')));
        } catch {
          await setAside('a device token cannot be decrypted with this account and keyring');
          current = new Map();
          decryptedTokens.clear();
          return ok(undefined);
        }
        decryptedTokens.set(key, token);
        return ok(token);
      }),

    register: (serverUrl, { id, token }) =>
      serialised(async (): Promise<Result<null>> => {
        const key = normaliseServerUrl(serverUrl);
        const secure = checkSecureStorage();
        if (!secure.ok) return secure;
        try {
          const encryptedToken = safeStorage.encryptString(token).toString('base64');
          const next = new Map(await registrations());
          next.set(key, { deviceId: id, encryptedToken, isRevoked: false });
          await write(next);
        } catch (error) {
          log.error('[device] could not save the device credentials', error);
          return err('internal', 'Masar could not save the registration of this PC.');
        }
        decryptedTokens.set(key, token);
        log.info(`[device] this PC is registered with the server ${key}`);
        return ok(null);
      }),

    markRevoked: (serverUrl) =>
      serialised(async () => {
        const key = normaliseServerUrl(serverUrl);
        try {
          const all = await registrations();
          const device = all.get(key);
          if (device === undefined || device.isRevoked) return;
          await write(new Map(all).set(key, { ...device, isRevoked: true }));
          log.warn(`[device] the server ${key} revoked this PC: sign-ins with it are refused from now on`);
        } catch (error) {
          log.error(`[device] could not remember that the server ${key} revoked this PC`, error);
        }
      }),

    protect(text) {
      const secure = checkSecureStorage();
      if (!secure.ok) return secure;
      try {
        return ok(safeStorage.encryptString(text).toString('base64'));
      } catch {
        return err('internal', 'The system could not protect the key on this PC.');
      }
    },

    unprotect(sealed) {
      const secure = checkSecureStorage();
      if (!secure.ok) return secure;
      try {
        return ok(safeStorage.decryptString(Buffer.from(sealed, 'base64')));
      } catch {
        // Never the ciphertext or the reason in the message: the renderer only needs "not here".
        return err('internal', 'The key was protected by another Windows account or on another PC.');
      }
    },

    forget: (serverUrl) =>
      serialised(async () => {
        const key = normaliseServerUrl(serverUrl);
        decryptedTokens.delete(key);
        try {
          const all = await registrations();
          if (!all.has(key)) return;
          const next = new Map(all);
          next.delete(key);
          current = next;
          await write(next);
          log.warn(`[device] the server ${key} does not know this PC: its credentials are forgotten`);
        } catch (error) {
          log.error(`[device] could not forget the credentials of the server ${key}`, error);
        }
      }),
  };
}
