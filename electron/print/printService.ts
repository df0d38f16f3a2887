/**
 * `print:pdf` in the main process: a document's HTML, rendered by Chromium in a hidden window of
 * its own, saved as an A4 PDF where the user chooses, or sent to the system's print dialog.
 * Counterpart: `renderer/print/printDocument.ts` builds the HTML; the page is `shared/print/pdfOptions.ts`.
 *
 * The HTML comes from the renderer, so it is treated as untrusted content: the window is hidden,
 * sandboxed, without Node or preload, in an in-memory session of its own whose every request is
 * refused but the document's own URL (fonts and images are data URLs inside it), with navigation,
 * new windows and permissions refused. JavaScript stays on only so that the main process can wait
 * for `document.fonts.ready` (`executeJavaScript` does not run with it off); the document's own
 * Content-Security-Policy forbids its scripts. Steps: 1. the document as a `data:` URL, or, when
 * too long for one, served from memory under `masar-print:` (`createInMemoryDocuments`: nothing of
 * it is written to disk); 2. load, then wait for the fonts; 3. `printToPDF`, then the save dialog
 * and the write, or `print()`; 4. always: destroy the window, forget the document.
 */
import type {
  BrowserWindowConstructorOptions,
  PrintToPDFOptions,
  SaveDialogOptions,
  WebContentsPrintOptions,
} from 'electron';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { HostParsedRequest, HostResponse } from '../../shared/host/contract';
import { toElectronPdfOptions, toElectronPrintOptions } from '../../shared/print/pdfOptions';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Logger } from '../logger';
import type { PermissionSession } from '../security/guards';
import { denyAllPermissions } from '../security/guards';
import { untrustedPageWebPreferences } from '../security/untrustedPage';

/**
 * Chromium refuses to load a URL longer than 2 MiB (`ERR_INVALID_URL`); below this a document
 * (fonts included, about 0.3 MB) loads as a data URL, above it from memory (`masar-print:`).
 */
export const maxDataUrlLength = 2 * 1024 * 1024 - 1024;

/** Loading, waiting for the fonts and rendering the PDF; a print dialog waits for the user instead. */
export const defaultPrintTimeoutMs = 60_000;

/**
 * Run in the loaded document: lay it out first (fonts start loading only once text needs them; a
 * hidden window may not have laid anything out yet), then wait until every font is loaded.
 */
const waitForFonts = 'document.documentElement.getBoundingClientRect(), document.fonts.ready.then(() => true)';

/** The scheme the print partition serves long documents under, from memory. */
export const printScheme = 'masar-print';

/**
 * The documents too long for a data URL, held in memory while they print and served to the print
 * window's session by a protocol handler (`ses.protocol.handle(printScheme, …)` in main.ts): a
 * signature-heavy PV holds names and CINs, and a temporary file would leave them on disk (until
 * issue 15, documents were written to the temporary folder). Each URL is random and answers only
 * until it is released.
 */
export type InMemoryDocuments = {
  /** Holds `html` and returns its URL. */
  serve(html: string): string;
  release(url: string): void;
  /** The protocol handler's answer for `url`: the document, or 404 once released. */
  respond(url: string): Response;
};

export function createInMemoryDocuments(): InMemoryDocuments {
  const held = new Map<string, string>();
  return {
    serve(html) {
      const url = `${printScheme}://document/${randomUUID()}`;
      held.set(url, html);
      return url;
    },
    release(url) {
      held.delete(url);
    },
    respond(url) {
      const html = held.get(url);
      if (html === undefined) return new Response('Not found', { status: 404 });
      return new Response(html, {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      });
    },
  };
}

/** The prefix of the temporary folders older versions wrote long documents to. */
export const printFolderPrefix = 'masar-print-';

/**
 * Deletes the temporary print folders an older version left in `temporaryRoot` (it wrote long
 * documents there, and one that crashed while printing left names and CINs in plain text). Called
 * at start, once the single-instance lock is held. Never throws: a failure is logged, by folder
 * name only.
 */
export async function removePrintLeftovers(
  temporaryRoot: string,
  files: { list(folder: string): Promise<string[]>; removeFolder(folder: string): Promise<void> },
  log: Logger,
): Promise<void> {
  let names: string[];
  try {
    names = await files.list(temporaryRoot);
  } catch (error) {
    log.error('[print] could not list the temporary folder to remove old print documents', error);
    return;
  }
  for (const name of names.filter((entry) => entry.startsWith(printFolderPrefix))) {
    await files.removeFolder(path.join(temporaryRoot, name)).catch((error: unknown) => {
      log.error(`[print] could not delete the old print document folder ${name}`, error);
    });
  }
}

/** In memory (no `persist:`): nothing of a printed document stays on disk, and the app's session is untouched. */
export const printPartition = 'masar-print';

type NavigationListener = (event: { readonly url: string; preventDefault(): void }) => void;

