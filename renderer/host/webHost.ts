import { apiRoutes, healthSchema } from '../../shared/api/health';
import { hostContract, type HostParsedRequest, type HostResponse, type Settings } from '../../shared/host/contract';
import type { HostChannel } from '../../shared/host/channelNames';
import type { HostApi } from '../../shared/host/hostApi';
import { defaultLanguage, languageSchema } from '../../shared/i18n/language';
import { err, ok, type Result } from '../../shared/result';

/**
 * The browser host: the renderer served by the central server, talking to it with `fetch`.
 * Its counterpart is `server/src/app.ts`. Settings live in the browser's storage; the default
 * server is the origin that served the page.
 */
export type WebHostOptions = {
  version: string;
  origin: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
  healthTimeoutMs?: number;
};

const storageKeys = { serverUrl: 'masar.serverUrl', language: 'masar.language' } as const;

export function createWebHost(options: WebHostOptions): HostApi {
  const readSettings = (): Settings => {
    const language = languageSchema.safeParse(options.storage.getItem(storageKeys.language));
    return {
      serverUrl: options.storage.getItem(storageKeys.serverUrl) ?? options.origin,
      language: language.success ? language.data : defaultLanguage,
    };
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
    'server:health': () => fetchHealth(readSettings().serverUrl, options),
  };

  const call = async <C extends HostChannel>(channel: C, request: unknown): Promise<Result<HostResponse<C>>> => {
    const parsed = hostContract[channel].request.safeParse(request);
    if (!parsed.success) return err('invalid-request', `Invalid request on ${channel}`);
    try {
      return await handlers[channel](parsed.data as HostParsedRequest<C>);
    } catch (error) {
      return err('internal', `${channel} failed: ${String(error)}`);
    }
  };
  return Object.fromEntries(
    (Object.keys(handlers) as HostChannel[]).map((channel) => [channel, (request: unknown) => call(channel, request)]),
  ) as HostApi;
}

async function fetchHealth(serverUrl: string, options: WebHostOptions): Promise<Result<HostResponse<'server:health'>>> {
  let response: Response;
  try {
    response = await options.fetch(`${serverUrl}${apiRoutes.health}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(options.healthTimeoutMs ?? 5000),
      cache: 'no-store',
    });
  } catch (error) {
    return err('server-unreachable', `No answer from ${serverUrl}: ${String(error)}`);
  }
  if (!response.ok) return err('server-error', `Server answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return err('invalid-response', 'Server answer is not JSON');
  }
  const health = healthSchema.safeParse(body);
  return health.success ? ok(health.data) : err('invalid-response', 'Server answer does not match the health schema');
}
