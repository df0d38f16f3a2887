/**
 * The names of the host bridge's channels, without their schemas, so the sandboxed preload
 * can generate its functions without bundling zod. `contract.ts` must declare exactly these.
 */
export const hostChannelNames = [
  'app:info',
  'app:setLanguage',
  'settings:get',
  'settings:setServerUrl',
  'settings:setAutoLock',
  'server:health',
  'setup:status',
  'setup:createFirstAdministrator',
  'setup:loadDemo',
  'device:status',
  'auth:signIn',
  'auth:signOut',
  'auth:changePassword',
  'api:call',
  'keys:protect',
  'keys:unprotect',
  'print:pdf',
] as const;
export type HostChannel = (typeof hostChannelNames)[number];

/** Every IPC channel of Masar carries this prefix; the main process ignores any other. */
export const ipcChannelPrefix = 'masar:';

export function toIpcChannel(channel: HostChannel): string {
  return `${ipcChannelPrefix}${channel}`;
}
