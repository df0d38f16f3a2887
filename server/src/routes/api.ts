/**
 * Registers every route of `shared/api/routes.ts` (`apiRouteTable`) from the table itself:
 * method, path, body and response schemas and authentication level all come from there, so the
 * server and the clients cannot drift. Authentication runs in `onRequest`, before the body is
 * read: an anonymous caller learns nothing about a route's body rules; so does the first-run gate
 * (auth/firstRun.ts). Handlers receive the
 * validated body, the `:id` and the authenticated actor.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { apiRouteNames, apiRouteTable } from '../../../shared/api/routes';
import type { ApiResponse, ApiRoute, ApiRouteName } from '../../../shared/api/routes';
import { idSchema } from '../../../shared/auth/schemas';
import type { MasarServer } from '../masarServer';
import { authenticate, identifySession } from '../auth/authenticate';
import type { Authenticated, SessionIdentity } from '../auth/authenticate';
import { requireFirstRun } from '../auth/firstRun';
import type { ServerContext } from '../context';

type Table = typeof apiRouteTable;

export type RouteBody<N extends ApiRouteName> = Table[N]['body'] extends z.ZodType
  ? z.output<Table[N]['body']>
  : undefined;

/** What a handler knows about its caller: nothing, the session only (sign-out), or the actor. */
export type RouteAuthOf<N extends ApiRouteName> = N extends 'signOut'
  ? SessionIdentity
  : Table[N]['auth'] extends 'none' | 'first-run'
    ? undefined
    : Authenticated;

export interface RouteCall<N extends ApiRouteName> {
  body: RouteBody<N>;
  id: Table[N]['hasIdParam'] extends true ? string : undefined;
  auth: RouteAuthOf<N>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandler<N extends ApiRouteName> = (call: RouteCall<N>) => Promise<ApiResponse<N>>;
export type RouteHandlers = { [N in ApiRouteName]: RouteHandler<N> };

const idParamsSchema = z.object({ id: idSchema });

interface UntypedRouteCall {
  body: unknown;
  id: string | undefined;
  auth: Authenticated | SessionIdentity | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Answers the server does not check against their schema before sending. A pull answer carries up
 * to 2 000 rows built by the server from its own typed state; checking it again cost about 40% of
 * a pull's server time. The PC still checks every answer with the same schema before applying it
 * (`callApi`), which is where an unchecked answer could do harm.
 */
const unvalidatedResponses: ReadonlySet<ApiRouteName> = new Set<ApiRouteName>(['syncPull']);

export function registerApiRoutes(app: MasarServer, context: ServerContext, handlers: RouteHandlers): void {
  // What `onRequest` established about the caller, for the handler of the same request.
  const callers = new WeakMap<FastifyRequest, Authenticated | SessionIdentity>();

  for (const name of apiRouteNames) {
    const definition: ApiRoute = apiRouteTable[name];
    const { auth } = definition;
    // The table types each handler's call; here the loop sees them all as one.
    const handler = handlers[name] as unknown as (call: UntypedRouteCall) => Promise<unknown>;
    // Who may call, decided before the body is read.
    const onRequest: ((request: FastifyRequest) => Promise<void>) | undefined =
      auth === 'none'
        ? undefined
        : auth === 'first-run'
          ? (request) => requireFirstRun(context, request, name)
          : async (request) => {
              callers.set(
                request,
                name === 'signOut'
                  ? await identifySession(context, request.headers, request.log)
                  : await authenticate(context, request.headers, auth, request.log),
              );
            };
    app.route({
      method: definition.method,
      url: definition.path,
      schema: {
        ...(definition.body === null ? {} : { body: definition.body }),
        ...(definition.hasIdParam ? { params: idParamsSchema } : {}),
        ...(unvalidatedResponses.has(name) ? {} : { response: { 200: definition.response } }),
      },
      ...(onRequest === undefined ? {} : { onRequest }),
      handler: async (request, reply) => {
        const params = request.params as { id?: string } | undefined;
        return handler({
          body: request.body,
          id: params?.id,
          auth: callers.get(request),
          request,
          reply,
        });
      },
    });
  }
}
