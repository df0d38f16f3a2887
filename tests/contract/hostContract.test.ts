/**
 * One contract suite, run against both hosts: the renderer's ElectronHost over the real main
 * process handlers (Electron's IPC replaced by an in-process loopback that applies the same
 * sender checks and structured cloning), and the renderer's WebHost with `fetch`. Both talk to a
 * real central server on a real SQLite file, and to a second one to check that a device token
 * only ever goes back to the server that issued it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostApi } from '../../shared/host/hostApi';
import type { HostKind } from '../../shared/host/contract';
import { createElectronHost } from '../../renderer/host/electronHost';
import { createWebHost } from '../../renderer/host/webHost';
import { createLoopbackBridge } from '../../electron/ipc/loopbackIpc';
import { createSettingsStore } from '../../electron/settings/settingsStore';
import { createDeviceStore } from '../../electron/device/deviceStore';
import { createSessionStore } from '../../electron/auth/sessionStore';
import { createTestSafeStorage } from '../../electron/testing/testSafeStorage';
import { createFakePrintElectron } from '../../electron/testing/fakePrintWindow';
import { createInMemoryDocuments, createPrintService } from '../../electron/print/printService';
import { buildServer } from '../../server/src/app';
import type { MasarServer } from '../../server/src/masarServer';
import {
  approveDevice,
  insertCentre,
  insertDevice,
  insertUser,
  migrateToLatest,
  openDatabase,
  revokeDevice,
  type MasarDatabase,
} from '../../server/src/db';
import { hashPassword } from '../../server/src/auth/passwords';
import { apiRouteTable } from '../../shared/api/routes';
import { newId } from '../../shared/ids/uuidv7';

const version = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }
).version;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let folder: string;
let database: MasarDatabase;
let server: MasarServer;
let serverUrl: string;
/** Another central server, with the same accounts: tokens of the first must never reach it. */
let secondDatabase: MasarDatabase;
let secondServer: MasarServer;
let secondUrl: string;
/** What each server received: path and device header of every request. */
type Received = { url: string; device: string | undefined };
let receivedByFirst: Received[];
let receivedBySecond: Received[];
/** A misbehaving server: `/bad-status/api/health` answers 500, `/bad-body/api/health` wrong JSON. */
let oddServer: Server;
let oddUrl: string;
/** A port nothing listens on. */
let closedUrl: string;
let centreId: string;
const password = 'un mot de passe de contrat';

/** A migrated database with the contract's centre and users; the centre's id. */
async function seedAccounts(target: MasarDatabase): Promise<string> {
  await migrateToLatest(target.db);
  const id = newId();
  await insertCentre(target.db, {
    id,
    code: 'CAS-01',
    nameFr: 'CAPC Casablanca',
    nameAr: 'مركز الدار البيضاء',
    regionCode: 'CSE',
    createdAt: new Date().toISOString(),
  });
  const passwordHash = await hashPassword(password);
  for (const username of [
    'amina.contract.electron',
    'amina.contract.web',
    'nadia.contract.electron',
    'nadia.contract.web',
  ]) {
    await insertUser(target.db, {
      id: newId(),
      username,
      displayName: 'Amina El Idrissi',
      role: 'conseiller',
      passwordHash,
      mustChangePassword: false,
      oneTimePasswordExpiresAt: null,
      createdAt: new Date().toISOString(),
      centreIds: [id],
    });
  }
  // The administrators who may change a registered PC's server address.
  for (const username of ['root.contract.electron', 'root.contract.web']) {
    await insertUser(target.db, {
      id: newId(),
      username,
      displayName: 'Administrateur',
      role: 'administrateur',
      passwordHash,
      mustChangePassword: false,
      oneTimePasswordExpiresAt: null,
      createdAt: new Date().toISOString(),
      centreIds: [],
    });
  }
  return id;
}

