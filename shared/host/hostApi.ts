import type { HostChannel } from './channelNames';
import type { HostRequest, HostResponse } from './contract';
import type { Result } from '../result';

/**
 * What the renderer sees of its host: one async function per channel, each resolving to a
 * result envelope. `ElectronHost` and `WebHost` implement it; the preload exposes the raw bridge.
 */
export type HostApi = {
  [C in HostChannel]: (request: HostRequest<C>) => Promise<Result<HostResponse<C>>>;
};

/** The object the preload exposes as `window.masar`: same shape, but untyped results cross it. */
export type HostBridge = {
  [C in HostChannel]: (request: unknown) => Promise<unknown>;
};
