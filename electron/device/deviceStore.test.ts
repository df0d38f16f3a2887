import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger';
import { createTestSafeStorage } from '../testing/testSafeStorage';
import type { DeviceStoreOptions, SafeStorageLike } from './deviceStore';
import { createDeviceStore, deviceFileName, secureStorageUnavailableMessage } from './deviceStore';

let directory: string;
let log: Logger;
/** What the settings name as the server URL, for the migration of a file of the first format. */
let settingsServerUrl: string;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'masar-device-'));
  log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  settingsServerUrl = serverA;
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const serverA = 'https://masar.example.ma';
const serverB = 'https://masar-formation.example.ma';
const devicePath = () => path.join(directory, deviceFileName);
const now = () => new Date('2025-03-04T05:06:07.089Z');
const asideName = `${deviceFileName}.corrupt-2025-03-04T05-06-07-089Z`;
const device = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  token: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.s3cr3t-Tok3n-that-must-never-be-in-clear',
};
const otherDevice = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
  token: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c.an0ther-s3cr3t-Tok3n-never-in-clear-either',
};

type StoreOptions = Partial<Omit<DeviceStoreOptions, 'directory' | 'log'>>;

function makeStore(options: StoreOptions = {}) {
  return createDeviceStore({
    directory,
    safeStorage: createTestSafeStorage(),
    legacyServerUrl: () => Promise.resolve(settingsServerUrl),
    log,
    ...options,
  });
}

type StoredFile = {
  version: number;
  servers: Record<string, { deviceId: string; encryptedToken: string; isRevoked: boolean }>;
};
const readStoredFile = async () => JSON.parse(await readFile(devicePath(), 'utf8')) as StoredFile;

