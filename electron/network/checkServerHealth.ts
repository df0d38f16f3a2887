/**
 * Asks the central server whether it is up, from the main process (the renderer's CSP allows no
 * network origin), through the same client as every API call: each failure has its own error code
 * so the UI can tell "no network" from "server broken" from "that URL is not a Masar server".
 */
import { callApi } from '../../shared/api/apiClient';
import type { Health } from '../../shared/api/health';
import type { Result } from '../../shared/result';
import { createApiFetch, type FetchLike } from './apiFetch';

export const defaultHealthTimeoutMs = 5_000;

export function checkServerHealth(
  fetch: FetchLike,
  serverUrl: string,
  timeoutMs: number = defaultHealthTimeoutMs,
): Promise<Result<Health>> {
  return callApi(createApiFetch(fetch, timeoutMs), serverUrl, 'health', {}, {});
}
