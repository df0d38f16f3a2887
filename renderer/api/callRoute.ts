import { apiRouteTable, type ApiBody, type ApiResponse, type ApiRouteName } from '../../shared/api/routes';
import type { HostApi } from '../../shared/host/hostApi';
import { err, ok, type Result } from '../../shared/result';

/**
 * Calls a server route through the host (which adds the PC's credentials) and parses the answer
 * with the route's schema: screens get typed, checked data or a result error, never an exception.
 */
export async function callRoute<N extends ApiRouteName>(
  host: HostApi,
  route: N,
  input: { id?: string; body?: ApiBody<N> } = {},
): Promise<Result<ApiResponse<N>>> {
  const result = await host['api:call']({ route, id: input.id, body: input.body });
  if (!result.ok) return result;
  const parsed = apiRouteTable[route].response.safeParse(result.value.data);
  if (!parsed.success) return err('invalid-response', `Answer of ${route} does not match its schema`);
  return ok(parsed.data as ApiResponse<N>);
}
