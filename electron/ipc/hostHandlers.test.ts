import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Health } from '../../shared/api/health';
import { hostChannelNames, toIpcChannel } from '../../shared/host/channelNames';
import type { Language } from '../../shared/i18n/language';
import { createSessionStore } from '../auth/sessionStore';
import { createDeviceStore, deviceFileName } from '../device/deviceStore';
import type { Logger } from '../logger';
import { createSettingsStore } from '../settings/settingsStore';
import { createTestSafeStorage } from '../testing/testSafeStorage';
import type { HostServices } from './hostHandlers';
import { createHostHandlers } from './hostHandlers';
import { createLoopbackBridge } from './loopbackIpc';

let directory: string;
let services: HostServices;
let languageChanges: Language[];

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'masar-handlers-'));
  languageChanges = [];
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const settings = createSettingsStore({ directory, log });
  services = {
    version: '1.2.3',
    settings,
    device: createDeviceStore({
      directory,
      safeStorage: createTestSafeStorage(),
      legacyServerUrl: async () => (await settings.read()).serverUrl,
      log,
    }),
    session: createSessionStore(),
    fetch,
    hostname: () => 'PC-TEST',
    onLanguageChanged: (language) => languageChanges.push(language),
    print: vi.fn(() => Promise.resolve({ ok: true as const, value: { outcome: 'cancelled' as const } })),
  };
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the host handlers', () => {
  it('have exactly one handler per channel of the contract', () => {
    expect(Object.keys(createHostHandlers(services)).sort()).toEqual([...hostChannelNames].sort());
  });

  it('register every channel exactly once, under its prefixed IPC name, and nothing else', () => {
    const { ipc } = createLoopbackBridge(services);
    expect([...ipc.registrations].sort()).toEqual(hostChannelNames.map(toIpcChannel).sort());
  });

  it('answer app:info', async () => {
    const { bridge } = createLoopbackBridge(services);
    await expect(bridge['app:info']({})).resolves.toEqual({
      ok: true,
      value: { name: 'Masar', version: '1.2.3', hostKind: 'electron' },
    });
  });

  it('read and save the server URL', async () => {
    const { bridge } = createLoopbackBridge(services);
    await expect(bridge['settings:get']({})).resolves.toEqual({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:8787', language: 'fr', autoLockMinutes: 10 },
    });
    await expect(bridge['settings:setServerUrl']({ serverUrl: ' https://masar.example.ma/ ' })).resolves.toEqual({
      ok: true,
      value: { serverUrl: 'https://masar.example.ma', language: 'fr', autoLockMinutes: 10 },
    });
    await expect(services.settings.read()).resolves.toMatchObject({ serverUrl: 'https://masar.example.ma' });
  });

  it('attribute a device file of the first format to the server URL of before, when the URL changes', async () => {
    const deviceId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const old = { deviceId, encryptedToken: Buffer.from('encrypted').toString('base64'), isRevoked: false };
    await writeFile(path.join(directory, deviceFileName), JSON.stringify(old));
    services.session.open({
      token: 't',
      userId: 'u-admin',
      serverUrl: 'http://127.0.0.1:8787',
      role: 'administrateur',
    });
    const { bridge } = createLoopbackBridge(services);
    await bridge['settings:setServerUrl']({ serverUrl: 'https://masar.example.ma' });
    await expect(bridge['device:status']({})).resolves.toEqual({
      ok: true,
      value: { deviceId: null, isRevoked: false },
    });
    expect(JSON.parse(await readFile(path.join(directory, deviceFileName), 'utf8'))).toEqual({
      version: 2,
      servers: { 'http://127.0.0.1:8787': old },
    });
    await bridge['settings:setServerUrl']({ serverUrl: 'http://127.0.0.1:8787/' });
    await expect(bridge['device:status']({})).resolves.toEqual({ ok: true, value: { deviceId, isRevoked: false } });
  });

  it('change the server address of a registered PC only for an administrator signed in online', async () => {
    const registered = await services.device.register('http://127.0.0.1:8787', {
      id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      token: 'device-token',
    });
    expect(registered.ok).toBe(true);
    const { bridge } = createLoopbackBridge(services);
    const change = () => bridge['settings:setServerUrl']({ serverUrl: 'http://127.0.0.1:9' });
    const refusal = { ok: false, error: { code: 'forbidden', message: 'settings.serverUrlNeedsAdministrator' } };
    // Nobody signed in (offline, or a dead address to hide a revocation), then a counsellor: refused.
    await expect(change()).resolves.toEqual(refusal);
    services.session.open({ token: 't1', userId: 'u1', serverUrl: 'http://127.0.0.1:8787', role: 'conseiller' });
    await expect(change()).resolves.toEqual(refusal);
    await expect(services.settings.read()).resolves.toMatchObject({ serverUrl: 'http://127.0.0.1:8787' });
    // The same address again is no change.
    await expect(bridge['settings:setServerUrl']({ serverUrl: 'http://127.0.0.1:8787/' })).resolves.toMatchObject({
      ok: true,
    });
    services.session.open({ token: 't2', userId: 'u2', serverUrl: 'http://127.0.0.1:8787', role: 'administrateur' });
    await expect(change()).resolves.toMatchObject({ ok: true, value: { serverUrl: 'http://127.0.0.1:9' } });
  });

  it('refuse an invalid server URL with the translation key of the contract, and keep the old one', async () => {
    const { bridge } = createLoopbackBridge(services);
    await expect(bridge['settings:setServerUrl']({ serverUrl: 'ftp://masar.example.ma' })).resolves.toEqual({
      ok: false,
      error: { code: 'invalid-request', message: 'settings.serverUrlInvalid' },
    });
    await expect(services.settings.read()).resolves.toMatchObject({ serverUrl: 'http://127.0.0.1:8787' });
  });

  it('save the auto-lock delay', async () => {
    const { bridge } = createLoopbackBridge(services);
    await expect(bridge['settings:setAutoLock']({ autoLockMinutes: 30 })).resolves.toEqual({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:8787', language: 'fr', autoLockMinutes: 30 },
    });
    await expect(services.settings.read()).resolves.toMatchObject({ autoLockMinutes: 30 });
  });

  it.each([0, 241, 2.5, '15', null])(
    'refuse the auto-lock delay %j and keep the saved one',
    async (autoLockMinutes) => {
      const { bridge } = createLoopbackBridge(services);
      await expect(bridge['settings:setAutoLock']({ autoLockMinutes })).resolves.toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
      await expect(services.settings.read()).resolves.toMatchObject({ autoLockMinutes: 10 });
    },
  );

  it('save the language and rebuild what depends on it', async () => {
    const { bridge } = createLoopbackBridge(services);
    await expect(bridge['app:setLanguage']({ language: 'ar' })).resolves.toMatchObject({
      ok: true,
      value: { language: 'ar' },
    });
    expect(languageChanges).toEqual(['ar']);
    await expect(services.settings.read()).resolves.toMatchObject({ language: 'ar' });
  });

  it('hand a print request to the print service only once it matches the contract', async () => {
    const { bridge } = createLoopbackBridge(services);
    const html = '<!doctype html><p>Reçu</p>';
    await expect(bridge['print:pdf']({ html, fileName: '../reçu.pdf', action: 'save' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    expect(services.print).not.toHaveBeenCalled();
    await expect(bridge['print:pdf']({ html, fileName: 'reçu.pdf', action: 'save' })).resolves.toEqual({
      ok: true,
      value: { outcome: 'cancelled' },
    });
    expect(services.print).toHaveBeenCalledExactlyOnceWith({ html, fileName: 'reçu.pdf', action: 'save' });
  });

  it('check the health of the server saved in the settings', async () => {
    const health: Health = { status: 'ok', version: '0.1.0', engine: 'postgres', schemaVersion: 1, serverTime: 1 };
    const server = createServer((request, response) => {
      if (request.url === '/masar/api/health') response.writeHead(200).end(JSON.stringify(health));
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { bridge } = createLoopbackBridge(services);
      const port = (server.address() as AddressInfo).port;
      await bridge['settings:setServerUrl']({ serverUrl: `http://127.0.0.1:${port}/masar` });
      await expect(bridge['server:health']({})).resolves.toEqual({ ok: true, value: health });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
