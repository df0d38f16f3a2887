import { z } from 'zod';

/**
 * The stable codes of the server's JSON errors (`apiErrorSchema`). Clients switch on them, the
 * renderer translates them (`apiErrors.*`); the message is for logs and developers.
 */
export const apiErrorCodes = [
  'invalid-request',
  'invalid-credentials',
  'throttled',
  'unauthenticated',
  /**
   * The device id of `x-masar-device` names no PC this server ever registered (e.g. its database
   * was rebuilt): the PC should forget its credentials for this server and register again. A known
   * id with a wrong secret is `unauthenticated` (a forged token), never this.
   */
  'device-unknown',
  'user-disabled',
  'device-revoked',
  /**
   * Sign-in from a PC registered beyond the PCs its user may register on their own: it waits for an
   * administrator (or the user's coordinator) to approve it in Administration › Postes. The first
   * answer carries the PC's new credentials (`newDevice`), which the host keeps: the same PC is then
   * the one approved.
   */
  'device-pending',
  'one-time-password-expired',
  'password-change-required',
  'forbidden',
  'not-found',
  'conflict',
  'payload-too-large',
  'unsupported-media-type',
  'client-error',
  'renderer-not-built',
  /** First run: these routes answer only a request from the server's own machine (loopback). */
  'setup-not-local',
  /** First run: the server has an account already; the way in is signing in (or the CLI on the server). */
  'setup-already-done',
  /** Sync: the server database is not the one this PC's data came from (never merge two worlds). */
  'sync-database-mismatch',
  /** Sync: this version of Masar speaks a sync protocol the server no longer accepts. */
  'sync-version-unsupported',
  /**
   * The server's password checks (argon2) are all busy and their queue is full: try again after
   * `retryAfterSeconds` (also `Retry-After`). Only routes that hash or check a password answer it.
   */
  'server-busy',
  'internal',
] as const;
export const apiErrorCodeSchema = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

/** The HTTP status each code is answered with. */
export const apiErrorStatus: Record<ApiErrorCode, number> = {
  'invalid-request': 400,
  'invalid-credentials': 401,
  throttled: 429,
  unauthenticated: 401,
  'device-unknown': 401,
  'user-disabled': 403,
  'device-revoked': 403,
  'device-pending': 403,
  'one-time-password-expired': 401,
  'password-change-required': 403,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'client-error': 400,
  'renderer-not-built': 503,
  'setup-not-local': 403,
  'setup-already-done': 409,
  'sync-database-mismatch': 409,
  'sync-version-unsupported': 426,
  'server-busy': 503,
  internal: 500,
};

/** Headers that carry a PC's credentials to the server. */
export const authHeaders = {
  /** `Bearer <session token>` */
  session: 'authorization',
  /** `<device id>.<device secret>` */
  device: 'x-masar-device',
} as const;
