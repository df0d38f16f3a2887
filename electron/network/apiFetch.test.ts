import { describe, expect, it, vi } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { createApiFetch, type FetchLike } from './apiFetch';

describe('createApiFetch', () => {
  it('sets a timeout, refuses redirects, and keeps cookies and the HTTP cache out of it', async () => {
    const fetch = vi.fn<FetchLike>(() => Promise.resolve(new Response('{}')));
    const apiFetch = createApiFetch(fetch, 1_000);
    await apiFetch('https://masar.example.ma/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(fetch).toHaveBeenCalledExactlyOnceWith('https://masar.example.ma/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      signal: expect.any(AbortSignal) as AbortSignal,
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
    });
  });

  it('sends no body key for a GET, and a fresh timeout for each call', async () => {
    const fetch = vi.fn<FetchLike>(() => Promise.resolve(new Response('{}')));
    const apiFetch = createApiFetch(fetch, 1_000);
    await apiFetch('https://masar.example.ma/api/centres', { method: 'GET', headers: {} });
    await apiFetch('https://masar.example.ma/api/centres', { method: 'GET', headers: {} });
    const [first, second] = fetch.mock.calls.map(([, init]) => init);
    expect(first).not.toHaveProperty('body');
    expect(first?.signal).not.toBe(second?.signal);
  });

  it('aborts a call that outlives the timeout', async () => {
    const fetch = vi.fn<FetchLike>(
      (_url, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            reject(signal.reason as Error);
          });
        }),
    );
    await expect(
      createApiFetch(fetch, 20)('https://masar.example.ma/api/centres', { method: 'GET', headers: {} }),
    ).rejects.toThrow();
  });
});

describe('createApiFetch for sync requests', () => {
  const big = JSON.stringify({
    ops: Array.from({ length: 200 }, (_, index) => ({ seq: index + 1, value: 'x'.repeat(20) })),
  });

  it('gzips a compressible body, says so, asks for gzip answers and uses the longer deadline', async () => {
    const fetch = vi.fn<FetchLike>(() => Promise.resolve(new Response('{}')));
    await createApiFetch(fetch, 1_000)('https://masar.example.ma/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
      isCompressible: true,
      timeoutMs: 120_000,
    });
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.headers).toEqual({
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'accept-encoding': 'gzip',
    });
    const sent = init?.body as unknown as Uint8Array;
    expect(sent).toBeInstanceOf(Uint8Array);
    expect(sent.length).toBeLessThan(big.length / 4);
    expect(gunzipSync(sent).toString('utf8')).toBe(big);
  });

  it('leaves other bodies as they are', async () => {
    const fetch = vi.fn<FetchLike>(() => Promise.resolve(new Response('{}')));
    await createApiFetch(fetch, 1_000)('https://masar.example.ma/api/auth/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ body: big, headers: { 'content-type': 'application/json' } });
  });

  it('lets a call extend the deadline', async () => {
    const fetch = vi.fn<FetchLike>(
      (_url, { signal }) =>
        new Promise((resolve, reject) => {
          signal.addEventListener('abort', () => {
            reject(signal.reason as Error);
          });
          setTimeout(() => {
            resolve(new Response('{}'));
          }, 60);
        }),
    );
    const answer = await createApiFetch(fetch, 20)('https://masar.example.ma/api/sync/pull', {
      method: 'POST',
      headers: {},
      body: '{}',
      timeoutMs: 5_000,
    });
    expect(answer.ok).toBe(true);
  });
});
