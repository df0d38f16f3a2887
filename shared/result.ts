import { z } from 'zod';
import { apiErrorCodes } from './api/errors';

/**
 * The envelope every call across a boundary returns (host bridge, IPC, server client):
 * errors are values, never exceptions thrown across a process.
 */
export const hostErrorCodes = [
  'forbidden-sender',
  'server-unreachable',
  'server-error',
  'invalid-response',
  'unknown-channel',
  /** A server call that needs a session while none is open (e.g. after an offline sign-in). */
  'no-session',
  /** The desktop host cannot encrypt credentials on this PC (no OS keychain): it will not keep them in clear. */
  'secure-storage-unavailable',
  /** `print:pdf`: the document could not be rendered to PDF, or the printer failed. */
  'print-failed',
  /** `print:pdf`: the PDF was made but could not be written where the user chose. */
  'save-failed',
  // The server's own codes (invalid-request, invalid-credentials, device-revoked, …) pass through.
  ...apiErrorCodes,
] as const;
export const hostErrorCodeSchema = z.enum(hostErrorCodes);
export type HostErrorCode = z.infer<typeof hostErrorCodeSchema>;

export const hostErrorSchema = z.object({
  code: hostErrorCodeSchema,
  /** For logs and developers; the UI shows a translated message chosen by `code`. */
  message: z.string(),
  /** For `throttled` and `server-busy`: seconds before the next attempt is considered. */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type HostError = z.infer<typeof hostErrorSchema>;

/**
 * The one shape of an outcome that can fail, everywhere in Masar (parsers, rules, repositories,
 * calls across a boundary): `value` when it worked, `error` saying why not. `E` is what a caller
 * may act on (a typed code or refusal, never a thrown exception); a call across a boundary
 * fails with a `HostError`, the default.
 */
export type Result<T, E = HostError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failed outcome: `error` says why. */
export function failure<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** A failed call across a boundary. */
export function err<T = never>(code: HostErrorCode, message: string, retryAfterSeconds?: number): Result<T> {
  return {
    ok: false,
    error: retryAfterSeconds === undefined ? { code, message } : { code, message, retryAfterSeconds },
  };
}

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: hostErrorSchema }),
  ]);
}
