/**
 * Assembles the central server as a Fastify instance, not yet listening, so tests drive it with
 * `inject` and `main.ts` decides where it listens. It owns the cross-cutting HTTP policy: zod
 * validation and serialization, the JSON error contract, security headers, JSON logs with
 * secrets redacted (session and device tokens included), serving the renderer to browsers, and
 * the API routes of `shared/api/routes.ts`.
 */
import Fastify from 'fastify';
import type { FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { defaultNewPcAllowance } from './auth/deviceRegistration';
import type { NewPcAllowance } from './auth/deviceRegistration';
import { createPasswordWork } from './auth/passwordWork';
import type { PasswordWork } from './auth/passwordWork';
import type { MasarDatabase } from './db';
import { registerCompression } from './http/compression';
import { apiError, sendApiError } from './http/errors';
import {
  findRendererBuild,
  registerRenderer,
  rendererNotBuilt,
  sendRendererIndex,
  wantsRendererPage,
} from './http/renderer';
import { registerSecurityHeaders } from './http/securityHeaders';
import { adminHandlers } from './routes/admin';
import { auditHandlers } from './routes/audit';
import { registerApiRoutes } from './routes/api';
import { authHandlers } from './routes/auth';
import { healthHandlers } from './routes/health';
import { setupHandlers } from './routes/setup';
import { syncHandlers } from './sync/handlers';
import { registerSyncVersionCheck } from './sync/versions';
import type { ServerContext } from './context';
import type { MasarServer } from './masarServer';

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

export interface BuildServerOptions {
  database: MasarDatabase;
  /** The app version reported by `/api/health` (the root package.json's). */
  version: string;
  /** Folder of the built renderer; when absent or empty, `/` explains how to build it. */
  rendererDir?: string | undefined;
  /** `false` (default) for silence, `true` for info-level JSON, or pino options (`level`, `stream`…). */
  logger?: boolean | LoggerOptions | undefined;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number | undefined;
  /** The clock (default: the system's); tests move it to check expiries and sign-in delays. */
  now?: (() => Date) | undefined;
  /** Bytes of row state per pull response (default `maxPullStateBytes`); tests make it small. */
  maxPullStateBytes?: number | undefined;
  /**
   * The reverse proxies whose forwarded headers give the client address (config.ts
   * `MASAR_TRUST_PROXY`); none by default, the address is the connection's.
   */
  trustProxy?: readonly string[] | undefined;
  /** The bounded argon2 work (default: 2 at once, 32 waiting); tests inject a slow one. */
  passwords?: PasswordWork | undefined;
  /** PCs a user may register within the period before a new one waits (default 3 in 30 days). */
  newPcAllowance?: NewPcAllowance | undefined;
}

export const defaultBodyLimit = 1024 * 1024;

const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'req.headers["x-masar-device"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["proxy-authorization"]',
  '*.headers.authorization',
  '*.headers.cookie',
  'headers["x-masar-device"]',
  '*.headers["x-masar-device"]',
];

function loggerOptions(logger: BuildServerOptions['logger']): false | LoggerOptions {
  if (logger === undefined || logger === false) return false;
  const base: LoggerOptions = logger === true ? { level: 'info' } : logger;
  return { ...base, redact: { paths: redactedLogPaths, censor: '[redacted]' } };
}

export function buildServer(options: BuildServerOptions): MasarServer {
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit: options.bodyLimit ?? defaultBodyLimit,
    // `request.ip` follows X-Forwarded-For only from these proxies (an empty list trusts none).
    ...(options.trustProxy !== undefined && options.trustProxy.length > 0
      ? { trustProxy: options.trustProxy.join(',') }
      : {}),
    // Router-level failures (malformed URL encoding…) get the same JSON error body.
    frameworkErrors: (error, request, reply) => {
      sendApiError(error, request, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: a text/plain body is refused (415) rather than handed to a route as a string.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error, request, reply) => {
    sendApiError(error, request, reply);
  });

  registerSecurityHeaders(app);
  registerCompression(app);
  registerSyncVersionCheck(app);

  const rendererRoot = findRendererBuild(options.rendererDir);
  if (rendererRoot === undefined) {
    app.log.warn({ rendererDir: options.rendererDir }, 'renderer not built: browsers get a how-to message');
  } else {
    registerRenderer(app, rendererRoot);
  }

  app.setNotFoundHandler((request, reply) => {
    if (!wantsRendererPage(request)) {
      const { statusCode, body } = apiError(
        404,
        'not-found',
        `No route ${request.method} ${request.url.split('?', 1)[0] ?? ''}.`,
      );
      return reply.code(statusCode).send(body);
    }
    if (rendererRoot === undefined) {
      return reply.code(rendererNotBuilt.statusCode).send(rendererNotBuilt.body);
    }
    return sendRendererIndex(reply);
  });

  const context: ServerContext = {
    database: options.database,
    version: options.version,
    now: options.now ?? (() => new Date()),
    ...(options.maxPullStateBytes === undefined ? {} : { maxPullStateBytes: options.maxPullStateBytes }),
    passwords: options.passwords ?? createPasswordWork(),
    newPcAllowance: options.newPcAllowance ?? defaultNewPcAllowance,
  };
  registerApiRoutes(app, context, {
    ...healthHandlers(context),
    ...setupHandlers(context),
    ...authHandlers(context),
    ...adminHandlers(context),
    ...auditHandlers(context),
    ...syncHandlers(context),
  });

  return app;
}
