import { hostChannelNames, type HostChannel } from '../../shared/host/channelNames';
import { hostContract, type HostResponse } from '../../shared/host/contract';
import type { HostApi, HostBridge } from '../../shared/host/hostApi';
import { err, resultSchema, type Result } from '../../shared/result';

/**
 * The renderer's side of the Electron bridge. Its counterpart is `electron/ipc/` behind the
 * preload's `window.masar`. The main process validates requests; this side validates what comes
 * back, so a main-process bug cannot put malformed data into the screens.
 */
export function createElectronHost(bridge: HostBridge): HostApi {
  const call = async <C extends HostChannel>(channel: C, request: unknown): Promise<Result<HostResponse<C>>> => {
    let raw: unknown;
    try {
      raw = await bridge[channel](request);
    } catch (error) {
      return err('internal', `IPC call ${channel} failed: ${String(error)}`);
    }
    const parsed = resultSchema(hostContract[channel].response).safeParse(raw);
    if (!parsed.success) return err('invalid-response', `Malformed answer on ${channel}`);
    return parsed.data as Result<HostResponse<C>>;
  };
  return Object.fromEntries(
    hostChannelNames.map((channel) => [channel, (request: unknown) => call(channel, request)]),
  ) as HostApi;
}
