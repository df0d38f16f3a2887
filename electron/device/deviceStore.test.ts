import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger';
import { createTestSafeStorage } from '../testing/testSafeStorage';
import type { SafeStorageLike } from './deviceStore';
import { createDeviceStore, deviceFileName, secureStorageUnavailableMessage } from './deviceStore';

let directory: string;
let log: Logger;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'masar-device-'));
  log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const devicePath = () => path.join(directory, deviceFileName);
const now = () => new Date('2025-03-04T05:06:07.089Z');
const asideName = `${deviceFileName}.corrupt-2025-03-04T05-06-07-089Z`;
const device = {
  id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  token: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.s3cr3t-Tok3n-that-must-never-be-in-clear',
};

describe('deviceStore', () => {
  it('has no device before the first registration, without creating a file', async () => {
    const store = createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log });
    await expect(store.status()).resolves.toEqual({ deviceId: null, isRevoked: false });
    await expect(store.readToken()).resolves.toEqual({ ok: true, value: undefined });
    expect(await readdir(directory)).toEqual([]);
  });

  it('round-trips the credentials through safeStorage, and a new store (next launch) reads them back', async () => {
    const safeStorage = createTestSafeStorage();
    const store = createDeviceStore({ directory, safeStorage, log });
    await expect(store.register(device)).resolves.toEqual({ ok: true, value: null });
    await expect(store.status()).resolves.toEqual({ deviceId: device.id, isRevoked: false });
    await expect(store.readToken()).resolves.toEqual({ ok: true, value: device.token });

    const nextLaunch = createDeviceStore({ directory, safeStorage, log });
    await expect(nextLaunch.status()).resolves.toEqual({ deviceId: device.id, isRevoked: false });
    await expect(nextLaunch.readToken()).resolves.toEqual({ ok: true, value: device.token });
    expect(await readdir(directory)).toEqual([deviceFileName]);
  });

  it('writes the token only encrypted by safeStorage (base64), never in clear', async () => {
    const safeStorage = createTestSafeStorage();
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    await createDeviceStore({ directory, safeStorage, log }).register(device);

    const text = await readFile(devicePath(), 'utf8');
    const secret = device.token.slice(device.id.length + 1);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(secret).toString('base64'));
    const stored = JSON.parse(text) as { deviceId: string; encryptedToken: string; isRevoked: boolean };
    expect(stored).toEqual({ deviceId: device.id, encryptedToken: expect.any(String) as string, isRevoked: false });
    expect(encrypt).toHaveBeenCalledExactlyOnceWith(device.token);
    expect(Buffer.from(stored.encryptedToken, 'base64').equals(encrypt.mock.results[0]?.value as Buffer)).toBe(true);
    expect(safeStorage.decryptString(Buffer.from(stored.encryptedToken, 'base64'))).toBe(device.token);
  });

  it('keeps the revoked flag across a new store instance (next launch)', async () => {
    const safeStorage = createTestSafeStorage();
    const store = createDeviceStore({ directory, safeStorage, log });
    await store.register(device);
    await store.markRevoked();
    await expect(store.status()).resolves.toEqual({ deviceId: device.id, isRevoked: true });
    await expect(createDeviceStore({ directory, safeStorage, log }).status()).resolves.toEqual({
      deviceId: device.id,
      isRevoked: true,
    });
  });

  it('ignores a revocation while no device is stored', async () => {
    const store = createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log });
    await store.markRevoked();
    await expect(store.status()).resolves.toEqual({ deviceId: null, isRevoked: false });
    expect(await readdir(directory)).toEqual([]);
  });

  it.each<[string, SafeStorageLike, NodeJS.Platform]>([
    ['encryption is not available', createTestSafeStorage({ isEncryptionAvailable: false }), 'win32'],
    ["the Linux backend is 'basic_text' (no keyring)", createTestSafeStorage({ backend: 'basic_text' }), 'linux'],
    ["the Linux backend is 'unknown'", createTestSafeStorage({ backend: 'unknown' }), 'linux'],
  ])('refuses to store the token when %s, with a clear error and log line', async (_name, safeStorage, platform) => {
    const encrypt = vi.spyOn(safeStorage, 'encryptString');
    const store = createDeviceStore({ directory, safeStorage, log, platform });
    const expected = { ok: false, error: { code: 'internal', message: secureStorageUnavailableMessage } };
    expect(store.checkSecureStorage()).toEqual(expected);
    await expect(store.register(device)).resolves.toEqual(expected);
    expect(encrypt).not.toHaveBeenCalled();
    expect(await readdir(directory)).toEqual([]);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/safeStorage/));
    await expect(store.status()).resolves.toEqual({ deviceId: null, isRevoked: false });
  });

  it("accepts 'basic_text' off Linux, where the method does not exist (it is never called)", async () => {
    const safeStorage = createTestSafeStorage({ backend: 'basic_text' });
    const backend = vi.spyOn(safeStorage, 'getSelectedStorageBackend');
    const store = createDeviceStore({ directory, safeStorage, log, platform: 'darwin' });
    await expect(store.register(device)).resolves.toEqual({ ok: true, value: null });
    expect(backend).not.toHaveBeenCalled();
  });

  it('does not read a stored token once secure storage becomes unavailable, and keeps the file', async () => {
    await createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log }).register(device);
    const before = await readFile(devicePath(), 'utf8');
    const locked = createDeviceStore({
      directory,
      safeStorage: createTestSafeStorage({ isEncryptionAvailable: false }),
      log,
    });
    await expect(locked.readToken()).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    await expect(locked.status()).resolves.toEqual({ deviceId: device.id, isRevoked: false });
    expect(await readFile(devicePath(), 'utf8')).toBe(before);
  });

  it('sets aside a token this keyring cannot decrypt (another account or PC) and forgets the device', async () => {
    await createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log }).register(device);
    const content = await readFile(devicePath(), 'utf8');
    const otherKeyring = createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log, now });
    await expect(otherKeyring.readToken()).resolves.toEqual({ ok: true, value: undefined });
    await expect(otherKeyring.status()).resolves.toEqual({ deviceId: null, isRevoked: false });
    expect(await readdir(directory)).toEqual([asideName]);
    expect(await readFile(path.join(directory, asideName), 'utf8')).toBe(content);
  });

  it.each([
    ['not JSON', '{"deviceId": '],
    ['not an object', '[]'],
    ['a device id that is not a UUID', JSON.stringify({ deviceId: 'pc-1', encryptedToken: 'AAAA', isRevoked: false })],
    ['a token that is not base64', JSON.stringify({ deviceId: device.id, encryptedToken: '%%%', isRevoked: false })],
    ['no revoked flag', JSON.stringify({ deviceId: device.id, encryptedToken: 'AAAA' })],
  ])('sets a corrupt file (%s) aside, never deleting it, and has no device', async (_name, content) => {
    await writeFile(devicePath(), content);
    const store = createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log, now });
    await expect(store.status()).resolves.toEqual({ deviceId: null, isRevoked: false });
    expect(await readdir(directory)).toEqual([asideName]);
    expect(await readFile(path.join(directory, asideName), 'utf8')).toBe(content);
    expect(log.warn).toHaveBeenCalled();

    await store.register(device);
    expect((await readdir(directory)).sort()).toEqual([deviceFileName, asideName].sort());
  });

  it('writes atomically: no temporary file left behind, concurrent operations serialised', async () => {
    const safeStorage = createTestSafeStorage();
    const store = createDeviceStore({ directory, safeStorage, log });
    await Promise.all([store.register(device), store.markRevoked(), store.status()]);
    expect(await readdir(directory)).toEqual([deviceFileName]);
    await expect(createDeviceStore({ directory, safeStorage, log }).status()).resolves.toEqual({
      deviceId: device.id,
      isRevoked: true,
    });
  });

  it('answers an internal error, without throwing, when the file cannot be written', async () => {
    const store = createDeviceStore({
      directory: path.join(devicePath(), 'not-a-folder'),
      safeStorage: createTestSafeStorage(),
      log,
    });
    await writeFile(devicePath(), '');
    await expect(store.register(device)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.error).toHaveBeenCalled();
    expect(JSON.stringify(vi.mocked(log.error).mock.calls)).not.toContain(device.token);
  });

  it('never logs the token', async () => {
    const safeStorage = createTestSafeStorage();
    const store = createDeviceStore({ directory, safeStorage, log, now });
    await store.register(device);
    await store.readToken();
    await store.markRevoked();
    await createDeviceStore({ directory, safeStorage: createTestSafeStorage(), log, now }).readToken();
    const logged = JSON.stringify([log.info, log.warn, log.error].map((spy) => vi.mocked(spy).mock.calls));
    expect(logged).not.toContain(device.token.slice(device.id.length + 1));
  });
});
