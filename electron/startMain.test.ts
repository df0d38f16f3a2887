import type { BrowserWindowConstructorOptions, CustomScheme, MenuItemConstructorOptions } from 'electron';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostChannelNames, toIpcChannel } from '../shared/host/channelNames';
import type { Logger } from './logger';
import { createLoopbackIpc } from './ipc/loopbackIpc';
import type { NavigationEvent } from './security/guards';
import type { AppWindow, MainDeps } from './startMain';
import { startMain } from './startMain';
import { startFakeMasarServer } from './testing/fakeMasarServer';
import { createTestSafeStorage } from './testing/testSafeStorage';

type Listener = (...args: never[]) => void;

class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...args: unknown[]) => void)(...args);
  }
}

let frameCount = 0;

class FakeWebContents extends FakeEmitter {
  readonly mainFrame = { url: 'masar://app/', parent: null, processId: 3, frameToken: `frame-${++frameCount}` };
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  /** True when a guard prevented the navigation. */
  navigate(url: string): boolean {
    let isPrevented = false;
    const event: NavigationEvent = {
      url,
      preventDefault: () => {
        isPrevented = true;
      },
    };
    this.emit('will-navigate', event);
    return isPrevented;
  }
}

let folder: string;
let log: Logger;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'masar-main-'));
  await mkdir(path.join(folder, 'app', 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(folder, 'app', 'dist', 'renderer', 'index.html'), '<title>Masar</title>');
  log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function fakeElectron({ hasLock = true, loadFails = false } = {}) {
  let markReady: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const appEvents = new FakeEmitter();
  const windows: FakeWindow[] = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const ipc = createLoopbackIpc();
  const permissionHandlers: {
    request?: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    check?: (webContents: unknown, permission: string) => boolean;
  } = {};

  class FakeWindow extends FakeEmitter implements AppWindow {
    readonly webContents = new FakeWebContents();
    isShown = false;
    isFocused = false;
    minimized = false;
    readonly loadURL = vi.fn((_url: string) =>
      loadFails ? Promise.reject(new Error('ERR_FAILED')) : Promise.resolve(),
    );
    constructor(readonly options: BrowserWindowConstructorOptions) {
      super();
      windows.push(this);
      appEvents.emit('web-contents-created', {}, this.webContents);
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    show() {
      this.isShown = true;
    }
    focus() {
      this.isFocused = true;
    }
  }

  const app = {
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => hasLock),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(() => isReady),
    getVersion: () => '0.1.0',
    getAppPath: () => path.join(folder, 'app'),
    getPath: (_name: 'userData') => path.join(folder, 'userData'),
    setAboutPanelOptions: vi.fn(),
    on: (event: string, listener: Listener) => appEvents.on(event, listener),
  };

  const registerSchemesAsPrivileged = vi.fn((_schemes: CustomScheme[]) => undefined);
  const deps: MainDeps = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: ipc.ipcMain,
    protocol: {
      registerSchemesAsPrivileged,
      handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler) => {
          permissionHandlers.request = handler;
        },
        setPermissionCheckHandler: (handler) => {
          permissionHandlers.check = handler;
        },
      },
    },
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    Menu: {
      buildFromTemplate: (template) => template,
      setApplicationMenu: (menu) => menus.push(menu as MenuItemConstructorOptions[]),
    },
    fetch,
    safeStorage: createTestSafeStorage(),
    workArea: () => ({ width: 1093, height: 576 }),
    hostname: () => 'PC-ACCUEIL',
    print: () => Promise.reject(new Error('nothing is printed in these tests')),
    removePrintLeftovers: vi.fn(() => Promise.resolve()),
    log,
  };
  return {
    deps,
    app,
    registerSchemesAsPrivileged,
    appEvents,
    windows,
    menus,
    protocolHandlers,
    ipc,
    permissionHandlers,
    markReady,
  };
}

describe('startMain: single instance', () => {
  it('quits at once when another Masar holds the lock, before touching anything else', async () => {
    const electron = fakeElectron({ hasLock: false });
    await startMain(electron.deps);
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    // The other instance may be printing: its temporary documents are its own.
    expect(electron.deps.removePrintLeftovers).not.toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.windows).toEqual([]);
  });

  it('deletes the print documents a crash left behind, once it holds the lock', async () => {
    const electron = fakeElectron();
    const started = startMain(electron.deps);
    expect(electron.deps.removePrintLeftovers).toHaveBeenCalledOnce();
    electron.markReady();
    await started;
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const electron = fakeElectron();
    const started = startMain(electron.deps);
    electron.markReady();
    await started;
    const [window] = electron.windows;
    if (window === undefined) throw new Error('no window');
    window.minimized = true;

    electron.appEvents.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.isShown).toBe(true);
    expect(window.isFocused).toBe(true);
    expect(electron.app.quit).not.toHaveBeenCalled();
  });
});

