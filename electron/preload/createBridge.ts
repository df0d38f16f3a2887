/**
 * The object the preload exposes as `window.masar`: one function per host channel, each a single
 * `invoke` on the channel's prefixed IPC name. Imports only the channel names: the sandboxed
 * preload stays tiny (no zod) and validation happens in the main process, which does not trust it.
 */
import type { HostChannel } from '../../shared/host/channelNames';
import { hostChannelNames, toIpcChannel } from '../../shared/host/channelNames';
import type { HostBridge } from '../../shared/host/hostApi';

export type Invoke = (ipcChannel: string, request: unknown) => Promise<unknown>;

export function createBridge(invoke: Invoke): HostBridge {
  const entries = hostChannelNames.map(
    (channel: HostChannel) => [channel, (request: unknown) => invoke(toIpcChannel(channel), request)] as const,
  );
  return Object.freeze(Object.fromEntries(entries) as HostBridge);
}