/** What the service uses of Electron's `Session`. */
export type PrintSession = PermissionSession & {
  readonly webRequest: {
    onBeforeRequest(
      listener: (details: { readonly url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
};

/** What the service uses of Electron's `WebContents`. */
export type PrintWebContents = {
  readonly session: PrintSession;
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: NavigationListener): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
  executeJavaScript(code: string): Promise<unknown>;
  printToPDF(options: PrintToPDFOptions): Promise<Uint8Array>;
  print(options: WebContentsPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
};

/** What the service uses of Electron's `BrowserWindow`. */
export type PrintWindow = {
  readonly webContents: PrintWebContents;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  destroy(): void;
};

export type PrintServiceDeps = {
  /** `new BrowserWindow(options)`. */
  createWindow: (options: BrowserWindowConstructorOptions) => PrintWindow;
  /** `dialog.showSaveDialog`, attached to the app window when there is one. */
  showSaveDialog: (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;
  /** Where the save dialog opens, e.g. `app.getPath('documents')`. */
  documentsFolder: () => string;
  files: {
    writeFile(filePath: string, data: Uint8Array): Promise<void>;
  };
  /** Where documents too long for a data URL are held while they print. */
  documents: InMemoryDocuments;
  log: Logger;
  timeoutMs?: number;
};

export type PrintService = (request: HostParsedRequest<'print:pdf'>) => Promise<Result<HostResponse<'print:pdf'>>>;

export const printWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  // A4 at 96 dpi: the layout the screen would give; printing lays the page out again for paper.
  width: 794,
  height: 1123,
  webPreferences: {
    ...untrustedPageWebPreferences,
    partition: printPartition,
    devTools: false,
    // A hidden window must still finish loading its fonts promptly.
    backgroundThrottling: false,
  },
};

/** The scheme only: a URL can carry personal data (a data URL is the whole document). */
function schemeOf(url: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(no scheme)';
}

class PrintTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, step: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new PrintTimeout(`${step} took more than ${timeoutMs} ms`));
    }, timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
  });
}

/** The chosen path, with `.pdf` added when the user typed a name without it (Linux dialogs do not). */
function withPdfExtension(filePath: string): string {
  return /\.pdf$/i.test(filePath) ? filePath : `${filePath}.pdf`;
}

export function createPrintService(deps: PrintServiceDeps): PrintService {
  const { log } = deps;
  const timeoutMs = deps.timeoutMs ?? defaultPrintTimeoutMs;
  /** Documents served from memory, by URL: the only non-data URLs a print window may request. */
  const allowedDocumentUrls = new Set<string>();

  const lockDown = (contents: PrintWebContents) => {
    // One listener per session: print windows share theirs, so it reads the set of the moment.
    contents.session.webRequest.onBeforeRequest((details, callback) => {
      const isAllowed = details.url.startsWith('data:') || allowedDocumentUrls.has(details.url);
      if (!isAllowed) log.warn(`[print] request blocked: ${schemeOf(details.url)}`);
      callback({ cancel: !isAllowed });
    });
    denyAllPermissions(contents.session, log);
    const refuse = (kind: string) => (event: { readonly url: string; preventDefault(): void }) => {
      event.preventDefault();
      log.warn(`[print] ${kind} blocked: ${schemeOf(event.url)}`);
    };
    contents.on('will-navigate', refuse('navigation'));
    contents.on('will-frame-navigate', refuse('frame navigation'));
    contents.on('will-redirect', refuse('redirect'));
    contents.setWindowOpenHandler(({ url }) => {
      log.warn(`[print] window.open blocked: ${schemeOf(url)}`);
      return { action: 'deny' };
    });
  };

  const printOnPaper = (contents: PrintWebContents) =>
    new Promise<Result<HostResponse<'print:pdf'>>>((resolve) => {
      contents.print(toElectronPrintOptions(), (success, failureReason) => {
        if (success) resolve(ok({ outcome: 'printed' }));
        else if (failureReason === 'cancelled') resolve(ok({ outcome: 'cancelled' }));
        else {
          log.error(`[print] the printer failed: ${failureReason}`);
          resolve(err('print-failed', `Printing failed: ${failureReason}`));
        }
      });
    });

  const saveAsPdf = async (pdf: Uint8Array, fileName: string): Promise<Result<HostResponse<'print:pdf'>>> => {
    const choice = await deps.showSaveDialog({
      defaultPath: path.join(deps.documentsFolder(), fileName),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || choice.filePath === undefined || choice.filePath === '') {
      return ok({ outcome: 'cancelled' });
    }
    const target = withPdfExtension(choice.filePath);
    try {
      await deps.files.writeFile(target, pdf);
    } catch (error) {
      log.error('[print] could not write the PDF', error);
      return err('save-failed', `Could not write the PDF: ${error instanceof Error ? error.message : String(error)}`);
    }
    return ok({ outcome: 'saved', path: target });
  };

  return async ({ html, fileName, action }) => {
    let window: PrintWindow | undefined;
    let documentUrl: string | undefined;
    const destroyWindow = () => {
      if (window !== undefined && !window.isDestroyed()) window.destroy();
    };
    try {
      // 1. The document's URL.
      let url = `data:text/html;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
      if (url.length > maxDataUrlLength) {
        documentUrl = deps.documents.serve(html);
        allowedDocumentUrls.add(documentUrl);
        url = documentUrl;
      }

      // 2. Load, then wait for the fonts: a PDF rendered before they are ready embeds a fallback.
      window = deps.createWindow(printWindowOptions);
      const contents = window.webContents;
      lockDown(contents);
      await withTimeout(window.loadURL(url), timeoutMs, 'loading the document');
      await withTimeout(contents.executeJavaScript(waitForFonts), timeoutMs, 'waiting for the fonts');

      // 3. Paper, or a PDF.
      if (action === 'print') return await printOnPaper(contents);
      const pdf = await withTimeout(contents.printToPDF(toElectronPdfOptions()), timeoutMs, 'printToPDF');
      // The save dialog may stay open a long time: the window is not needed any more.
      destroyWindow();
      return await saveAsPdf(pdf, fileName);
    } catch (error) {
      log.error('[print] the document could not be printed', error);
      const reason = error instanceof Error ? error.message : String(error);
      return err('print-failed', `The document could not be printed: ${reason}`);
    } finally {
      // 4. Always.
      destroyWindow();
      if (documentUrl !== undefined) {
        allowedDocumentUrls.delete(documentUrl);
        deps.documents.release(documentUrl);
      }
    }
  };
}
