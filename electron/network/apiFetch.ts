/**
 * The HTTP transport of the server API calls (`shared/api/apiClient.ts`) in the main process,
 * over Electron's `net.fetch`. These requests carry the session and device tokens and answer
 * personal data, so each one: gives up after a timeout (`server-unreachable`, never a hung
 * sign-in); refuses redirects (a redirect would carry the device header to wherever it points);
 * sends and stores no cookies (Electron's cookie jar is on disk); and bypasses the HTTP cache
 * (also on disk), whatever the server's headers say.
 *
 * Sync requests (`isCompressible`) are gzip-compressed here with node:zlib and sent with
 * `Content-Encoding: gzip`; `Accept-Encoding: gzip` lets the server compress its answers, which
 * fetch decompresses before `json()`. A call may ask for a longer deadline (`timeoutMs`).
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { HttpFetch } from '../../shared/api/apiClient';

export const defaultApiTimeoutMs = 15_000;

/** Electron's `net.fetch` in the app, Node's `fetch` in tests: the part of `RequestInit` Masar sets. */
export type FetchLike = (
  url: string,
  init: {
    signal: AbortSignal;
    headers: Record<string, string>;
    method?: string;
    body?: string;
    redirect?: 'error' | 'follow' | 'manual';
    credentials?: 'omit' | 'same-origin' | 'include';
    cache?: 'no-store' | 'default';
  },
) => Promise<Response>;

const gzipAsync = promisify(gzip);

export function createApiFetch(fetch: FetchLike, timeoutMs: number): HttpFetch {
  return async (url, { method, headers, body, timeoutMs: callTimeoutMs, isCompressible }) => {
    let sent: string | Uint8Array | undefined = body;
    let sentHeaders = headers;
    if (body !== undefined && isCompressible === true) {
      sent = new Uint8Array(await gzipAsync(Buffer.from(body, 'utf8')));
      sentHeaders = { ...headers, 'content-encoding': 'gzip', 'accept-encoding': 'gzip' };
    } else if (isCompressible !== undefined || callTimeoutMs !== undefined) {
      sentHeaders = { ...headers, 'accept-encoding': 'gzip' };
    }
    return fetch(url, {
      method,
      headers: sentHeaders,
      // `FetchLike` types the body as text, all Masar sent before; both implementations behind it
      // (Electron's net.fetch, Node's fetch) take bytes as well.
      ...(sent === undefined ? {} : { body: sent as string }),
      signal: AbortSignal.timeout(callTimeoutMs ?? timeoutMs),
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
  };
}
