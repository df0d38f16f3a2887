/**
 * The type of the server's Fastify instance (built by `app.ts`, with zod's type provider), as the
 * route and hook registrations below it take it. Types only: they import it from here, not from
 * `app.ts`, which imports them.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type MasarServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
