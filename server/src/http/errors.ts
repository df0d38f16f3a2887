/**
 * Turns every failure into the one JSON error body of `shared/api` (`apiErrorSchema`) with a
 * stable `code` clients can switch on (`shared/api/errors.ts`, one status per code). Only
 * messages written for clients leave the server: unexpected errors are logged with their stack
 * and answered with a generic 500.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { apiErrorStatus } from '../../../shared/api/errors';
import type { ApiErrorCode } from '../../../shared/api/errors';
import type { ApiError } from '../../../shared/api/health';
import { securityHeaders } from './securityHeaders';

type Issue = NonNullable<ApiError['error']['issues']>[number];

export interface ApiErrorDetails {
  /** For `throttled` and `server-busy`: also sent as the `Retry-After` header. */
  retryAfterSeconds?: number | undefined;
  issues?: Issue[] | undefined;
  /** For `device-pending`, when the sign-in registered the PC: its credentials (shared/api/health.ts). */
  newDevice?: { id: string; token: string } | undefined;
}

/** Thrown by route handlers for an expected failure: its code and message go to the client. */
export class ApiHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
    this.name = 'ApiHttpError';
  }
}

/** An `ApiHttpError` answered with the status `shared/api/errors.ts` gives its code. */
export function httpError(code: ApiErrorCode, message: string, details?: ApiErrorDetails): ApiHttpError {
  return new ApiHttpError(apiErrorStatus[code], code, message, details);
}

export interface ApiErrorReply {
  statusCode: number;
  body: ApiError;
}

export function apiError(
  statusCode: number,
  code: ApiErrorCode,
  message: string,
  issues?: Issue[],
  retryAfterSeconds?: number,
  newDevice?: ApiErrorDetails['newDevice'],
): ApiErrorReply {
  return {
    statusCode,
    body: {
      error: {
        code,
        message,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        ...(issues === undefined ? {} : { issues }),
        ...(newDevice === undefined ? {} : { newDevice }),
      },
    },
  };
}

const codeByStatus: Partial<Record<number, ApiErrorCode>> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

const invalidPartMessages: Record<string, string> = {
  body: 'The request body is invalid.',
  querystring: 'The query string is invalid.',
  params: 'The path parameters are invalid.',
  headers: 'The request headers are invalid.',
};

/** `/address/city` → `address.city`, the dotted path form fields use. */
function issuePath(instancePath: string): string {
  return instancePath.split('/').filter(Boolean).join('.');
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error && typeof error.code === 'string';
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const { statusCode } = error;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/**
 * Maps any thrown value to the status and body the client may see. `bodyLimit` is the limit
 * of the route that refused the body, for the 413 message.
 */
export function toApiError(error: unknown, bodyLimit: number): ApiErrorReply {
  if (error instanceof ApiHttpError) {
    const { issues, retryAfterSeconds, newDevice } = error.details;
    return apiError(error.statusCode, error.code, error.message, issues, retryAfterSeconds, newDevice);
  }
  if (typeof error === 'object' && error !== null && isResponseSerializationError(error)) {
    return apiError(500, 'internal', 'Internal server error.');
  }
  if (isFastifyError(error)) {
    // Schema validation (zod through fastify-type-provider-zod, or JSON schema): one issue per field.
    if (error.validation !== undefined) {
      const message = invalidPartMessages[error.validationContext ?? ''] ?? 'The request is invalid.';
      const issues = error.validation.map((issue) => ({
        path: issuePath(issue.instancePath),
        message: issue.message ?? 'Invalid value.',
      }));
      return apiError(400, 'invalid-request', message, issues);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return apiError(400, 'invalid-request', 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return apiError(400, 'invalid-request', 'The request body is empty but its content type is JSON.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return apiError(413, 'payload-too-large', `The request body is larger than ${bodyLimit} bytes.`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return apiError(415, 'unsupported-media-type', 'Unsupported content type: send application/json.');
    }
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    // Framework and plugin rejections (bad URL, Content-Length mismatch, bad range…): the
    // standard reason phrase is safe, their own message might not be.
    return apiError(status, codeByStatus[status] ?? 'client-error', `${STATUS_CODES[status] ?? 'Bad request'}.`);
  }
  return apiError(500, 'internal', 'Internal server error.');
}

/** Sends `toApiError(error)`, logging server faults with their stack and client faults briefly. */
export function sendApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, body } = toApiError(error, request.routeOptions.bodyLimit);
  if (statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: body.error.code, statusCode }, 'request rejected');
  }
  const { retryAfterSeconds } = body.error;
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  // Router-level failures skip the onSend hooks, so the error path sets the headers itself.
  void reply.code(statusCode).headers(securityHeaders).type('application/json; charset=utf-8').send(body);
}
