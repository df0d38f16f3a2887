/**
 * The preload of Masar's window: runs sandboxed, exposes `window.masar` (see `createBridge`) and
 * nothing else; `ipcRenderer` itself never reaches the page. Bundled into one CommonJS file,
 * since a sandboxed preload can only `require` Electron's own modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './preload/createBridge';

contextBridge.exposeInMainWorld(
  'masar',
  createBridge((ipcChannel, request) => ipcRenderer.invoke(ipcChannel, request)),
);
