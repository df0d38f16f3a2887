import type { ApiBody, ApiResponse, ApiRouteName } from '../../shared/api/routes';
import type { HostApi } from '../../shared/host/hostApi';
import { err, type Result } from '../../shared/result';
import { callRoute } from './callRoute';

/**
 * `callRoute`, with one more guarantee for the screens: a host that throws (a broken bridge)
 * still gives a result error to show, never an unhandled rejection.
 */
export async function callAdminRoute<N extends ApiRouteName>(
  host: HostApi,
  route: N,
  input: { id?: string; body?: ApiBody<N> } = {},
): Promise<Result<ApiResponse<N>>> {
  try {
    return await callRoute(host, route, input);
  } catch (error) {
    return err('internal', `${route} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
