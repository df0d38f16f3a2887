import { callApi, callSignIn, type Credentials, type HttpFetch } from '../../shared/api/apiClient';
import type { ApiRouteName } from '../../shared/api/routes';
import {
  changePasswordAnswer,
  defaultAutoLockMinutes,
  autoLockMinutesSchema,
  hostContract,
  normaliseServerUrl,
  type HostParsedRequest,
  type HostResponse,
  type Settings,
} from '../../shared/host/contract';
import type { HostChannel } from '../../shared/host/channelNames';
import type { HostApi } from '../../shared/host/hostApi';
import { defaultLanguage, languageSchema } from '../../shared/i18n/language';
import { err, ok, type Result } from '../../shared/result';
import { z } from 'zod';
import { mayChangeServerAddress } from '../../shared/auth/authorization';
import type { Role } from '../../shared/auth/roles';
import { markAnswersParsedHere } from './parsedAnswers';
import { printHtmlInIframe } from './printInIframe';

/**
 * The browser host: the renderer served by the central server, talking to it with `fetch`.
 * Its counterpart is `server/src/app.ts`. Settings and this browser's device credentials live in
 * the browser's storage (a browser cannot hide a secret from its own pages the way the desktop
 * main process does: the browser host is for headquarters staff working online); the session
 * token stays in memory and dies with the tab.
 *
 * Credentials belong to the server that issued them. `masar.device` maps each normalised server URL
 * (`normaliseServerUrl`) to this browser's registration there:
 * `{"version":2,"servers":{"<url>":{"deviceId","token","isRevoked"}}}`; a device token is only sent
 * to its own server, with any other URL the browser is not registered (signing in registers it).
 * The revoked flag is the whole browser's: once a server revoked it, it is revoked whatever server
 * URL the settings name (no sign-in is sent anywhere). The first format, one `{deviceId, token, isRevoked}` without
 * a server, is migrated as it is read to the server URL of the settings at that moment (it is read
 * before a change of server URL is saved). A session is only used with the server that opened it.
 * When a server answers `device-unknown` to a sign-in, its credentials are forgotten and the
 * sign-in is sent once more without them, which registers the browser anew. When it answers
 * `device-pending` with new credentials (registered beyond the user's allowance, awaiting an
 * approval), they are kept: the browser an administrator approves is this one.
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
  /** Opens the browser's print dialog on a complete HTML document; a hidden iframe by default. */
  printHtml?: (html: string) => Promise<void>;
};

const storageKeys = {
  serverUrl: 'masar.serverUrl',
  language: 'masar.language',
  autoLock: 'masar.autoLockMinutes',
  device: 'masar.device',
} as const;

const storedDeviceSchema = z.object({ deviceId: z.uuid(), token: z.string().min(32), isRevoked: z.boolean() });
type StoredDevice = z.infer<typeof storedDeviceSchema>;
const storedDevicesSchema = z.object({ version: z.literal(2), servers: z.record(z.string(), storedDeviceSchema) });

/** Answers after which the session is no longer usable. */
const sessionEndingCodes = new Set(['unauthenticated', 'user-disabled', 'device-revoked', 'device-unknown']);

/** The server session, with the server that opened it, and the role of the user who opened it. */
type WebSession = { token: string; serverUrl: string; role: Role };

