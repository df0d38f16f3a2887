import type { HostApi } from '../../shared/host/hostApi';
import { err, ok, type Result } from '../../shared/result';
import { answersParsedHere } from '../host/parsedAnswers';
import {
  pullResponseSchema,
  pushResponseSchema,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../shared/sync/protocol';

/**
 * How the engine reaches `POST /api/sync/push` and `/api/sync/pull`. Failures are values (the
 * engine retries `server-unreachable`, `server-error` and `internal`, never the rest).
 */
export type SyncTransport = {
  push(request: PushRequest): Promise<Result<PushResponse>>;
  pull(request: PullRequest): Promise<Result<PullResponse>>;
};

/**
 * The transport of both hosts: the renderer calls the route by name through `api:call`; the host
 * holds the credentials, compresses the body, applies the sync timeout and parses the answer with
 * the route's schema (`callApi`). An answer that crossed a process boundary (IPC, the desktop host)
 * is parsed once more here before the engine applies anything; the web host's was parsed in this
 * renderer already (`answersParsedHere`).
 */
export function createHostTransport(host: HostApi): SyncTransport {
  const parsedHere = answersParsedHere(host);
  return {
    async push(request) {
      const result = await host['api:call']({ route: 'syncPush', body: request });
      if (!result.ok) return result;
      if (parsedHere) return ok(result.value.data as PushResponse);
      const parsed = pushResponseSchema.safeParse(result.value.data);
      return parsed.success ? ok(parsed.data) : err('invalid-response', 'Malformed sync push answer');
    },
    async pull(request) {
      const result = await host['api:call']({ route: 'syncPull', body: request });
      if (!result.ok) return result;
      if (parsedHere) return ok(result.value.data as PullResponse);
      const parsed = pullResponseSchema.safeParse(result.value.data);
      return parsed.success ? ok(parsed.data) : err('invalid-response', 'Malformed sync pull answer');
    },
  };
}
