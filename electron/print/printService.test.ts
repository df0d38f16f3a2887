import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostParsedRequest } from '../../shared/host/contract';
import { toElectronPdfOptions, toElectronPrintOptions } from '../../shared/print/pdfOptions';
import type { Logger } from '../logger';
import { createFakePrintElectron, fakePdfBytes, type FakePrintWindow } from '../testing/fakePrintWindow';
import {
  createInMemoryDocuments,
  createPrintService,
  maxDataUrlLength,
  printScheme,
  printFolderPrefix,
  printPartition,
  removePrintLeftovers,
  type PrintServiceDeps,
} from './printService';

let directory: string;
let documents: string;
let temporary: string;
let log: Logger;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'masar-print-'));
  documents = path.join(directory, 'Documents');
  temporary = path.join(directory, 'tmp');
  await mkdir(documents);
  await mkdir(temporary);
  log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const html =
  '<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>وصل</title><p>محمد بنعلي</p></html>';

/** The service over the fakes, with the real file system under this test's folder. */
function setUp(saveAs: string | undefined, options: Partial<PrintServiceDeps> = {}) {
  const electron = createFakePrintElectron(saveAs);
  const memory = createInMemoryDocuments();
  const print = createPrintService({
    createWindow: electron.createWindow,
    showSaveDialog: electron.showSaveDialog,
    documentsFolder: () => documents,
    files: {
      writeFile: (filePath, data) => writeFile(filePath, data),
    },
    documents: memory,
    log,
    ...options,
  });
  return { electron, print, memory };
}

const request = (overrides: Partial<HostParsedRequest<'print:pdf'>> = {}): HostParsedRequest<'print:pdf'> => ({
  html,
  fileName: 'Reçu de remise — 2026-03-14.pdf',
  action: 'save',
  ...overrides,
});

function onlyWindow(windows: FakePrintWindow[]): FakePrintWindow {
  expect(windows).toHaveLength(1);
  const [window] = windows;
  if (window === undefined) throw new Error('no print window');
  return window;
}

