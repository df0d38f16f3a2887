/**
 * An in-process stand-in for Electron's IPC, for tests that drive the real handlers the way the
 * preload does (the host contract tests, for one). Calls go through `registerHandler`'s checks, and
 * requests and answers are structured-cloned as IPC would clone them. Not used by the app.
 */
import type { HostBridge } from '../../shared/host/hostApi';
import type { Logger } from '../logger';
import { createBridge } from '../preload/createBridge';
import { appEntryUrl } from '../protocol/appProtocol';
import type { HostHandlers, HostServices } from './hostHandlers';
import { registerIpcHandlers } from './hostHandlers';
import type { AppWebContents, IpcInvokeEvent, IpcMainLike } from './registerHandler';
import { createTrustedSenderCheck } from './registerHandler';

type Listener = (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>;

export type LoopbackIpc = {
  ipcMain: IpcMainLike;
  /** The IPC channels registered so far, in registration order (repeats included). */
  registrations: readonly string[];
  /** Calls a registered listener as `ipcRenderer.invoke` would, from the given sender. */
  invoke(event: IpcInvokeEvent, ipcChannel: string, ...args: unknown[]): Promise<unknown>;
};

export function createLoopbackIpc(): LoopbackIpc {
  const listeners = new Map<string, Listener>();
  const registrations: string[] = [];
  return {
    ipcMain: {
      handle(channel, listener) {
        registrations.push(channel);
        if (listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        listeners.set(channel, listener);
      },
    },
    registrations,
    async invoke(event, ipcChannel, ...args) {
      const listener = listeners.get(ipcChannel);
      if (listener === undefined) throw new Error(`No handler registered for '${ipcChannel}'`);
      return structuredClone(await listener(event, ...args.map((arg) => structuredClone(arg))));
    },
  };
}

const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export type LoopbackBridge = { bridge: HostBridge; handlers: HostHandlers; ipc: LoopbackIpc };

/**
 * The real IPC handlers behind a `window.masar`-shaped bridge, called from a fake sender that is
 * the app window's main frame on `masar://app/`.
 */
export function createLoopbackBridge(services: HostServices, options: { log?: Logger } = {}): LoopbackBridge {
  const ipc = createLoopbackIpc();
  const mainFrame = { url: appEntryUrl, parent: null, processId: 1, frameToken: 'loopback-main-frame' };
  const appWebContents: AppWebContents = { mainFrame };
  const trustedEvent: IpcInvokeEvent = { sender: appWebContents, senderFrame: mainFrame };
  const handlers = registerIpcHandlers(
    ipc.ipcMain,
    services,
    createTrustedSenderCheck(() => appWebContents),
    options.log ?? silentLog,
  );
  const bridge = createBridge((ipcChannel, request) => ipc.invoke(trustedEvent, ipcChannel, request));
  return { bridge, handlers, ipc };
}
