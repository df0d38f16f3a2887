/**
 * Entry point of the main process, and the only main-process file that imports Electron at runtime:
 * everything else receives Electron's modules from here (see `startMain`).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} from 'electron';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import {
  createInMemoryDocuments,
  createPrintService,
  printPartition,
  printScheme,
  removePrintLeftovers,
} from './print/printService';
import { startMain } from './startMain';

// Long print documents are served from memory to the print windows' session only; the handler is
// set at the first one (the app is ready by then).
const printDocuments = createInMemoryDocuments();
let isPrintSchemeHandled = false;
const print = createPrintService({
  createWindow: (options) => new BrowserWindow(options),
  showSaveDialog: (options) => {
    const parent = BrowserWindow.getFocusedWindow();
    return parent === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(parent, options);
  },
  documentsFolder: () => app.getPath('documents'),
  files: {
    writeFile: (filePath, data) => writeFile(filePath, data),
  },
  documents: {
    serve: (html) => {
      if (!isPrintSchemeHandled) {
        session
          .fromPartition(printPartition)
          .protocol.handle(printScheme, (request) => printDocuments.respond(request.url));
        isPrintSchemeHandled = true;
      }
      return printDocuments.serve(html);
    },
    release: (url) => {
      printDocuments.release(url);
    },
    respond: (url) => printDocuments.respond(url),
  },
  log: console,
});

void startMain({
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  shell,
  Menu,
  fetch: (url, init) => net.fetch(url, init),
  safeStorage,
  workArea: () => screen.getPrimaryDisplay().workAreaSize,
  hostname: () => hostname(),
  print,
  removePrintLeftovers: () =>
    removePrintLeftovers(
      app.getPath('temp'),
      { list: (folder) => readdir(folder), removeFolder: (folder) => rm(folder, { recursive: true, force: true }) },
      console,
    ),
  log: console,
});
