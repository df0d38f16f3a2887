/**
 * Asks the central server whether it is up, from the main process (the renderer's CSP allows no
 * network origin). Each failure has its own error code so the UI can tell "no network" from
 * "server broken" from "that URL is not a Masar server".
 */
import type { Health } from '../../shared/api/health';
import { apiRoutes, healthSchema } from '../../shared/api/health';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';

/** Electron's `net.fetch` in the app, Node's `fetch` in tests. */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

export const defaultHealthTimeoutMs = 5_000;

export async function checkServerHealth(
  fetch: FetchLike,
  serverUrl: string,
  timeoutMs: number = defaultHealthTimeoutMs,
): Promise<Result<Health>> {
  const url = `${serverUrl}${apiRoutes.health}`;
  const signal = AbortSignal.timeout(timeoutMs);
  const unreachable = () =>
    err<Health>(
      'server-unreachable',
      signal.aborted ? `${url} did not answer within ${timeoutMs} ms` : `${url} could not be reached`,
    );

  let response: Response;
  let body: string;
  try {
    response = await fetch(url, { signal, headers: { accept: 'application/json' } });
    if (!response.ok) {
      await response.body?.cancel();
      return err('server-error', `${url} answered HTTP ${response.status}`);
    }
    body = await response.text();
  } catch {
    return unreachable();
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return err('invalid-response', `${url} did not answer JSON`);
  }
  const health = healthSchema.safeParse(json);
  return health.success ? ok(health.data) : err('invalid-response', `${url} did not answer a Masar health report`);
}
