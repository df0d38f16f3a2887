/**
 * The gate of the first-run routes (`auth: 'first-run'` in shared/api/routes.ts): creating the
 * first administrator or loading the demo centre is offered only on the server's own machine
 * (http/loopback.ts) and only while the server has no account at all. The gate runs before the
 * body is read, so a refused caller learns nothing of the routes' rules; it is the early answer,
 * not the guarantee: the transaction that creates the first account checks again under the account
 * lock, and a request that lost that race is refused the same way. Every refusal is audited.
 */
import type { FastifyRequest } from 'fastify';
import type { ApiRouteName } from '../../../shared/api/routes';
import type { ServerContext } from '../context';
import { hasAnyAccount, insertAuditEvent } from '../db';
import { httpError, type ApiHttpError } from '../http/errors';
import { isLoopbackRequest } from '../http/loopback';

export type FirstRunRefusal = 'setup-not-local' | 'setup-already-done';

const messages: Record<FirstRunRefusal, string> = {
  'setup-not-local':
    "The first account is set up only from the server's own machine (http://127.0.0.1 or localhost), " +
    'or there with `npm run server -- create-admin`.',
  'setup-already-done': 'This server has accounts already: sign in, or ask its administrator for one.',
};

/** Audits the refusal and returns the error to throw. */
export async function refuseFirstRun(
  context: ServerContext,
  request: FastifyRequest,
  route: ApiRouteName,
  code: FirstRunRefusal,
): Promise<ApiHttpError> {
  const remoteAddress = request.raw.socket.remoteAddress ?? null;
  await insertAuditEvent(context.database.db, {
    at: context.now().toISOString(),
    type: 'first-run',
    outcome: code,
    detail: { route, remoteAddress },
  });
  request.log.info({ event: 'first-run', outcome: code, route, remoteAddress }, 'first-run');
  return httpError(code, messages[code]);
}

export async function requireFirstRun(
  context: ServerContext,
  request: FastifyRequest,
  route: ApiRouteName,
): Promise<void> {
  if (!isLoopbackRequest(request)) throw await refuseFirstRun(context, request, route, 'setup-not-local');
  if (await hasAnyAccount(context.database.db)) {
    throw await refuseFirstRun(context, request, route, 'setup-already-done');
  }
}
