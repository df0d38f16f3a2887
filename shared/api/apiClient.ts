import { apiErrorCodeSchema, authHeaders } from './errors';
import { apiErrorSchema, type ApiError } from './health';
import { apiRouteTable, routePath, type ApiResponse, type ApiRoute, type ApiRouteName } from './routes';
import { err, ok, type Result } from '../result';

/**
 * Calls the central server by route name, for both hosts (the Electron main process and the
 * browser): builds the path, sends the PC's credentials, and parses the answer with the route's
 * schema, so no unchecked server data reaches the screens. Failures are values:
 * `server-unreachable` (no answer, timeout), the server's own code (`invalid-credentials`,
 * `device-revoked`, …), `server-error` (5xx without a code) or `invalid-response`.
 */
export type HttpResponseLike = { ok: boolean; status: number; json(): Promise<unknown> };
export type HttpRequestInit = {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** A longer deadline than the host's default (sync requests over a slow link). */
  timeoutMs?: number;
  /**
   * The body is large enough to gain from gzip and the route accepts `Content-Encoding: gzip`: a
   * host that can compress does so (node:zlib in the main process, `CompressionStream` in the
   * browser) and sets the header; one that cannot sends it as it is.
   */
  isCompressible?: boolean;
};
export type HttpFetch = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

/** Routes whose requests may travel gzip-compressed, with a long deadline: the sync protocol's. */
const syncRoutes: ReadonlySet<ApiRouteName> = new Set(['syncPush', 'syncPull']);
/**
 * Other routes given the same long deadline: loading the demo centre writes some 20 000 rows through
 * the server's push (about 5 s on SQLite here, more on a slow disk); verifying the audit chain reads
 * and hashes every entry, and its export reads up to `maxAuditExportRows` of them.
 */
const slowRoutes: ReadonlySet<ApiRouteName> = new Set(['setupDemo', 'auditVerify', 'auditExport']);
/** Below this, gzip costs more than it saves (the server compresses its answers from the same size). */
export const minCompressedBytes = 1024;
/**
 * The deadline of one sync request: a 1 MB push at 256 kbit/s takes over 30 s before compression.
 * A timeout is retried by the engine; the server applies a push once whatever happens.
 */
export const syncTimeoutMs = 120_000;

export type Credentials = { sessionToken?: string | undefined; deviceToken?: string | undefined };

export type ApiCall = { id?: string | undefined; body?: unknown };

export async function callApi<N extends ApiRouteName>(
  fetch: HttpFetch,
  baseUrl: string,
  name: N,
  call: ApiCall,
  credentials: Credentials,
): Promise<Result<ApiResponse<N>>> {
  return (await exchange(fetch, baseUrl, name, call, credentials)).result;
}

/** A PC's credentials, as the server hands them out at its registration. */
export type DeviceCredentials = { id: string; token: string };

/**
 * A sign-in, for the hosts: its result, and — when the server registered the PC but it awaits
 * approval (`device-pending`) — the PC's new credentials, which the host keeps so that the PC an
 * administrator approves is this one. They are never part of the result, which may reach the
 * renderer.
 */
export async function callSignIn(
  fetch: HttpFetch,
  baseUrl: string,
  body: ApiCall['body'],
  credentials: Credentials,
): Promise<{ result: Result<ApiResponse<'signIn'>>; pendingDevice?: DeviceCredentials }> {
  const { result, errorBody } = await exchange(fetch, baseUrl, 'signIn', { body }, credentials);
  const pendingDevice = !result.ok && result.error.code === 'device-pending' ? errorBody?.error.newDevice : undefined;
  return pendingDevice === undefined ? { result } : { result, pendingDevice };
}

async function exchange<N extends ApiRouteName>(
  fetch: HttpFetch,
  baseUrl: string,
  name: N,
  call: ApiCall,
  credentials: Credentials,
): Promise<{ result: Result<ApiResponse<N>>; errorBody?: ApiError }> {
  const definition: ApiRoute = apiRouteTable[name];
  let path: string;
  try {
    path = routePath(name, call.id);
  } catch {
    return { result: err('invalid-request', `Route ${name} needs a valid id`) };
  }
  let body: string | undefined;
  if (definition.body !== null) {
    const parsed = definition.body.safeParse(call.body);
    if (!parsed.success) return { result: err('invalid-request', `Invalid body for ${name}`) };
    body = JSON.stringify(parsed.data);
  }

  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (credentials.sessionToken) headers[authHeaders.session] = `Bearer ${credentials.sessionToken}`;
  if (credentials.deviceToken) headers[authHeaders.device] = credentials.deviceToken;

  const isSync = syncRoutes.has(name);
  let response: HttpResponseLike;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: definition.method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(isSync || slowRoutes.has(name) ? { timeoutMs: syncTimeoutMs } : {}),
      ...(isSync && body !== undefined && body.length >= minCompressedBytes ? { isCompressible: true } : {}),
    });
  } catch (error) {
    return { result: err('server-unreachable', `No answer from ${baseUrl}: ${String(error)}`) };
  }

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return {
      result: err(response.ok ? 'invalid-response' : 'server-error', `Answer ${response.status} is not JSON`),
    };
  }
  if (!response.ok) {
    const apiError = apiErrorSchema.safeParse(json);
    const code = apiError.success ? apiErrorCodeSchema.safeParse(apiError.data.error.code) : null;
    if (apiError.success && code?.success) {
      return {
        result: err(code.data, apiError.data.error.message, apiError.data.error.retryAfterSeconds),
        errorBody: apiError.data,
      };
    }
    return { result: err('server-error', `Server answered ${response.status}`) };
  }
  const parsed = definition.response.safeParse(json);
  if (!parsed.success) return { result: err('invalid-response', `Answer of ${name} does not match its schema`) };
  return { result: ok(parsed.data as ApiResponse<N>) };
}
