import type { HostApi, HostBridge } from '../../shared/host/hostApi';
import { createElectronHost } from './electronHost';
import { createWebHost } from './webHost';

declare global {
  interface Window {
    /** Present only in the Electron host: the preload bridge. */
    masar?: HostBridge;
  }
}

/** Chooses the host the renderer runs in: the preload bridge if present, else the browser. */
export function createHost(): HostApi {
  if (window.masar) return createElectronHost(window.masar);
  return createWebHost({
    version: __APP_VERSION__,
    origin: window.location.origin,
    storage: window.localStorage,
    fetch: window.fetch.bind(window),
    // How administrators will recognise this browser in the list of PCs.
    deviceName: `Navigateur — ${navigator.platform || 'web'}`,
  });
}