describe('print:pdf in the main process: save', () => {
  it('saves the PDF where the user chose, offered under the requested name, and closes the window', async () => {
    const chosen = path.join(documents, 'remise.pdf');
    const { electron, print } = setUp(chosen);

    expect(await print(request())).toEqual({ ok: true, value: { outcome: 'saved', path: chosen } });

    expect(await readFile(chosen)).toEqual(Buffer.from(fakePdfBytes));
    expect(electron.dialogs).toEqual([
      {
        defaultPath: path.join(documents, 'Reçu de remise — 2026-03-14.pdf'),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    ]);
    const window = onlyWindow(electron.windows);
    expect(window.isDestroyed()).toBe(true);
    // The fonts are waited for before rendering, and the window goes before the dialog opens.
    expect(window.webContents.calls).toEqual(['loadURL', 'executeJavaScript', 'printToPDF', 'destroy']);
    expect(window.webContents.executed[0]).toContain('document.fonts.ready');
    expect(window.webContents.pdfOptions).toEqual([toElectronPdfOptions()]);
  });

  it('prints A4 with the page margins of shared/print, and no Chromium header or footer', () => {
    expect(toElectronPdfOptions()).toEqual({
      pageSize: 'A4',
      landscape: false,
      printBackground: true,
      margins: { top: 15 / 25.4, bottom: 15 / 25.4, left: 15 / 25.4, right: 15 / 25.4 },
      displayHeaderFooter: false,
      preferCSSPageSize: false,
    });
  });

  it('adds .pdf to a name typed without it', async () => {
    const { print } = setUp(path.join(documents, 'remise'));
    expect(await print(request())).toEqual({
      ok: true,
      value: { outcome: 'saved', path: path.join(documents, 'remise.pdf') },
    });
    expect(await readdir(documents)).toEqual(['remise.pdf']);
  });

  it('writes nothing when the user cancels the dialog', async () => {
    const { electron, print } = setUp(undefined);
    expect(await print(request())).toEqual({ ok: true, value: { outcome: 'cancelled' } });
    expect(await readdir(documents)).toEqual([]);
    expect(onlyWindow(electron.windows).isDestroyed()).toBe(true);
  });

  it('answers save-failed when the chosen place cannot be written', async () => {
    const { electron, print } = setUp(path.join(documents, 'no such folder', 'remise.pdf'));
    expect(await print(request())).toMatchObject({ ok: false, error: { code: 'save-failed' } });
    expect(onlyWindow(electron.windows).isDestroyed()).toBe(true);
  });
});

describe('print:pdf in the main process: failures', () => {
  it('answers print-failed when printToPDF fails, asks nothing, and destroys the window', async () => {
    const { electron, print } = setUp(path.join(documents, 'remise.pdf'));
    electron.behaviour.printToPDF = () => Promise.reject(new Error('Printing failed'));

    const result = await print(request());

    expect(result).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    expect(!result.ok && result.error.message).toContain('Printing failed');
    expect(electron.dialogs).toEqual([]);
    expect(await readdir(documents)).toEqual([]);
    expect(onlyWindow(electron.windows).isDestroyed()).toBe(true);
    expect(log.error).toHaveBeenCalled();
  });

  it('answers print-failed when the document does not load, and destroys the window', async () => {
    const { electron, print } = setUp(path.join(documents, 'remise.pdf'));
    electron.behaviour.load = () => Promise.reject(new Error('ERR_INVALID_URL (-300)'));
    expect(await print(request())).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    const window = onlyWindow(electron.windows);
    expect(window.webContents.calls).toEqual(['loadURL', 'destroy']);
  });

  it('gives up on a document that never finishes loading', async () => {
    const { electron, print } = setUp(path.join(documents, 'remise.pdf'), { timeoutMs: 50 });
    electron.behaviour.load = () => new Promise<void>(() => undefined);
    const result = await print(request());
    expect(result).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    expect(!result.ok && result.error.message).toContain('loading the document took more than 50 ms');
    expect(onlyWindow(electron.windows).isDestroyed()).toBe(true);
  });
});

describe('print:pdf in the main process: the print window', () => {
  it('is hidden, sandboxed, without Node, in an in-memory session of its own', async () => {
    const { electron, print } = setUp(undefined);
    await print(request());
    const { options } = onlyWindow(electron.windows);
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      partition: printPartition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      devTools: false,
    });
    expect(options.webPreferences?.preload).toBeUndefined();
    expect(printPartition.startsWith('persist:')).toBe(false);
  });

  it('loads the document as a base64 data URL', async () => {
    const { electron, print } = setUp(undefined);
    await print(request());
    const [url = ''] = onlyWindow(electron.windows).loadedUrls;
    expect(url.startsWith('data:text/html;base64,')).toBe(true);
    expect(Buffer.from(url.slice('data:text/html;base64,'.length), 'base64').toString('utf8')).toBe(html);
  });

  it('refuses every request but data URLs, every navigation, new window and permission', async () => {
    const { electron, print } = setUp(undefined);
    const seen: Record<string, boolean> = {};
    electron.behaviour.load = () => {
      const contents = electron.windows[0]?.webContents;
      if (contents === undefined) throw new Error('no print window');
      for (const url of [
        'https://fonts.example.com/noto.woff2',
        'http://127.0.0.1:8787/api/health',
        'masar://app/index.html',
        'file:///etc/passwd',
        'data:font/woff2;base64,d09GMgAB',
      ]) {
        seen[`request ${url}`] = contents.request(url);
      }
      for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
        seen[event] = contents.navigate(event, 'https://example.org/');
      }
      seen['window.open'] = contents.windowOpenHandler?.({ url: 'https://example.org/' }).action === 'deny';
      contents.permissionRequestHandler?.(contents, 'media', (isGranted) => {
        seen['permission request granted'] = isGranted;
      });
      seen['permission check granted'] = contents.permissionCheckHandler?.(contents, 'clipboard-read') ?? true;
      return Promise.resolve();
    };

    await print(request());

    expect(seen).toEqual({
      'request https://fonts.example.com/noto.woff2': true,
      'request http://127.0.0.1:8787/api/health': true,
      'request masar://app/index.html': true,
      'request file:///etc/passwd': true,
      'request data:font/woff2;base64,d09GMgAB': false,
      'will-navigate': true,
      'will-frame-navigate': true,
      'will-redirect': true,
      'window.open': true,
      'permission request granted': false,
      'permission check granted': false,
    });
    // Logged by scheme only: a URL can carry personal data.
    expect(JSON.stringify(vi.mocked(log.warn).mock.calls)).not.toContain('passwd');
  });

  it('serves a document too long for a data URL from memory, allowed alone, forgotten after: nothing on disk', async () => {
    const { electron, print, memory } = setUp(path.join(directory, 'Documents', 'long.pdf'));
    // A signature-heavy document: more than 2 MiB once in base64.
    const long = `<!doctype html><p>${'ا'.repeat(maxDataUrlLength / 2)}</p>`;
    let duringLoad: { content: string; isAllowed: boolean; isOtherAllowed: boolean } | undefined;
    electron.behaviour.load = async (url) => {
      const contents = electron.windows[0]?.webContents;
      if (contents === undefined) throw new Error('no print window');
      duringLoad = {
        content: await memory.respond(url).text(),
        isAllowed: !contents.request(url),
        isOtherAllowed: !contents.request(`${printScheme}://document/another`),
      };
    };

    expect(await print(request({ html: long }))).toMatchObject({ ok: true, value: { outcome: 'saved' } });

    const [url = ''] = onlyWindow(electron.windows).loadedUrls;
    expect(url).toMatch(new RegExp(`^${printScheme}://document/[0-9a-f-]{36}$`));
    expect(duringLoad).toEqual({ content: long, isAllowed: true, isOtherAllowed: false });
    expect(memory.respond(url).status).toBe(404);
    expect(await readdir(temporary)).toEqual([]);
    expect(await readdir(directory)).toEqual(['Documents', 'tmp']);
  });

  it('forgets the document when printing fails too', async () => {
    const { electron, print, memory } = setUp(path.join(directory, 'Documents', 'long.pdf'));
    electron.behaviour.printToPDF = () => Promise.reject(new Error('Printing failed'));
    const long = `<!doctype html><p>${'x'.repeat(maxDataUrlLength)}</p>`;
    expect(await print(request({ html: long }))).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    const [url = ''] = onlyWindow(electron.windows).loadedUrls;
    expect(memory.respond(url).status).toBe(404);
  });
});