export function createWebHost(options: WebHostOptions): HostApi {
  let session: WebSession | undefined;

  const readSettings = (): Settings => {
    const language = languageSchema.safeParse(options.storage.getItem(storageKeys.language));
    const autoLock = autoLockMinutesSchema.safeParse(Number(options.storage.getItem(storageKeys.autoLock)));
    return {
      serverUrl: options.storage.getItem(storageKeys.serverUrl) ?? options.origin,
      language: language.success ? language.data : defaultLanguage,
      autoLockMinutes: autoLock.success ? autoLock.data : defaultAutoLockMinutes,
    };
  };
  /** Normalised server URL → this browser's registration there. */
  const writeDevices = (devices: ReadonlyMap<string, StoredDevice>) => {
    options.storage.setItem(storageKeys.device, JSON.stringify({ version: 2, servers: Object.fromEntries(devices) }));
  };
  const readDevices = (): Map<string, StoredDevice> => {
    const raw = options.storage.getItem(storageKeys.device);
    if (raw === null) return new Map();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return new Map();
    }
    const parsed = storedDevicesSchema.safeParse(json);
    if (parsed.success) {
      return new Map(Object.entries(parsed.data.servers).map(([url, device]) => [normaliseServerUrl(url), device]));
    }
    const legacy = storedDeviceSchema.safeParse(json);
    if (!legacy.success) return new Map();
    // The first format: the registration of the server the settings name now, the only one it can be.
    const migrated = new Map([[normaliseServerUrl(readSettings().serverUrl), legacy.data]]);
    writeDevices(migrated);
    return migrated;
  };
  const deviceFor = (serverUrl: string): StoredDevice | undefined => readDevices().get(normaliseServerUrl(serverUrl));
  /** One revoked flag for the whole browser, whatever server the settings name now. */
  const isRevoked = (): boolean => [...readDevices().values()].some((device) => device.isRevoked);
  const setDevice = (serverUrl: string, device: StoredDevice | undefined) => {
    const devices = readDevices();
    if (device === undefined) devices.delete(normaliseServerUrl(serverUrl));
    else devices.set(normaliseServerUrl(serverUrl), device);
    writeDevices(devices);
  };

  // Sync bodies are gzipped with CompressionStream where the browser has it (it decides the
  // answers' Accept-Encoding itself and decompresses them before `json()`).
  const httpFetch: HttpFetch = async (url, { timeoutMs, isCompressible, body, headers, method }) => {
    const compressed = isCompressible === true && body !== undefined ? await gzipText(body) : undefined;
    return options.fetch(url, {
      method,
      headers: compressed === undefined ? headers : { ...headers, 'content-encoding': 'gzip' },
      ...(body === undefined ? {} : { body: compressed ?? body }),
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs ?? options.apiTimeoutMs ?? 15_000),
    });
  };

  /** One call to `serverUrl` with this browser's credentials; forgets what the answer invalidates. */
  const call = async <N extends ApiRouteName>(
    serverUrl: string,
    route: N,
    input: { id?: string; body?: unknown },
    credentials: Credentials,
  ) => {
    const result = await callApi(httpFetch, serverUrl, route, input, credentials);
    if (!result.ok && sessionEndingCodes.has(result.error.code)) session = undefined;
    if (!result.ok && result.error.code === 'device-revoked') {
      const device = deviceFor(serverUrl);
      if (device) setDevice(serverUrl, { ...device, isRevoked: true });
    }
    return result;
  };

  /** The open session if it belongs to the server the settings name now; else it is forgotten. */
  const currentSession = (): WebSession | undefined => {
    if (session && normaliseServerUrl(session.serverUrl) !== normaliseServerUrl(readSettings().serverUrl)) {
      session = undefined;
    }
    return session;
  };

  /** A call with the open session, to the server that opened it, with that server's device token. */
  const callWithSession = async <N extends ApiRouteName>(route: N, input: { id?: string; body?: unknown }) => {
    const open = currentSession();
    if (open === undefined) return err('no-session', 'No server session');
    return call(open.serverUrl, route, input, {
      sessionToken: open.token,
      deviceToken: deviceFor(open.serverUrl)?.token,
    });
  };

  const handlers: { [C in HostChannel]: (request: HostParsedRequest<C>) => Promise<Result<HostResponse<C>>> } = {
    'app:info': () =>
      Promise.resolve(ok({ name: 'Masar' as const, version: options.version, hostKind: 'web' as const })),
    'settings:get': () => Promise.resolve(ok(readSettings())),
    'settings:setServerUrl': ({ serverUrl }) => {
      // Credentials of the first format belong to the server URL of now: migrate them before it changes.
      const devices = readDevices();
      // As on the desktop: a browser registered with a server changes server only by an
      // administrator signed in online (docs/security.md, "A PC's life").
      if (serverUrl !== readSettings().serverUrl && !mayChangeServerAddress(devices.size > 0, session?.role))
        return Promise.resolve(err('forbidden', 'settings.serverUrlNeedsAdministrator'));
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
    // The first run: no credential goes with these, the server needs none (shared/auth/setup.ts).
    'setup:status': () => callApi(httpFetch, readSettings().serverUrl, 'setupStatus', {}, {}),
    'setup:createFirstAdministrator': (body) =>
      callApi(httpFetch, readSettings().serverUrl, 'setupFirstAdministrator', { body }, {}),
    'setup:loadDemo': () => callApi(httpFetch, readSettings().serverUrl, 'setupDemo', {}, {}),
    'device:status': () => {
      const device = deviceFor(readSettings().serverUrl);
      return Promise.resolve(ok({ deviceId: device?.deviceId ?? null, isRevoked: isRevoked() }));
    },
    'auth:signIn': async ({ username, password }) => {
      session = undefined;
      if (isRevoked()) return err('device-revoked', 'This PC has been revoked by an administrator.');
      // Read once: the whole sign-in talks to this server.
      const { serverUrl } = readSettings();
      const signIn = async (deviceToken: string | undefined) => {
        const body =
          deviceToken === undefined
            ? { username, password, deviceName: options.deviceName ?? 'Navigateur' }
            : { username, password };
        const answer = await callSignIn(httpFetch, serverUrl, body, { deviceToken });
        if (answer.pendingDevice !== undefined) {
          // Registered, awaiting an approval: keep its credentials, to be the browser approved.
          setDevice(serverUrl, {
            deviceId: answer.pendingDevice.id,
            token: answer.pendingDevice.token,
            isRevoked: false,
          });
        }
        if (!answer.result.ok && answer.result.error.code === 'device-revoked') {
          const device = deviceFor(serverUrl);
          if (device) setDevice(serverUrl, { ...device, isRevoked: true });
        }
        return answer.result;
      };
      const storedToken = deviceFor(serverUrl)?.token;
      let result = await signIn(storedToken);
      if (!result.ok && result.error.code === 'device-unknown' && storedToken !== undefined) {
        // The server does not know this browser (its database was rebuilt): register anew, once.
        setDevice(serverUrl, undefined);
        result = await signIn(undefined);
      }
      if (!result.ok) return result;
      const { newDevice, sessionToken: token, user, deviceId, serverTime } = result.value;
      if (newDevice) setDevice(serverUrl, { deviceId: newDevice.id, token: newDevice.token, isRevoked: false });
      session = { token, serverUrl, role: user.role };
      const { centres, dataKeySecret } = result.value;
      return ok({ user, deviceId, serverTime, centres, ...(dataKeySecret === undefined ? {} : { dataKeySecret }) });
    },
    'auth:signOut': async () => {
      const open = session;
      session = undefined;
      if (open === undefined) return ok({ isServerSessionEnded: false });
      // With the server that opened the session, even if the settings name another one now.
      const result = await call(
        open.serverUrl,
        'signOut',
        {},
        { sessionToken: open.token, deviceToken: deviceFor(open.serverUrl)?.token },
      );
      return ok({ isServerSessionEnded: result.ok });
    },
    'auth:changePassword': async (body) => {
      const result = await callWithSession('changePassword', { body });
      return result.ok ? ok(changePasswordAnswer(result.value)) : result;
    },
    'api:call': async ({ route, id, body }) => {
      const result = await callWithSession(route, { id, body });
      return result.ok ? ok({ data: result.value }) : result;
    },
    // A browser has no OS protection to offer a page (no DPAPI, no keychain): the text as it is.
    // The browser host is for headquarters staff working online (docs/security.md).
    'keys:protect': ({ text }) => Promise.resolve(ok({ sealed: text })),
    'keys:unprotect': ({ sealed }) => Promise.resolve(ok({ text: sealed })),
    // Both actions open the browser's print dialog, which has "Save as PDF" among its printers.
    'print:pdf': async ({ html }) => {
      try {
        await (options.printHtml ?? printHtmlInIframe)(html);
      } catch (error) {
        return err('print-failed', `The browser could not print: ${String(error)}`);
      }
      return ok({ outcome: 'printed' as const });
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
  // `api:call` answers come out of `callApi`, parsed with the route's schema (parsedAnswers.ts).
  return markAnswersParsedHere(
    Object.fromEntries(
      (Object.keys(handlers) as HostChannel[]).map((channel) => [
        channel,
        (request: unknown) => dispatch(channel, request),
      ]),
    ) as HostApi,
  );
}

/** gzip of a text body; undefined where the browser has no `CompressionStream` (sent as it is). */
export async function gzipText(text: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (typeof CompressionStream === 'undefined') return undefined;
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
