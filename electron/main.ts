/**
 * Entry point of the main process, and the only main-process file that imports Electron at runtime:
 * everything else receives Electron's modules from here (see `startMain`).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { createPrintService, printFolderPrefix, removePrintLeftovers } from './print/printService';
import { startMain } from './startMain';

const print = createPrintService({
  createWindow: (options) => new BrowserWindow(options),
  showSaveDialog: (options) => {
    const parent = BrowserWindow.getFocusedWindow();
    return parent === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(parent, options);
  },
  documentsFolder: () => app.getPath('documents'),
  files: {
    writeFile: (filePath, data) => writeFile(filePath, data),
    makeTemporaryFolder: () => mkdtemp(path.join(app.getPath('temp'), printFolderPrefix)),
    removeFolder: (folder) => rm(folder, { recursive: true, force: true }),
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
