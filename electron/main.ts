/**
 * Entry point of the main process, and the only main-process file that imports Electron at runtime:
 * everything else receives Electron's modules from here (see `startMain`).
 */
import { app, BrowserWindow, ipcMain, Menu, net, protocol, safeStorage, session, shell } from 'electron';
import { hostname } from 'node:os';
import { startMain } from './startMain';

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
  log: console,
});
