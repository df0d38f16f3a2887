/**
 * Stand-ins for the Electron pieces `print/printService.ts` is given, for tests under Node (the
 * service's own tests, the host contract tests): a hidden print window that records what is done to
 * it and lets a test play the page (navigate, request, open a window), and a save dialog that
 * answers as told. Not used by the app.
 */
import type {
  BrowserWindowConstructorOptions,
  PrintToPDFOptions,
  SaveDialogOptions,
  WebContentsPrintOptions,
} from 'electron';
import type { PrintWebContents, PrintWindow } from '../print/printService';

type NavigationListener = Parameters<PrintWebContents['on']>[1];
type RequestListener = Parameters<PrintWebContents['session']['webRequest']['onBeforeRequest']>[0];

/** The start of every PDF file. */
export const fakePdfBytes = new TextEncoder().encode('%PDF-1.4\n% fake\n');

export type FakePrintBehaviour = {
  /** What loading the document does; loads at once by default. */
  load: (url: string) => Promise<void>;
  /** `printToPDF`; the fake PDF bytes by default. */
  printToPDF: (options: PrintToPDFOptions) => Promise<Uint8Array>;
  /** How the system print dialog ends: `[success, failureReason]`. */
  printOutcome: [boolean, string];
  /** What the save dialog answers: a path, or undefined for "Cancel". */
  saveAs: string | undefined;
};

export class FakePrintWebContents implements PrintWebContents {
  /** Calls in order, for the tests of the service's steps. */
  readonly calls: string[] = [];
  readonly executed: string[] = [];
  readonly pdfOptions: PrintToPDFOptions[] = [];
  readonly printOptions: WebContentsPrintOptions[] = [];
  readonly navigationListeners = new Map<string, NavigationListener[]>();
  requestListener: RequestListener | undefined;
  windowOpenHandler: ((details: { readonly url: string }) => { action: 'deny' }) | undefined;
  permissionRequestHandler:
    ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | undefined;

  readonly session: PrintWebContents['session'] = {
    webRequest: {
      onBeforeRequest: (listener) => {
        this.requestListener = listener;
      },
    },
    setPermissionRequestHandler: (handler) => {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler: (handler) => {
      this.permissionCheckHandler = handler;
    },
  };

  constructor(private readonly behaviour: FakePrintBehaviour) {}

  on(event: string, listener: NavigationListener): this {
    this.navigationListeners.set(event, [...(this.navigationListeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  executeJavaScript(code: string): Promise<unknown> {
    this.calls.push('executeJavaScript');
    this.executed.push(code);
    return Promise.resolve(true);
  }

  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array> {
    this.calls.push('printToPDF');
    this.pdfOptions.push(options);
    return this.behaviour.printToPDF(options);
  }

  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void {
    this.calls.push('print');
    this.printOptions.push(options);
    const [success, reason] = this.behaviour.printOutcome;
    setTimeout(() => {
      callback(success, reason);
    }, 0);
  }

  /** The page (or a link in it) navigates: true when a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    let isPrevented = false;
    for (const listener of this.navigationListeners.get(event) ?? []) {
      listener({
        url,
        preventDefault: () => {
          isPrevented = true;
        },
      });
    }
    return isPrevented;
  }

  /** The page requests `url`: true when the session's filter cancelled it. */
  request(url: string): boolean {
    let isCancelled: boolean | undefined;
    this.requestListener?.({ url }, ({ cancel }) => {
      isCancelled = cancel;
    });
    if (isCancelled === undefined) throw new Error('no request filter answered');
    return isCancelled;
  }
}

export class FakePrintWindow implements PrintWindow {
  readonly webContents: FakePrintWebContents;
  readonly loadedUrls: string[] = [];
  private isGone = false;

  constructor(
    readonly options: BrowserWindowConstructorOptions,
    private readonly behaviour: FakePrintBehaviour,
  ) {
    this.webContents = new FakePrintWebContents(behaviour);
  }

  loadURL(url: string): Promise<void> {
    this.webContents.calls.push('loadURL');
    this.loadedUrls.push(url);
    return this.behaviour.load(url);
  }

  isDestroyed(): boolean {
    return this.isGone;
  }

  destroy(): void {
    if (this.isGone) throw new Error('Object has been destroyed');
    this.webContents.calls.push('destroy');
    this.isGone = true;
  }
}

/** The fakes of one test: change `behaviour` before printing to play another scenario. */
export function createFakePrintElectron(saveAs: string | undefined) {
  const behaviour: FakePrintBehaviour = {
    load: () => Promise.resolve(),
    printToPDF: () => Promise.resolve(fakePdfBytes),
    printOutcome: [true, ''],
    saveAs,
  };
  const windows: FakePrintWindow[] = [];
  const dialogs: SaveDialogOptions[] = [];
  return {
    behaviour,
    windows,
    dialogs,
    createWindow: (options: BrowserWindowConstructorOptions) => {
      const window = new FakePrintWindow(options, behaviour);
      windows.push(window);
      return window;
    },
    showSaveDialog: (options: SaveDialogOptions) => {
      dialogs.push(options);
      const { saveAs: filePath } = behaviour;
      return Promise.resolve(filePath === undefined ? { canceled: true, filePath: '' } : { canceled: false, filePath });
    },
  };
}
