import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createSessionStore } from './auth/sessionStore';
import { createDeviceStore } from './device/deviceStore';
import type { HostServices } from './ipc/hostHandlers';
import { createLoopbackBridge } from './ipc/loopbackIpc';
import type { Logger } from './logger';
import { createInMemoryDocuments, createPrintService, maxDataUrlLength } from './print/printService';
import { createSettingsStore } from './settings/settingsStore';
import { createFakePrintElectron } from './testing/fakePrintWindow';
import { startFakeMasarServer, type FakeMasarServer } from './testing/fakeMasarServer';
import { createTestSafeStorage } from './testing/testSafeStorage';

/**
 * A PC's user-data folder reveals no one (docs/security.md): the main process's services, run
 * under Node with Electron's pieces faked, do a day's host work — sign in, keep the device
 * credentials, protect a password wrap, print a signature-heavy PV too long for a data URL — and
 * every file they left in the user-data and temporary folders is scanned for the names (Latin and
 * Arabic, UTF-8 and UTF-16), the CIN, the password and the session token. The server address,
 * kept in clear on purpose, is found by the same scan: it does read the files.
 */
const password = 'correct horse battery staple';
const names = ['Lahlouyani', 'Karimatou', 'لحلوياني', 'كريماتو'];
const cin = 'BK918273';

let root: string;
let userData: string;
let temporary: string;
let server: FakeMasarServer;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'masar-user-data-'));
  userData = path.join(root, 'userData');
  temporary = path.join(root, 'tmp');
  await mkdir(userData);
  await mkdir(temporary);
  server = await startFakeMasarServer();
  server.addUser('amina.conseil', password);
});

afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) return filesUnder(full);
      return Promise.resolve(entry.isFile() ? [full] : []);
    }),
  );
  return nested.flat();
}

it('a user-data folder after a day of host work holds no name, CIN, password or session token', async () => {
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const settings = createSettingsStore({ directory: userData, log });
  await settings.update({ serverUrl: server.url });
  const electron = createFakePrintElectron(path.join(root, 'PV.pdf'));
  const documents = createInMemoryDocuments();
  const loaded: string[] = [];
  electron.behaviour.load = async (url) => {
    loaded.push(await documents.respond(url).text());
  };
  const services: HostServices = {
    version: '1.0.0',
    settings,
    device: createDeviceStore({
      directory: userData,
      safeStorage: createTestSafeStorage(),
      legacyServerUrl: async () => (await settings.read()).serverUrl,
      log,
    }),
    session: createSessionStore(),
    fetch,
    hostname: () => 'PC-ACCUEIL',
    onLanguageChanged: () => undefined,
    print: createPrintService({
      createWindow: electron.createWindow,
      showSaveDialog: electron.showSaveDialog,
      documentsFolder: () => root,
      files: { writeFile: () => Promise.resolve() },
      documents,
      log,
    }),
  };
  const { bridge } = createLoopbackBridge(services, { log });

  expect(await bridge['auth:signIn']({ username: 'amina.conseil', password })).toMatchObject({ ok: true });
  expect(await bridge['keys:protect']({ text: JSON.stringify({ sealed: 'wrap', note: names[0] }) })).toMatchObject({
    ok: true,
  });
  const signatures = 'data:image/png;base64,'.concat('A'.repeat(maxDataUrlLength));
  const pv = `<!doctype html><html lang="ar"><meta charset="utf-8"><h1>PV de remise</h1><p>${names.join(' ')} — CIN ${cin}</p><img src="${signatures}"></html>`;
  expect(await bridge['print:pdf']({ html: pv, fileName: 'PV.pdf', action: 'print' })).toMatchObject({ ok: true });
  expect(loaded).toEqual([pv]);

  const files = await Promise.all(
    [...(await filesUnder(userData)), ...(await filesUnder(temporary))].map(async (file) => ({
      file,
      bytes: await readFile(file),
    })),
  );
  const foundIn = (text: string) =>
    files
      .filter(({ bytes }) => bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le')))
      .map(({ file }) => path.relative(root, file));
  expect(foundIn(server.url.replace(/^http:\/\//, '')).length).toBeGreaterThan(0);
  const secrets = [...names, cin, password, ...server.sessions.keys()];
  expect(secrets.flatMap((secret) => foundIn(secret).map((file) => `${secret} in ${file}`))).toEqual([]);
});
