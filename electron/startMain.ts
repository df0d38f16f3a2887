/**
 * The main process, with Electron passed in: `main.ts` is the only file that imports Electron, so
 * this wiring runs under Node with fakes. Order matters: 1. single-instance lock (a second Masar
 * would write the same settings and databases); 2. before `ready`: privileged scheme, sandbox for
 * every renderer, guards on every webContents ever created; 3. after `ready` (which `safeStorage`
 * needs): permissions denied, protocol, settings, device and session stores, menu, IPC, and only
 * then the window. The session is forgotten when the app quits.
 */
import type {
  AboutPanelOptionsOptions,
  BrowserWindowConstructorOptions,
  CustomScheme,
  MenuItemConstructorOptions,
} from 'electron';
import path from 'node:path';
import type { Language } from '../shared/i18n/language';
import { createSessionStore } from './auth/sessionStore';
import type { SafeStorageLike } from './device/deviceStore';
import { createDeviceStore } from './device/deviceStore';
import { registerIpcHandlers } from './ipc/hostHandlers';
import type { AppWebContents, IpcMainLike } from './ipc/registerHandler';
import { createTrustedSenderCheck } from './ipc/registerHandler';
import type { Logger } from './logger';
import { buildMenuTemplate } from './menu/buildMenuTemplate';
import { appCustomScheme, appEntryUrl, appScheme, createAppProtocolHandler } from './protocol/appProtocol';
import type { GuardedWebContents, PermissionSession } from './security/guards';
import { applyWebContentsGuards, denyAllPermissions } from './security/guards';
import type { FetchLike } from './network/apiFetch';
import type { PrintService } from './print/printService';
import { createSettingsStore } from './settings/settingsStore';
import { createWindowOptions, type WorkArea } from './window/createWindowOptions';

/** What the main process uses of a BrowserWindow. */
export type AppWindow = {
  readonly webContents: AppWebContents;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  loadURL(url: string): Promise<void>;
};

export type MainDeps = {
  app: {
    readonly isPackaged: boolean;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    enableSandbox(): void;
    whenReady(): Promise<void>;
    getVersion(): string;
    getAppPath(): string;
    getPath(name: 'userData'): string;
    setAboutPanelOptions(options: AboutPanelOptionsOptions): void;
    on(event: 'second-instance' | 'window-all-closed' | 'will-quit', listener: () => void): unknown;
    on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedWebContents) => void): unknown;
  };
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => AppWindow;
  ipcMain: IpcMainLike;
  protocol: {
    registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
  };
  session: { readonly defaultSession: PermissionSession };
  shell: { openExternal(url: string): Promise<void> };
  Menu: {
    buildFromTemplate(template: MenuItemConstructorOptions[]): unknown;
    setApplicationMenu(menu: unknown): void;
  };
  /** For the server calls: Electron's `net.fetch` (system proxy settings apply). */
  fetch: FetchLike;
  /** Electron's `safeStorage`, which encrypts the device token (see `device/deviceStore.ts`). */
  safeStorage: SafeStorageLike;
  /** The primary screen's work area (`screen.getPrimaryDisplay().workAreaSize`), read once `ready`. */
  workArea: () => WorkArea;
  /** `os.hostname()`: the name the PC registers under at its first sign-in. */
  hostname: () => string;
  /** `print:pdf`, built by `main.ts` with Electron's windows and dialogs (`print/printService.ts`). */
  print: PrintService;
  /**
   * Deletes the temporary print folders a crash left behind (`print/printService.ts`); run once
   * this instance holds the single-instance lock, so never under a print in progress.
   */
  removePrintLeftovers: () => Promise<void>;
  log: Logger;
};

/** Where the build puts things, relative to the app folder (or app.asar) that holds package.json. */
export function resolveAppPaths(appPath: string): { rendererRoot: string; preload: string } {
  return {
    rendererRoot: path.join(appPath, 'dist', 'renderer'),
    preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
  };
}

/** Resolves once the window has loaded the renderer, or at once when another instance runs. */
export function startMain(deps: MainDeps): Promise<void> {
  const { app, log } = deps;

  if (!app.requestSingleInstanceLock()) {
    log.info('[main] Masar is already running: handing over to it');
    app.quit();
    return Promise.resolve();
  }

  deps.protocol.registerSchemesAsPrivileged([appCustomScheme]);
  app.enableSandbox();
  void deps.removePrintLeftovers();

  let mainWindow: AppWindow | undefined;
  // The signed-in user's server session (not Electron's `session` module, which is `deps.session`).
  const serverSession = createSessionStore();
  const openExternal = (url: string) => deps.shell.openExternal(url);

  app.on('web-contents-created', (_event, contents) => {
    applyWebContentsGuards(contents, { openExternal, log });
  });
  app.on('second-instance', () => {
    if (mainWindow === undefined) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  app.on('will-quit', () => {
    serverSession.forget();
  });

  async function whenReady(): Promise<void> {
    await app.whenReady();
    const paths = resolveAppPaths(app.getAppPath());
    const version = app.getVersion();

    denyAllPermissions(deps.session.defaultSession, log);
    deps.protocol.handle(appScheme, createAppProtocolHandler(paths.rendererRoot));

    const userData = app.getPath('userData');
    const settings = createSettingsStore({ directory: userData, log });
    const device = createDeviceStore({
      directory: userData,
      safeStorage: deps.safeStorage,
      legacyServerUrl: async () => (await settings.read()).serverUrl,
      log,
    });
    const applyMenu = (language: Language) => {
      const template = buildMenuTemplate(language, { isDevelopment: !app.isPackaged });
      deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(template));
    };
    applyMenu((await settings.read()).language);
    app.setAboutPanelOptions({
      applicationName: 'Masar',
      applicationVersion: version,
      copyright: 'Fondation Mohammed VI pour la Réinsertion des Détenus',
    });

    registerIpcHandlers(
      deps.ipcMain,
      {
        version,
        settings,
        device,
        session: serverSession,
        fetch: deps.fetch,
        hostname: deps.hostname,
        print: deps.print,
        onLanguageChanged: applyMenu,
      },
      createTrustedSenderCheck(() => mainWindow?.webContents),
      log,
    );

    const window = new deps.BrowserWindow(
      createWindowOptions(paths.preload, { allowDevTools: !app.isPackaged, workArea: deps.workArea() }),
    );
    mainWindow = window;
    window.once('ready-to-show', () => {
      window.show();
    });
    window.on('closed', () => {
      mainWindow = undefined;
    });
    await window.loadURL(appEntryUrl);
  }

  return whenReady().catch((error: unknown) => {
    log.error('[main] Masar could not start', error);
    app.quit();
  });
}
