import { callApi, type Credentials, type HttpFetch } from '../../shared/api/apiClient';
import type { ApiRouteName } from '../../shared/api/routes';
import {
  defaultAutoLockMinutes,
  autoLockMinutesSchema,
  hostContract,
  type HostParsedRequest,
  type HostResponse,
  type Settings,
} from '../../shared/host/contract';
import type { HostChannel } from '../../shared/host/channelNames';
import type { HostApi } from '../../shared/host/hostApi';
import { defaultLanguage, languageSchema } from '../../shared/i18n/language';
import { err, ok, type Result } from '../../shared/result';
import { z } from 'zod';

/**
 * The browser host: the renderer served by the central server, talking to it with `fetch`.
 * Its counterpart is `server/src/app.ts`. Settings and this browser's device credentials live in
 * the browser's storage (a browser cannot hide a secret from its own pages the way the desktop
 * main process does: the browser host is for headquarters staff working online); the session
 * token stays in memory and dies with the tab.
 */
export type WebHostOptions = {
  version: string;
  origin: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
  healthTimeoutMs?: number;
  apiTimeoutMs?: number;
  /** The name this browser registers under at its first sign-in. */
  deviceName?: string;
};

const storageKeys = {
  serverUrl: 'masar.serverUrl',
  language: 'masar.language',
  autoLock: 'masar.autoLockMinutes',
  device: 'masar.device',
} as const;

const storedDeviceSchema = z.object({ deviceId: z.uuid(), token: z.string().min(32), isRevoked: z.boolean() });
type StoredDevice = z.infer<typeof storedDeviceSchema>;

/** Answers after which the session is no longer usable. */
const sessionEndingCodes = new Set(['unauthenticated', 'user-disabled', 'device-revoked']);

export function createWebHost(options: WebHostOptions): HostApi {
  let sessionToken: string | undefined;

  const readSettings = (): Settings => {
    const language = languageSchema.safeParse(options.storage.getItem(storageKeys.language));
    const autoLock = autoLockMinutesSchema.safeParse(Number(options.storage.getItem(storageKeys.autoLock)));
    return {
      serverUrl: options.storage.getItem(storageKeys.serverUrl) ?? options.origin,
      language: language.success ? language.data : defaultLanguage,
      autoLockMinutes: autoLock.success ? autoLock.data : defaultAutoLockMinutes,
    };
  };
  const readDevice = (): StoredDevice | null => {
    const raw = options.storage.getItem(storageKeys.device);
    if (raw === null) return null;
    try {
      const parsed = storedDeviceSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  const writeDevice = (device: StoredDevice) => {
    options.storage.setItem(storageKeys.device, JSON.stringify(device));
  };

  const httpFetch: HttpFetch = (url, init) =>
    options.fetch(url, { ...init, cache: 'no-store', signal: AbortSignal.timeout(options.apiTimeoutMs ?? 15_000) });

  /** One server call with this browser's credentials; forgets what the answer invalidates. */
  const call = async <N extends ApiRouteName>(
    route: N,
    input: { id?: string; body?: unknown },
    credentials: Credentials,
  ) => {
    const result = await callApi(httpFetch, readSettings().serverUrl, route, input, credentials);
    if (!result.ok && sessionEndingCodes.has(result.error.code)) sessionToken = undefined;
    if (!result.ok && result.error.code === 'device-revoked') {
      const device = readDevice();
      if (device) writeDevice({ ...device, isRevoked: true });
    }
    return result;
  };

  const handlers: { [C in HostChannel]: (request: HostParsedRequest<C>) => Promise<Result<HostResponse<C>>> } = {
    'app:info': () =>
      Promise.resolve(ok({ name: 'Masar' as const, version: options.version, hostKind: 'web' as const })),
    'settings:get': () => Promise.resolve(ok(readSettings())),
    'settings:setServerUrl': ({ serverUrl }) => {
      options.storage.setItem(storageKeys.serverUrl, serverUrl);
      return Promise.resolve(ok(readSettings()));
    },
    'app:setLanguage': ({ language }) => {
      options.storage.setItem(storageKeys.language, language);
      return Promise.resolve(ok(readSettings()));
    },
    'settings:setAutoLock': ({ autoLockMinutes }) => {
      options.storage.setItem(storageKeys.autoLock, String(autoLockMinutes));
      return Promise.resolve(ok(readSettings()));
    },
    'server:health': () => {
      const healthFetch: HttpFetch = (url, init) =>
        options.fetch(url, {
          ...init,
          cache: 'no-store',
          signal: AbortSignal.timeout(options.healthTimeoutMs ?? 5000),
        });
      return callApi(healthFetch, readSettings().serverUrl, 'health', {}, {});
    },
    'device:status': () => {
      const device = readDevice();
      return Promise.resolve(ok({ deviceId: device?.deviceId ?? null, isRevoked: device?.isRevoked ?? false }));
    },
    'auth:signIn': async ({ username, password }) => {
      const device = readDevice();
      const body = device
        ? { username, password }
        : { username, password, deviceName: options.deviceName ?? 'Navigateur' };
      sessionToken = undefined;
      const result = await call('signIn', { body }, { deviceToken: device?.token });
      if (!result.ok) return result;
      const { newDevice, sessionToken: token, user, deviceId, serverTime } = result.value;
      if (newDevice) writeDevice({ deviceId: newDevice.id, token: newDevice.token, isRevoked: false });
      sessionToken = token;
      return ok({ user, deviceId, serverTime });
    },
    'auth:signOut': async () => {
      const token = sessionToken;
      sessionToken = undefined;
      if (token === undefined) return ok({ isServerSessionEnded: false });
      const result = await call('signOut', {}, { sessionToken: token, deviceToken: readDevice()?.token });
      return ok({ isServerSessionEnded: result.ok });
    },
    'auth:changePassword': async (body) => {
      if (sessionToken === undefined) return err('no-session', 'No server session');
      const result = await call('changePassword', { body }, { sessionToken, deviceToken: readDevice()?.token });
      return result.ok ? ok({ user: result.value.user }) : result;
    },
    'api:call': async ({ route, id, body }) => {
      if (sessionToken === undefined) return err('no-session', 'No server session');
      const result = await call(route, { id, body }, { sessionToken, deviceToken: readDevice()?.token });
      return result.ok ? ok({ data: result.value }) : result;
    },
  };

  const dispatch = async <C extends HostChannel>(channel: C, request: unknown): Promise<Result<HostResponse<C>>> => {
    const parsed = hostContract[channel].request.safeParse(request);
    if (!parsed.success) return err('invalid-request', `Invalid request on ${channel}`);
    try {
      return await handlers[channel](parsed.data as HostParsedRequest<C>);
    } catch (error) {
      return err('internal', `${channel} failed: ${String(error)}`);
    }
  };
  return Object.fromEntries(
    (Object.keys(handlers) as HostChannel[]).map((channel) => [
      channel,
      (request: unknown) => dispatch(channel, request),
    ]),
  ) as HostApi;
}