/** A real server on `target`, recording the device header of every request it receives. */
async function listen(target: MasarDatabase, received: Received[]): Promise<[MasarServer, string]> {
  const built = buildServer({ database: target, version });
  built.addHook('onRequest', (request, _reply, done) => {
    const device = request.headers['x-masar-device'];
    received.push({ url: request.url, device: typeof device === 'string' ? device : undefined });
    done();
  });
  return [built, await built.listen({ port: 0, host: '127.0.0.1' })];
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'masar-contract-'));
  receivedByFirst = [];
  receivedBySecond = [];
  database = await openDatabase({ dataDir: join(folder, 'server') });
  centreId = await seedAccounts(database);
  [server, serverUrl] = await listen(database, receivedByFirst);
  secondDatabase = await openDatabase({ dataDir: join(folder, 'second-server') });
  await seedAccounts(secondDatabase);
  [secondServer, secondUrl] = await listen(secondDatabase, receivedBySecond);

  oddServer = createServer((request, response) => {
    if (request.url?.startsWith('/bad-status')) {
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"x","message":"x"}}');
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","engine":"oracle"}');
    }
  });
  await new Promise<void>((resolve) => oddServer.listen(0, '127.0.0.1', resolve));
  oddUrl = `http://127.0.0.1:${(oddServer.address() as AddressInfo).port}`;

  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  await server.close();
  await database.close();
  await secondServer.close();
  await secondDatabase.close();
  await new Promise((resolve) => oddServer.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

type HostFactory = () => HostApi;

/** Where the desktop's save dialog answers to save a PDF; what the browser's print dialog was given. */
let savedPdfPath: string;
let printedByBrowser: string[];

const hosts: Record<HostKind, HostFactory> = {
  electron: () => {
    const directory = mkdtempSync(join(folder, 'user-data-'));
    const settings = createSettingsStore({ directory, log: silent });
    const { bridge } = createLoopbackBridge({
      version,
      settings,
      device: createDeviceStore({
        directory,
        safeStorage: createTestSafeStorage(),
        legacyServerUrl: async () => (await settings.read()).serverUrl,
        log: silent,
      }),
      session: createSessionStore(),
      hostname: () => 'poste-contrat',
      fetch: globalThis.fetch,
      healthTimeoutMs: 2000,
      onLanguageChanged: () => undefined,
      print: (() => {
        savedPdfPath = join(directory, 'Reçu de remise.pdf');
        const printElectron = createFakePrintElectron(savedPdfPath);
        return createPrintService({
          createWindow: printElectron.createWindow,
          showSaveDialog: printElectron.showSaveDialog,
          documentsFolder: () => directory,
          files: {
            writeFile: (filePath, data) => writeFile(filePath, data),
          },
          documents: createInMemoryDocuments(),
          log: silent,
        });
      })(),
    });
    return createElectronHost(bridge);
  },
  web: () => {
    const stored = new Map<string, string>();
    return createWebHost({
      version,
      origin: 'http://127.0.0.1:8787',
      storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => stored.set(key, value) },
      fetch: globalThis.fetch,
      healthTimeoutMs: 2000,
      printHtml: (html) => {
        printedByBrowser.push(html);
        return Promise.resolve();
      },
    });
  },
};