describe('startMain: before ready', () => {
  it('registers masar as a privileged scheme and sandboxes every renderer', () => {
    const electron = fakeElectron();
    void startMain(electron.deps);
    expect(electron.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'masar', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.windows).toEqual([]);
  });

  it('guards every webContents created, whatever created it', () => {
    const electron = fakeElectron();
    void startMain(electron.deps);
    const contents = new FakeWebContents();
    electron.appEvents.emit('web-contents-created', {}, contents);
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('masar://app/beneficiaires')).toBe(false);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('startMain: once ready', () => {
  async function started(options?: { loadFails?: boolean }) {
    const electron = fakeElectron(options);
    const running = startMain(electron.deps);
    electron.markReady();
    await running;
    return electron;
  }

  it('opens one hardened window on masar://app, shown when ready to show', async () => {
    const electron = await started();
    expect(electron.windows).toHaveLength(1);
    const [window] = electron.windows;
    expect(window?.options.webPreferences).toMatchObject({
      preload: path.join(folder, 'app', 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    // Sized to the screen's work area (a 1366×768 screen at 125 %), not to a fixed size.
    expect([window?.options.width, window?.options.height]).toEqual([1093, 576]);
    expect(window?.loadURL).toHaveBeenCalledExactlyOnceWith('masar://app/');
    expect(window?.isShown).toBe(false);
    window?.emit('ready-to-show');
    expect(window?.isShown).toBe(true);
  });

  it('guards the window itself', async () => {
    const electron = await started();
    expect(electron.windows[0]?.webContents.navigate('https://evil.example/')).toBe(true);
  });

  it('serves the built renderer on the masar scheme', async () => {
    const electron = await started();
    const handler = electron.protocolHandlers.get('masar');
    const response = await handler?.(new Request('masar://app/'));
    expect(response?.status).toBe(200);
    expect(await response?.text()).toBe('<title>Masar</title>');
  });

  it('denies every permission on the session', async () => {
    const electron = await started();
    const callback = vi.fn();
    electron.permissionHandlers.request?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(electron.permissionHandlers.check?.({}, 'geolocation')).toBe(false);
  });

  it('registers every IPC channel once, answering only the window main frame', async () => {
    const electron = await started();
    expect([...electron.ipc.registrations].sort()).toEqual(hostChannelNames.map(toIpcChannel).sort());

    const contents = electron.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    await expect(
      electron.ipc.invoke({ sender: contents, senderFrame: contents.mainFrame }, 'masar:app:info', {}),
    ).resolves.toEqual({ ok: true, value: { name: 'Masar', version: '0.1.0', hostKind: 'electron' } });
    const other = new FakeWebContents();
    await expect(
      electron.ipc.invoke({ sender: other, senderFrame: other.mainFrame }, 'masar:app:info', {}),
    ).resolves.toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
  });

  it('builds the menu in the saved language, and rebuilds it when the language changes', async () => {
    const electron = await started();
    expect(electron.menus.map((menu) => menu[0]?.label)).toEqual(['Fichier']);
    const contents = electron.windows[0]?.webContents;
    if (contents === undefined) throw new Error('no window');
    await electron.ipc.invoke({ sender: contents, senderFrame: contents.mainFrame }, 'masar:app:setLanguage', {
      language: 'ar',
    });
    expect(electron.menus.map((menu) => menu[0]?.label)).toEqual(['Fichier', 'ملف']);
  });

  it('keeps the device in userData and forgets the session when the app quits', async () => {
    const server = await startFakeMasarServer();
    try {
      server.addUser('amina.conseil', 'correct horse battery staple');
      const electron = await started();
      const contents = electron.windows[0]?.webContents;
      if (contents === undefined) throw new Error('no window');
      const call = (channel: string, request: unknown) =>
        electron.ipc.invoke({ sender: contents, senderFrame: contents.mainFrame }, `masar:${channel}`, request);

      await call('settings:setServerUrl', { serverUrl: server.url });
      await expect(
        call('auth:signIn', { username: 'amina.conseil', password: 'correct horse battery staple' }),
      ).resolves.toMatchObject({ ok: true });
      expect(server.devices.map((device) => device.name)).toEqual(['PC-ACCUEIL']);
      expect(await readdir(path.join(folder, 'userData'))).toContain('device.json');
      await expect(call('api:call', { route: 'me' })).resolves.toMatchObject({ ok: true });

      electron.appEvents.emit('will-quit');
      await expect(call('api:call', { route: 'me' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'no-session' },
      });
    } finally {
      await server.close();
    }
  });

  it('quits when the window is closed', async () => {
    const electron = await started();
    electron.windows[0]?.emit('closed');
    electron.appEvents.emit('window-all-closed');
    expect(electron.app.quit).toHaveBeenCalledOnce();
  });

  it('logs and quits when the renderer cannot be loaded', async () => {
    const electron = await started({ loadFails: true });
    expect(log.error).toHaveBeenCalled();
    expect(electron.app.quit).toHaveBeenCalledOnce();
  });
});
