import { z } from 'zod';

/** `GET /api/health` of the central server. */
export const databaseEngineSchema = z.enum(['sqlite', 'postgres']);
export type DatabaseEngine = z.infer<typeof databaseEngineSchema>;

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  engine: databaseEngineSchema,
  schemaVersion: z.number().int().nonnegative(),
  /** Server wall clock (ms since epoch): later used to measure the PC clock offset. */
  serverTime: z.number().int(),
});
export type Health = z.infer<typeof healthSchema>;

/** The JSON body of every error the server sends: never a stack trace. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    /** For `throttled`: seconds before the next attempt is considered. */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /**
     * Only with `device-pending`, when this very sign-in registered the PC: its credentials, which the
     * host keeps (never the renderer) so that the PC an administrator approves is this one.
     */
    newDevice: z.object({ id: z.uuid(), token: z.string().min(32) }).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
