/**
 * The only code that touches `ipcMain`. Every host channel goes through `registerHandler`, which
 * enforces, in order: 1. the sender is the app's own main frame on `masar://app` (a compromised
 * subframe or a navigated page gets nothing); 2. the request matches the contract (the handler
 * never sees unparsed input); 3. the handler's answer matches the contract (nothing unexpected
 * leaks to the renderer); 4. exceptions become a generic `internal` error, never a stack.
 */
import type { z } from 'zod';
import type { HostChannel } from '../../shared/host/channelNames';
import { toIpcChannel } from '../../shared/host/channelNames';
import type { HostParsedRequest, HostResponse } from '../../shared/host/contract';
import { hostContract } from '../../shared/host/contract';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Logger } from '../logger';
import { isAppUrl } from '../protocol/appProtocol';

/** What the sender check reads of Electron's `WebFrameMain`. */
export type IpcFrame = {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly frameToken: string;
};

/** What `registerHandler` reads of Electron's `IpcMainInvokeEvent`. */
export type IpcInvokeEvent = {
  readonly sender: unknown;
  readonly senderFrame: IpcFrame | null;
};

/** What the sender check reads of the app window's `WebContents`. */
export type AppWebContents = { readonly mainFrame: Pick<IpcFrame, 'processId' | 'frameToken'> };

/** What `registerHandler` uses of Electron's `ipcMain`. */
export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
};

export type SenderCheck = (event: IpcInvokeEvent) => boolean;

export type HostHandler<C extends HostChannel> = (request: HostParsedRequest<C>) => Promise<Result<HostResponse<C>>>;

/**
 * Trusts a sender only when it is the app window's webContents, the frame is that webContents'
 * main frame (same process and frame token: a subframe, or a fenced frame whose parent also reads
 * null, is not), and the frame is on `masar://app`. `getAppWebContents` is read at each call: the
 * window may not exist yet, or may have been closed (reading a destroyed one throws: refused).
 */
export function createTrustedSenderCheck(getAppWebContents: () => AppWebContents | undefined): SenderCheck {
  return ({ sender, senderFrame }) => {
    try {
      const appWebContents = getAppWebContents();
      if (senderFrame === null || appWebContents === undefined || sender !== appWebContents) return false;
      const { mainFrame } = appWebContents;
      return (
        senderFrame.parent === null &&
        senderFrame.processId === mainFrame.processId &&
        senderFrame.frameToken === mainFrame.frameToken &&
        isAppUrl(senderFrame.url)
      );
    } catch {
      return false;
    }
  };
}

type ChannelSchemas<C extends HostChannel> = {
  request: z.ZodType<HostParsedRequest<C>>;
  response: z.ZodType<HostResponse<C>>;
};

// The contract is a map of distinct schema types; indexing it with a generic channel loses the
// link between a channel and its schemas, which this restores (the map's `satisfies` checks it).
function schemasOf<C extends HostChannel>(channel: C): ChannelSchemas<C> {
  return hostContract[channel] as unknown as ChannelSchemas<C>;
}

const genericInternalMessage = 'The desktop host could not complete this request.';

export function registerHandler<C extends HostChannel>(
  ipcMain: IpcMainLike,
  channel: C,
  handler: HostHandler<C>,
  isTrustedSender: SenderCheck,
  log: Logger = console,
): void {
  const schemas = schemasOf(channel);

  ipcMain.handle(toIpcChannel(channel), async (event, ...args): Promise<Result<HostResponse<C>>> => {
    try {
      if (!isTrustedSender(event)) {
        log.warn(`[ipc] ${channel}: refused a call from an untrusted sender`);
        return err('forbidden-sender', 'This frame may not call the desktop host.');
      }

      const request = schemas.request.safeParse(args[0]);
      if (!request.success) {
        log.warn(`[ipc] ${channel}: invalid request`);
        return err('invalid-request', request.error.issues.map((issue) => issue.message).join('; '));
      }

      const result = await handler(request.data);
      if (!result.ok) return result;

      const response = schemas.response.safeParse(result.value);
      if (!response.success) {
        log.error(`[ipc] ${channel}: the handler's answer does not match the contract`, response.error.issues);
        return err('internal', genericInternalMessage);
      }
      return ok(response.data);
    } catch (error) {
      log.error(`[ipc] ${channel}: handler failed`, error);
      return err('internal', genericInternalMessage);
    }
  });
}
