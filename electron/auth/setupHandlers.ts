/**
 * The first-run channels (`setup:*`, shared/auth/setup.ts) in the main process: they ask the server
 * the settings name now, with no credential at all — these routes need none, and no device or
 * session token has any business going with them. Whether the request comes from the server's own
 * machine is the server's decision, from this process's connection: the desktop app on the server's
 * PC (server URL on the loopback) is offered the way in, a PC elsewhere is not.
 */
import type { ApiCall } from '../../shared/api/apiClient';
import { callApi } from '../../shared/api/apiClient';
import type { ApiResponse, ApiRouteName } from '../../shared/api/routes';
import type { Result } from '../../shared/result';
import type { HostHandler } from '../ipc/registerHandler';
import { createApiFetch, defaultApiTimeoutMs, type FetchLike } from '../network/apiFetch';
import type { SettingsStore } from '../settings/settingsStore';

export type SetupChannel = 'setup:status' | 'setup:createFirstAdministrator' | 'setup:loadDemo';
export type SetupHandlers = { [C in SetupChannel]: HostHandler<C> };

export type SetupServices = { settings: SettingsStore; fetch: FetchLike; apiTimeoutMs?: number };

export function createSetupHandlers(services: SetupServices): SetupHandlers {
  const apiFetch = createApiFetch(services.fetch, services.apiTimeoutMs ?? defaultApiTimeoutMs);
  const callServer = async <N extends ApiRouteName>(name: N, call: ApiCall): Promise<Result<ApiResponse<N>>> =>
    callApi(apiFetch, (await services.settings.read()).serverUrl, name, call, {});
  return {
    'setup:status': () => callServer('setupStatus', {}),
    'setup:createFirstAdministrator': (body) => callServer('setupFirstAdministrator', { body }),
    'setup:loadDemo': () => callServer('setupDemo', {}),
  };
}