describe('print:pdf in the main process: print', () => {
  it('opens the system print dialog with the page options, then destroys the window', async () => {
    const { electron, print } = setUp(path.join(documents, 'remise.pdf'));
    expect(await print(request({ action: 'print' }))).toEqual({ ok: true, value: { outcome: 'printed' } });
    const window = onlyWindow(electron.windows);
    expect(window.webContents.calls).toEqual(['loadURL', 'executeJavaScript', 'print', 'destroy']);
    expect(window.webContents.printOptions).toEqual([toElectronPrintOptions()]);
    expect(toElectronPrintOptions()).toEqual({
      silent: false,
      pageSize: 'A4',
      landscape: false,
      printBackground: true,
    });
    expect(electron.dialogs).toEqual([]);
    expect(await readdir(documents)).toEqual([]);
  });

  it('tells a cancelled print dialog from a failed printer', async () => {
    const { electron, print } = setUp(undefined);
    electron.behaviour.printOutcome = [false, 'cancelled'];
    expect(await print(request({ action: 'print' }))).toEqual({ ok: true, value: { outcome: 'cancelled' } });
    electron.behaviour.printOutcome = [false, 'failed'];
    expect(await print(request({ action: 'print' }))).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    expect(electron.windows.map((window) => window.isDestroyed())).toEqual([true, true]);
  });
});

describe('print documents left behind by a crash', () => {
  const files = {
    list: (folder: string) => readdir(folder),
    removeFolder: (folder: string) => rm(folder, { recursive: true, force: true }),
  };

  it('are deleted at start, and nothing else in the temporary folder', async () => {
    const left = await mkdtemp(path.join(temporary, printFolderPrefix));
    await writeFile(path.join(left, 'document.html'), '<p>Bennani Rachida, BK 330021</p>');
    await mkdir(path.join(temporary, 'other-app'));
    await writeFile(path.join(temporary, 'masar-notes.txt'), 'not a print folder');

    await removePrintLeftovers(temporary, files, log);
    expect((await readdir(temporary)).sort()).toEqual(['masar-notes.txt', 'other-app']);
    expect(log.error).not.toHaveBeenCalled();
  });

  it('log by folder name only when they cannot be deleted, and never throw', async () => {
    await mkdtemp(path.join(temporary, printFolderPrefix));
    await removePrintLeftovers(
      temporary,
      { list: files.list, removeFolder: () => Promise.reject(new Error('EBUSY')) },
      log,
    );
    expect(log.error).toHaveBeenCalledOnce();
    await removePrintLeftovers(path.join(temporary, 'missing'), files, log);
    expect(log.error).toHaveBeenCalledTimes(2);
  });
});