describe('deviceStore', () => {
  it('has no device before the first registration, without creating a file', async () => {
    const store = makeStore();
    await expect(store.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
    await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: undefined });
    await store.load();
    expect(await readdir(directory)).toEqual([]);
  });

  it('round-trips the credentials through safeStorage, and a new store (next launch) reads them back', async () => {
    const safeStorage = createTestSafeStorage();
    const store = makeStore({ safeStorage });
    await expect(store.register(serverA, device)).resolves.toEqual({ ok: true, value: null });
    await expect(store.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
    await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: device.token });

    const nextLaunch = makeStore({ safeStorage });
    await expect(nextLaunch.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
    await expect(nextLaunch.readToken(serverA)).resolves.toEqual({ ok: true, value: device.token });
    expect(await readdir(directory)).toEqual([deviceFileName]);
  });

  it('writes the token only encrypted by safeStorage (base64), never in clear, under its server URL', async () => {
    const safeStorage = createTestSafeStorage();
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    await makeStore({ safeStorage }).register(serverA, device);

    const text = await readFile(devicePath(), 'utf8');
    const secret = device.token.slice(device.id.length + 1);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    const stored = JSON.parse(text) as StoredFile;
    expect(stored).toEqual({
      version: 2,
      servers: { [serverA]: { deviceId: device.id, encryptedToken: expect.any(String) as string, isRevoked: false } },
    });
    const encryptedToken = stored.servers[serverA]?.encryptedToken ?? '';
    expect(encrypt).toHaveBeenCalledExactlyOnceWith(device.token);
    expect(Buffer.from(encryptedToken, 'base64').equals(encrypt.mock.results[0]?.value as Buffer)).toBe(true);
    expect(safeStorage.decryptString(Buffer.from(encryptedToken, 'base64'))).toBe(device.token);
  });

  describe('one registration per server', () => {
    it('keeps the credentials of each server apart: another URL is not registered, and gets no token', async () => {
      const safeStorage = createTestSafeStorage();
      const store = makeStore({ safeStorage });
      await store.register(serverA, device);
      await expect(store.status(serverB)).resolves.toEqual({ deviceId: null, isRevoked: false });
      await expect(store.readToken(serverB)).resolves.toEqual({ ok: true, value: undefined });

      await store.register(serverB, otherDevice);
      await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: device.token });
      await expect(store.readToken(serverB)).resolves.toEqual({ ok: true, value: otherDevice.token });

      const nextLaunch = makeStore({ safeStorage });
      await expect(nextLaunch.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
      await expect(nextLaunch.status(serverB)).resolves.toEqual({ deviceId: otherDevice.id, isRevoked: false });
      await expect(nextLaunch.readToken(serverB)).resolves.toEqual({ ok: true, value: otherDevice.token });
      expect(Object.keys((await readStoredFile()).servers).sort()).toEqual([serverA, serverB].sort());
    });

    it('treats two spellings of one server URL as the same server, and a path or port as another', async () => {
      const store = makeStore();
      await store.register('HTTPS://Masar.Example.MA:443/', device);
      expect(Object.keys((await readStoredFile()).servers)).toEqual([serverA]);
      await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: device.token });
      for (const other of [`${serverA}:8443`, `${serverA}/formation`, 'http://masar.example.ma']) {
        await expect(store.readToken(other)).resolves.toEqual({ ok: true, value: undefined });
      }
    });

    it("replaces a server's registration, leaving the others alone", async () => {
      const store = makeStore();
      await store.register(serverA, device);
      await store.register(serverB, device);
      await store.register(serverB, otherDevice);
      await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: device.token });
      await expect(store.readToken(serverB)).resolves.toEqual({ ok: true, value: otherDevice.token });
    });

    it('revokes the whole PC when one server revoked it, whatever server URL, across a new store instance (next launch)', async () => {
      const safeStorage = createTestSafeStorage();
      const store = makeStore({ safeStorage });
      await store.register(serverA, device);
      await store.register(serverB, otherDevice);
      await store.markRevoked(serverA);
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: true });
      await expect(store.status(serverB)).resolves.toEqual({ deviceId: otherDevice.id, isRevoked: true });
      // A server the PC never used (the settings pointed at a dead port) changes nothing.
      await expect(store.status('http://127.0.0.1:9')).resolves.toEqual({ deviceId: null, isRevoked: true });

      const nextLaunch = makeStore({ safeStorage });
      await expect(nextLaunch.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: true });
      await expect(nextLaunch.status(serverB)).resolves.toEqual({ deviceId: otherDevice.id, isRevoked: true });
    });

    it('ignores a revocation by a server it is not registered with', async () => {
      const store = makeStore();
      await store.markRevoked(serverA);
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
      expect(await readdir(directory)).toEqual([]);

      await store.register(serverA, device);
      const before = await readFile(devicePath(), 'utf8');
      await store.markRevoked(serverB);
      await expect(store.status(serverB)).resolves.toEqual({ deviceId: null, isRevoked: false });
      expect(await readFile(devicePath(), 'utf8')).toBe(before);
    });

    it("forgets one server's credentials for good, keeping the others", async () => {
      const safeStorage = createTestSafeStorage();
      const store = makeStore({ safeStorage });
      await store.register(serverA, device);
      await store.register(serverB, otherDevice);
      await store.readToken(serverA);
      await store.forget(serverA);
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
      await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: undefined });
      await expect(store.readToken(serverB)).resolves.toEqual({ ok: true, value: otherDevice.token });
      expect(Object.keys((await readStoredFile()).servers)).toEqual([serverB]);
      await expect(makeStore({ safeStorage }).readToken(serverA)).resolves.toEqual({ ok: true, value: undefined });
      expect(log.warn).toHaveBeenCalledWith(expect.stringContaining(serverA));
      // Forgetting a server it has nothing for changes nothing.
      await store.forget(serverA);
      expect(Object.keys((await readStoredFile()).servers)).toEqual([serverB]);
    });
  });

  describe('a device file of the first format (one registration, no server URL)', () => {
    async function writeFirstFormat(safeStorage: SafeStorageLike, isRevoked = false) {
      const encryptedToken = safeStorage.encryptString(device.token).toString('base64');
      const content = JSON.stringify({ deviceId: device.id, encryptedToken, isRevoked }, null, 2);
      await writeFile(devicePath(), content);
      return { deviceId: device.id, encryptedToken, isRevoked };
    }

    it("is migrated to the settings' current server URL, and written back in the new format", async () => {
      const safeStorage = createTestSafeStorage();
      const old = await writeFirstFormat(safeStorage);
      settingsServerUrl = `${serverB}/`;
      const store = makeStore({ safeStorage });
      await expect(store.status(serverB)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
      await expect(store.readToken(serverB)).resolves.toEqual({ ok: true, value: device.token });
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
      await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: undefined });
      expect(await readStoredFile()).toEqual({ version: 2, servers: { [serverB]: old } });
      expect(await readdir(directory)).toEqual([deviceFileName]);

      // Migrated once: a later change of the settings does not move it.
      settingsServerUrl = serverA;
      const nextLaunch = makeStore({ safeStorage });
      await expect(nextLaunch.readToken(serverB)).resolves.toEqual({ ok: true, value: device.token });
      await expect(nextLaunch.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
    });

    it('keeps its revoked flag, for the whole PC', async () => {
      const safeStorage = createTestSafeStorage();
      await writeFirstFormat(safeStorage, true);
      const store = makeStore({ safeStorage });
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: true });
      await expect(store.status(serverB)).resolves.toEqual({ deviceId: null, isRevoked: true });
    });

    it('is migrated by load(), before the settings change', async () => {
      const safeStorage = createTestSafeStorage();
      await writeFirstFormat(safeStorage);
      const store = makeStore({ safeStorage });
      await store.load();
      settingsServerUrl = serverB;
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
      await expect(makeStore({ safeStorage }).status(serverB)).resolves.toEqual({ deviceId: null, isRevoked: false });
    });

    it('is still used, in memory, when the migrated file cannot be written', async () => {
      const safeStorage = createTestSafeStorage();
      await writeFirstFormat(safeStorage);
      const store = makeStore({
        safeStorage,
        legacyServerUrl: async () => {
          // The write of the migrated file fails: its folder is replaced by a file meanwhile.
          await rm(directory, { recursive: true, force: true });
          await writeFile(directory, '');
          return serverA;
        },
      });
      await expect(store.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
      await expect(store.readToken(serverA)).resolves.toEqual({ ok: true, value: device.token });
      expect(log.error).toHaveBeenCalledWith(expect.stringMatching(/could not be migrated/), expect.anything());
    });
  });

  it.each<[string, SafeStorageLike, NodeJS.Platform]>([
    ['encryption is not available', createTestSafeStorage({ isEncryptionAvailable: false }), 'win32'],
    ["the Linux backend is 'basic_text' (no keyring)", createTestSafeStorage({ backend: 'basic_text' }), 'linux'],
    ["the Linux backend is 'unknown'", createTestSafeStorage({ backend: 'unknown' }), 'linux'],
  ])('refuses to store the token when %s, with a clear error and log line', async (_name, safeStorage, platform) => {
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    const store = makeStore({ safeStorage, platform });
    const expected = {
      ok: false,
      error: { code: 'secure-storage-unavailable', message: secureStorageUnavailableMessage },
    };
    expect(store.checkSecureStorage()).toEqual(expected);
    await expect(store.register(serverA, device)).resolves.toEqual(expected);
    expect(encrypt).not.toHaveBeenCalled();
    expect(await readdir(directory)).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/safeStorage/));
    await expect(store.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
  });

  it("accepts 'basic_text' off Linux, where the method does not exist (it is never called)", async () => {
    const safeStorage = createTestSafeStorage({ backend: 'basic_text' });
    const backend = vi.spyOn(safeStorage, 'getSelectedStorageBackend');
    const store = makeStore({ safeStorage, platform: 'darwin' });
    await expect(store.register(serverA, device)).resolves.toEqual({ ok: true, value: null });
    expect(backend).not.toHaveBeenCalled();
  });

  it('does not read a stored token once secure storage becomes unavailable, and keeps the file', async () => {
    await makeStore().register(serverA, device);
    const before = await readFile(devicePath(), 'utf8');
    const locked = makeStore({ safeStorage: createTestSafeStorage({ isEncryptionAvailable: false }) });
    await expect(locked.readToken(serverA)).resolves.toMatchObject({
      ok: false,
      error: { code: 'secure-storage-unavailable' },
    });
    await expect(locked.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: false });
    expect(await readFile(devicePath(), 'utf8')).toBe(before);
  });

  it('sets aside a token this keyring cannot decrypt (another account or PC) and forgets every server', async () => {
    const store = makeStore();
    await store.register(serverA, device);
    await store.register(serverB, otherDevice);
    const content = await readFile(devicePath(), 'utf8');
    const otherKeyring = makeStore({ now });
    await expect(otherKeyring.readToken(serverA)).resolves.toEqual({ ok: true, value: undefined });
    await expect(otherKeyring.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
    await expect(otherKeyring.status(serverB)).resolves.toEqual({ deviceId: null, isRevoked: false });
    expect(await readdir(directory)).toEqual([asideName]);
    expect(await readFile(path.join(directory, asideName), 'utf8')).toBe(content);
  });

  const entry = { deviceId: device.id, encryptedToken: 'AAAA', isRevoked: false };
  it.each([
    ['not JSON', '{"deviceId": '],
    ['not an object', '[]'],
    ['a device id that is not a UUID', JSON.stringify({ deviceId: 'pc-1', encryptedToken: 'AAAA', isRevoked: false })],
    ['a token that is not base64', JSON.stringify({ deviceId: device.id, encryptedToken: '%%%', isRevoked: false })],
    ['no revoked flag', JSON.stringify({ deviceId: device.id, encryptedToken: 'AAAA' })],
    ['an unknown version', JSON.stringify({ version: 3, servers: {} })],
    ['a version beside a registration of the first format', JSON.stringify({ version: 2, ...entry })],
    ['a server key that is not a URL', JSON.stringify({ version: 2, servers: { masar: entry } })],
    ['a server key not normalised', JSON.stringify({ version: 2, servers: { [`${serverA}/`]: entry } })],
    [
      'a server entry without its token',
      JSON.stringify({ version: 2, servers: { [serverA]: { deviceId: device.id } } }),
    ],
  ])('sets a corrupt file (%s) aside, never deleting it, and has no device', async (_name, content) => {
    await writeFile(devicePath(), content);
    const store = makeStore({ now });
    await expect(store.status(serverA)).resolves.toEqual({ deviceId: null, isRevoked: false });
    expect(await readdir(directory)).toEqual([asideName]);
    expect(await readFile(path.join(directory, asideName), 'utf8')).toBe(content);
    expect(log.warn).toHaveBeenCalled();

    await store.register(serverA, device);
    expect((await readdir(directory)).sort()).toEqual([deviceFileName, asideName].sort());
  });

  it('writes atomically: no temporary file left behind, concurrent operations serialised', async () => {
    const safeStorage = createTestSafeStorage();
    const store = makeStore({ safeStorage });
    await Promise.all([
      store.register(serverA, device),
      store.register(serverB, otherDevice),
      store.markRevoked(serverA),
      store.forget(serverB),
      store.status(serverA),
    ]);
    expect(await readdir(directory)).toEqual([deviceFileName]);
    const nextLaunch = makeStore({ safeStorage });
    await expect(nextLaunch.status(serverA)).resolves.toEqual({ deviceId: device.id, isRevoked: true });
    await expect(nextLaunch.status(serverB)).resolves.toEqual({ deviceId: null, isRevoked: true });
  });

  it('answers an internal error, without throwing, when the file cannot be written', async () => {
    const store = createDeviceStore({
      directory: path.join(devicePath(), 'not-a-folder'),
      safeStorage: createTestSafeStorage(),
      legacyServerUrl: () => Promise.resolve(serverA),
      log,
    });
    await writeFile(devicePath(), '');
    await expect(store.register(serverA, device)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.error).toHaveBeenCalled();
    expect(JSON.stringify(vi.mocked(log.error).mock.calls)).not.toContain(device.token);
  });

  it('never logs the token', async () => {
    const safeStorage = createTestSafeStorage();
    const store = makeStore({ safeStorage, now });
    await store.register(serverA, device);
    await store.register(serverB, otherDevice);
    await store.readToken(serverA);
    await store.markRevoked(serverA);
    await store.forget(serverB);
    await makeStore({ now }).readToken(serverA);
    const logged = JSON.stringify([log.info, log.warn, log.error].map((spy) => vi.mocked(spy).mock.calls));
    for (const { id, token } of [device, otherDevice]) expect(logged).not.toContain(token.slice(id.length + 1));
  });
});