describe.each(Object.entries(hosts) as [HostKind, HostFactory][])('host contract: %s', (kind, makeHost) => {
  let host: HostApi;
  beforeEach(() => {
    printedByBrowser = [];
    host = makeHost();
  });

  it('tells the app name, version and host kind', async () => {
    expect(await host['app:info']({})).toEqual({ ok: true, value: { name: 'Masar', version, hostKind: kind } });
  });

  it('protects a key with the OS on the desktop, and hands it back as it is in a browser', async () => {
    const text = JSON.stringify({ kdf: 'PBKDF2-SHA256', iterations: 600000, salt: 'c2Fs', sealed: 'AQAB' });
    const sealed = await host['keys:protect']({ text });
    if (!sealed.ok) throw new Error(sealed.error.code);
    if (kind === 'electron') expect(sealed.value.sealed).not.toContain('PBKDF2');
    else expect(sealed.value.sealed).toBe(text);
    expect(await host['keys:unprotect']({ sealed: sealed.value.sealed })).toEqual({ ok: true, value: { text } });
    expect(await host['keys:protect']({ text: '' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('starts in French with the local server as default', async () => {
    expect(await host['settings:get']({})).toEqual({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:8787', language: 'fr', autoLockMinutes: 10 },
    });
  });

  it('stores a server URL, normalised without its trailing slash', async () => {
    const set = await host['settings:setServerUrl']({ serverUrl: ` ${serverUrl}/ ` });
    expect(set).toEqual({ ok: true, value: { serverUrl, language: 'fr', autoLockMinutes: 10 } });
    expect(await host['settings:get']({})).toEqual({
      ok: true,
      value: { serverUrl, language: 'fr', autoLockMinutes: 10 },
    });
  });

  it.each(['ftp://server.example', 'not a url', 'http://user:secret@server.example', ''])(
    'refuses the server URL %j and keeps the previous one',
    async (bad) => {
      await host['settings:setServerUrl']({ serverUrl });
      const result = await host['settings:setServerUrl']({ serverUrl: bad });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-request');
      expect(await host['settings:get']({})).toMatchObject({ ok: true, value: { serverUrl } });
    },
  );

  it('switches the language, and refuses a language Masar does not have', async () => {
    expect(await host['app:setLanguage']({ language: 'ar' })).toMatchObject({ ok: true, value: { language: 'ar' } });
    expect(await host['settings:get']({})).toMatchObject({ ok: true, value: { language: 'ar' } });
    const refused = await host['app:setLanguage']({ language: 'en' } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses requests with unexpected fields', async () => {
    const refused = await host['app:info']({ admin: true } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('checks the real server: engine and schema version', async () => {
    await host['settings:setServerUrl']({ serverUrl });
    const health = await host['server:health']({});
    expect(health.ok).toBe(true);
    if (health.ok) {
      expect(health.value).toMatchObject({ status: 'ok', engine: 'sqlite', version });
      expect(health.value.schemaVersion).toBeGreaterThanOrEqual(1);
    }
  });

  it('reports an unreachable server as such', async () => {
    await host['settings:setServerUrl']({ serverUrl: closedUrl });
    expect(await host['server:health']({})).toMatchObject({ ok: false, error: { code: 'server-unreachable' } });
  });

  it('reports a server error and a malformed answer distinctly', async () => {
    await host['settings:setServerUrl']({ serverUrl: `${oddUrl}/bad-status` });
    expect(await host['server:health']({})).toMatchObject({ ok: false, error: { code: 'server-error' } });
    await host['settings:setServerUrl']({ serverUrl: `${oddUrl}/bad-body` });
    expect(await host['server:health']({})).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });

  describe('printing', () => {
    const html = '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Reçu</title><p>Reçu</p></html>';

    it('prints a document: a PDF where the user chose on the desktop, the print dialog in the browser', async () => {
      const result = await host['print:pdf']({ html, fileName: 'Reçu de remise.pdf', action: 'save' });
      if (kind === 'electron') {
        expect(result).toEqual({ ok: true, value: { outcome: 'saved', path: savedPdfPath } });
        expect(readFileSync(savedPdfPath, 'latin1').startsWith('%PDF-')).toBe(true);
      } else {
        expect(result).toEqual({ ok: true, value: { outcome: 'printed' } });
        expect(printedByBrowser).toEqual([html]);
      }
    });

    it.each([
      '../reçu.pdf',
      'C:\\Users\\amina\\reçu.pdf',
      'reçu.exe',
      'reçu.pdf.exe',
      '.pdf',
      ' reçu.pdf',
      'CON.pdf',
      'reçu\u202efdp.exe.pdf',
      'reçu\n.pdf',
      `${'a'.repeat(150)}.pdf`,
    ])('refuses the file name %j', async (fileName) => {
      const refused = await host['print:pdf']({ html, fileName, action: 'save' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(printedByBrowser).toEqual([]);
    });

    it('refuses an empty document, one over 20 MB, and an unknown action', async () => {
      for (const request of [
        { html: '', fileName: 'reçu.pdf', action: 'save' },
        { html: 'x'.repeat(20 * 1024 * 1024 + 1), fileName: 'reçu.pdf', action: 'save' },
        { html, fileName: 'reçu.pdf', action: 'email' },
      ]) {
        expect(await host['print:pdf'](request as never)).toMatchObject({
          ok: false,
          error: { code: 'invalid-request' },
        });
      }
    });
  });

  describe('first run', () => {
    /** A server with no account at all, on a database of its own, for this test only. */
    async function freshServer(): Promise<string> {
      const fresh = await openDatabase({ dataDir: mkdtempSync(join(folder, 'fresh-server-')) });
      await migrateToLatest(fresh.db);
      const app = buildServer({ database: fresh, version });
      onTestFinished(async () => {
        await app.close();
        await fresh.close();
      });
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      await host['settings:setServerUrl']({ serverUrl: url });
      return url;
    }
    const administrator = { username: `direction.${kind}`, displayName: 'Direction FM6', password: password };

    it('tells that a server has accounts, and that this host reaches it from its own machine', async () => {
      await host['settings:setServerUrl']({ serverUrl });
      expect(await host['setup:status']({})).toEqual({ ok: true, value: { hasAccounts: true, isLoopback: true } });
      expect(await host['setup:createFirstAdministrator'](administrator)).toMatchObject({
        ok: false,
        error: { code: 'setup-already-done' },
      });
      await host['settings:setServerUrl']({ serverUrl: closedUrl });
      expect(await host['setup:status']({})).toMatchObject({ ok: false, error: { code: 'server-unreachable' } });
    });

    it('creates the first administrator of a server without accounts, who then signs in; never twice', async () => {
      await freshServer();
      expect(await host['setup:status']({})).toEqual({ ok: true, value: { hasAccounts: false, isLoopback: true } });
      const refused = await host['setup:createFirstAdministrator']({ ...administrator, password: 'court' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      const created = await host['setup:createFirstAdministrator'](administrator);
      expect(created).toMatchObject({
        ok: true,
        value: { user: { username: administrator.username, role: 'administrateur', centreIds: [] } },
      });
      expect(await host['setup:status']({})).toEqual({ ok: true, value: { hasAccounts: true, isLoopback: true } });
      expect(await host['auth:signIn']({ username: administrator.username, password })).toMatchObject({
        ok: true,
        value: { user: { username: administrator.username, role: 'administrateur' } },
      });
      expect(await host['setup:createFirstAdministrator']({ ...administrator, username: 'autre.admin' })).toMatchObject(
        { ok: false, error: { code: 'setup-already-done' } },
      );
      expect(await host['setup:loadDemo']({})).toMatchObject({ ok: false, error: { code: 'setup-already-done' } });
    });

    it('loads the demo centre on a server without accounts and names its accounts, which sign in', async () => {
      await freshServer();
      const loaded = await host['setup:loadDemo']({});
      if (!loaded.ok) throw new Error(`demo not loaded: ${loaded.error.code}`);
      expect(loaded.value.centre.code).toBe('CASA-DEMO');
      expect(loaded.value.accounts.map((account) => account.role)).toEqual([
        'coordinateur_centre',
        'conseiller',
        'conseiller',
      ]);
      const [coordinator] = loaded.value.accounts;
      expect(
        await host['auth:signIn']({ username: coordinator?.username ?? '', password: loaded.value.password }),
      ).toMatchObject({ ok: true, value: { user: { role: 'coordinateur_centre' } } });
      expect(await host['setup:loadDemo']({})).toMatchObject({ ok: false, error: { code: 'setup-already-done' } });
    });
  });

  describe('accounts', () => {
    const username = `amina.contract.${kind}`;
    /** Signs in as an administrator, changes the server address, signs out. */
    const moveAsAdministrator = async (to: string) => {
      const administrator = await host['auth:signIn']({ username: `root.contract.${kind}`, password });
      if (!administrator.ok) throw new Error(`administrator sign-in failed: ${administrator.error.code}`);
      expect(await host['settings:setServerUrl']({ serverUrl: to })).toMatchObject({ ok: true });
      expect(await host['auth:signOut']({})).toMatchObject({ ok: true });
    };
    beforeEach(async () => {
      await host['settings:setServerUrl']({ serverUrl });
    });

    it('signs in online, registering this PC, and never hands a token to the renderer', async () => {
      expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: null, isRevoked: false } });
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({
        ok: false,
        error: { code: 'no-session' },
      });

      const wrong = await host['auth:signIn']({ username, password: 'pas le bon' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid-credentials' } });

      const signedIn = await host['auth:signIn']({ username, password });
      expect(signedIn).toMatchObject({
        ok: true,
        value: { user: { username, role: 'conseiller', centreIds: [centreId] } },
      });
      expect(JSON.stringify(signedIn)).not.toMatch(/token/i);
      const status = await host['device:status']({});
      expect(status.ok && status.value.deviceId).toBe(signedIn.ok && signedIn.value.deviceId);
      // The data key secret passes through to the renderer (docs/security.md), the same at each sign-in here.
      const secret = signedIn.ok ? signedIn.value.dataKeySecret : undefined;
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const again = await host['auth:signIn']({ username, password });
      expect(again.ok && again.value.dataKeySecret).toBe(secret);

      const centres = await host['api:call']({ route: 'listCentres' });
      expect(centres.ok).toBe(true);
      if (centres.ok) {
        const parsed = apiRouteTable.listCentres.response.parse(centres.value.data);
        expect(parsed.centres.map((c) => c.code)).toEqual(['CAS-01']);
      }

      expect(await host['auth:signOut']({})).toEqual({ ok: true, value: { isServerSessionEnded: true } });
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({
        ok: false,
        error: { code: 'no-session' },
      });
    });

    it('refuses the routes that carry credentials through api:call, and other routes with a bad id', async () => {
      expect(await host['api:call']({ route: 'signIn' } as never)).toMatchObject({
        error: { code: 'invalid-request' },
      });
      expect(await host['api:call']({ route: 'disableUser', id: '../sessions' })).toMatchObject({
        error: { code: 'invalid-request' },
      });
    });

    it("sends a server's device token to that server only: another one registers the PC anew", async () => {
      const onFirst = await host['auth:signIn']({ username, password });
      if (!onFirst.ok) throw new Error(`sign-in failed: ${onFirst.error.code}`);
      const firstId = onFirst.value.deviceId;
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ ok: true });
      const firstToken = receivedByFirst.at(-1)?.device;
      expect(firstToken).toMatch(new RegExp(`^${firstId}\\.`));
      const firstSecret = firstToken?.split('.')[1] ?? '';
      expect(firstSecret).not.toBe('');
      expect(await host['auth:signOut']({})).toEqual({ ok: true, value: { isServerSessionEnded: true } });

      // A registered PC changes server only by an administrator signed in online.
      expect(await host['settings:setServerUrl']({ serverUrl: secondUrl })).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'settings.serverUrlNeedsAdministrator' },
      });
      await moveAsAdministrator(secondUrl);

      // Another server: not registered there, and the first one's token never goes there.
      receivedBySecond.length = 0;
      expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: null, isRevoked: false } });
      const onSecond = await host['auth:signIn']({ username, password });
      if (!onSecond.ok) throw new Error(`sign-in failed: ${onSecond.error.code}`);
      const secondId = onSecond.value.deviceId;
      expect(secondId).not.toBe(firstId);
      expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: secondId, isRevoked: false } });
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ ok: true });
      expect(receivedBySecond.map((request) => request.device)).toEqual([
        undefined,
        expect.stringMatching(new RegExp(`^${secondId}\\.`)),
      ]);
      expect(JSON.stringify(receivedBySecond)).not.toContain(firstSecret);
      expect(JSON.stringify(receivedBySecond)).not.toContain(firstId);
      const registered = await secondDatabase.db
        .selectFrom('devices')
        .innerJoin('users', 'users.id', 'devices.registered_by_user_id')
        .select('devices.id')
        .where('users.username', '=', username)
        .execute();
      expect(registered.map((row) => row.id)).toEqual([secondId]);

      // Back to the first server: its own device again, nothing registered there.
      expect(await host['settings:setServerUrl']({ serverUrl: `${serverUrl}/` })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      await moveAsAdministrator(`${serverUrl}/`);
      const firstRequests = receivedByFirst.length;
      expect(await host['device:status']({})).toEqual({ ok: true, value: { deviceId: firstId, isRevoked: false } });
      expect(await host['auth:signIn']({ username, password })).toMatchObject({
        ok: true,
        value: { deviceId: firstId },
      });
      expect(receivedByFirst.slice(firstRequests).map((request) => request.device)).toEqual([firstToken]);
      expect(JSON.stringify(receivedByFirst)).not.toContain(secondId);
      const onFirstDevices = await database.db.selectFrom('devices').select('id').where('id', '=', firstId).execute();
      expect(onFirstDevices).toHaveLength(1);
    });

    it('registers anew, at the same sign-in, with a server that no longer knows this PC', async () => {
      await host['settings:setServerUrl']({ serverUrl: secondUrl });
      const first = await host['auth:signIn']({ username, password });
      if (!first.ok) throw new Error(`sign-in failed: ${first.error.code}`);
      // The server's database is rebuilt: this PC's registration is gone.
      await secondDatabase.db.deleteFrom('sessions').where('device_id', '=', first.value.deviceId).execute();
      await secondDatabase.db.deleteFrom('device_user_keys').where('device_id', '=', first.value.deviceId).execute();
      await secondDatabase.db.deleteFrom('devices').where('id', '=', first.value.deviceId).execute();

      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ error: { code: 'device-unknown' } });
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ error: { code: 'no-session' } });
      receivedBySecond.length = 0;
      const again = await host['auth:signIn']({ username, password });
      if (!again.ok) throw new Error(`sign-in failed: ${again.error.code}`);
      expect(again.value.deviceId).not.toBe(first.value.deviceId);
      expect(receivedBySecond.map((request) => request.device)).toEqual([
        expect.stringMatching(new RegExp(`^${first.value.deviceId}\\.`)),
        undefined,
      ]);
      expect(await host['device:status']({})).toEqual({
        ok: true,
        value: { deviceId: again.value.deviceId, isRevoked: false },
      });
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ ok: true });
    });

    it('keeps the credentials of a PC awaiting approval, from the renderer too, and signs in with them once approved', async () => {
      // Nadia registered her allowance of PCs elsewhere this month: this one waits for an approval.
      const nadia = `nadia.contract.${kind}`;
      const user = await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', nadia)
        .executeTakeFirstOrThrow();
      for (let index = 0; index < 3; index += 1) {
        await insertDevice(database.db, {
          id: newId(),
          name: `PC ${index}`,
          secretHash: 'x'.repeat(64),
          centreId,
          registeredByUserId: user.id,
          registeredAt: new Date().toISOString(),
          isPendingApproval: false,
        });
      }

      const pending = await host['auth:signIn']({ username: nadia, password });
      expect(pending).toMatchObject({ ok: false, error: { code: 'device-pending' } });
      expect(JSON.stringify(pending)).not.toMatch(/token|newDevice/i);
      const status = await host['device:status']({});
      const deviceId = status.ok ? status.value.deviceId : null;
      expect(deviceId).not.toBeNull();

      // Again: the same PC asks, with the credentials it kept, and still waits.
      const before = receivedByFirst.length;
      expect(await host['auth:signIn']({ username: nadia, password })).toMatchObject({
        error: { code: 'device-pending' },
      });
      expect(receivedByFirst.slice(before).map((request) => request.device)).toEqual([
        expect.stringMatching(new RegExp(`^${deviceId ?? 'none'}\\.`)),
      ]);

      await approveDevice(database.db, deviceId ?? '', new Date().toISOString(), user.id);
      expect(await host['auth:signIn']({ username: nadia, password })).toMatchObject({ ok: true, value: { deviceId } });
      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ ok: true });
    });

    it('remembers a revoked PC and refuses every sign-in from then on', async () => {
      const signedIn = await host['auth:signIn']({ username, password });
      expect(signedIn.ok).toBe(true);
      if (!signedIn.ok) return;
      await revokeDevice(database.db, signedIn.value.deviceId, new Date().toISOString(), signedIn.value.user.id);

      expect(await host['api:call']({ route: 'listCentres' })).toMatchObject({ error: { code: 'device-revoked' } });
      expect(await host['device:status']({})).toMatchObject({ ok: true, value: { isRevoked: true } });
      expect(await host['auth:signIn']({ username, password })).toMatchObject({ error: { code: 'device-revoked' } });
    });
  });
});
