import { describe, expect, it, vi } from 'vitest';
import type { FetchLike } from './checkServerHealth';
import { createApiFetch } from './apiFetch';

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