describe('protecting a key with the OS (keys:protect)', () => {
  const wrap = JSON.stringify({ kdf: 'PBKDF2-SHA256', iterations: 600000, salt: 'c2Fs', sealed: 'AQAB' });

  it('seals with safeStorage and opens only under the same account and keyring', () => {
    const safeStorage = createTestSafeStorage();
    const sealed = makeStore({ safeStorage }).protect(wrap);
    if (!sealed.ok) throw new Error(sealed.error.code);
    expect(Buffer.from(sealed.value, 'base64').toString('utf8')).not.toContain('PBKDF2');
    expect(makeStore({ safeStorage }).unprotect(sealed.value)).toEqual({ ok: true, value: wrap });

    // A profile copied to another PC or Windows account: another keyring key.
    const elsewhere = makeStore({ safeStorage: createTestSafeStorage() }).unprotect(sealed.value);
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(elsewhere)).not.toContain(sealed.value);
  });

  it('refuses to protect or open when the OS offers no real protection', () => {
    const unavailable = makeStore({ safeStorage: createTestSafeStorage({ isEncryptionAvailable: false }) });
    expect(unavailable.protect(wrap)).toEqual({
      ok: false,
      error: { code: 'secure-storage-unavailable', message: secureStorageUnavailableMessage },
    });
    const basicText = makeStore({ safeStorage: createTestSafeStorage({ backend: 'basic_text' }), platform: 'linux' });
    expect(basicText.protect(wrap)).toMatchObject({ ok: false, error: { code: 'secure-storage-unavailable' } });
    expect(basicText.unprotect('AAAA')).toMatchObject({ ok: false, error: { code: 'secure-storage-unavailable' } });
  });
});
