/**
 * The HTTP transport of the server API calls (`shared/api/apiClient.ts`) in the main process,
 * over Electron's `net.fetch`. These requests carry the session and device tokens and answer
 * personal data, so each one: gives up after a timeout (`server-unreachable`, never a hung
 * sign-in); refuses redirects (a redirect would carry the device header to wherever it points);
 * sends and stores no cookies (Electron's cookie jar is on disk); and bypasses the HTTP cache
 * (also on disk), whatever the server's headers say.
 */
import type { HttpFetch } from '../../shared/api/apiClient';
import type { FetchLike } from './checkServerHealth';

export const defaultApiTimeoutMs = 15_000;

export function createApiFetch(fetch: FetchLike, timeoutMs: number): HttpFetch {
  return (url, { method, headers, body }) =>
    fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
}
