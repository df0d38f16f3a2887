import { z } from 'zod';
import {
  centreInputSchema,
  centreSchema,
  changePasswordRequestSchema,
  changePasswordResponseSchema,
  deviceSummarySchema,
  idSchema,
  judicialConfirmationRequestSchema,
  meResponseSchema,
  oneTimePasswordSchema,
  signInRequestSchema,
  signInResponseSchema,
  userCreateSchema,
  userSummarySchema,
  userUpdateSchema,
} from '../auth/schemas';
import {
  administratorCreateSchema,
  demoSetupSchema,
  firstAdministratorResponseSchema,
  setupStatusSchema,
} from '../auth/setup';
import {
  auditExportRequestSchema,
  auditExportSchema,
  auditPageSchema,
  auditSearchRequestSchema,
  auditVerificationSchema,
} from '../audit/auditEvents';
import { healthSchema } from './health';
import { pullRequestSchema, pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../sync/protocol';

/**
 * Every route of the central server, declared once: method, path, body and response schemas,
 * and who may call it. The server registers its handlers from this map; both hosts call routes
 * by name through it (`api:call`), so a path or a schema never drifts between the two sides.
 *
 * `auth`: `none` (public), `session` (a signed-in user on a registered, unrevoked PC),
 * `session-pending` (also allowed while the user must still change a one-time password),
 * `first-run` (no account needed, but only from the server's own machine and only while the server
 * has no account at all: checked before the body is read, and again in the transaction that
 * creates the first account).
 */
export type RouteAuth = 'none' | 'session' | 'session-pending' | 'first-run';

export type ApiRoute = {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  auth: RouteAuth;
  /** Path parameters are ids (`:id`). */
  hasIdParam: boolean;
  body: z.ZodType | null;
  response: z.ZodType;
};

const route = <const R extends ApiRoute>(definition: R): R => definition;
const ok = z.object({ ok: z.literal(true) });

export const apiRouteTable = {
  health: route({
    method: 'GET',
    path: '/api/health',
    auth: 'none',
    hasIdParam: false,
    body: null,
    response: healthSchema,
  }),

  /**
   * The first run (shared/auth/setup.ts): whether the server has an account yet and whether the
   * caller is on the server's own machine, then the two ways in offered there.
   */
  setupStatus: route({
    method: 'GET',
    path: '/api/setup',
    auth: 'none',
    hasIdParam: false,
    body: null,
    response: setupStatusSchema,
  }),
  setupFirstAdministrator: route({
    method: 'POST',
    path: '/api/setup/first-administrator',
    auth: 'first-run',
    hasIdParam: false,
    body: administratorCreateSchema,
    response: firstAdministratorResponseSchema,
  }),
  setupDemo: route({
    method: 'POST',
    path: '/api/setup/demo',
    auth: 'first-run',
    hasIdParam: false,
    body: null,
    response: demoSetupSchema,
  }),

  signIn: route({
    method: 'POST',
    path: '/api/auth/sign-in',
    auth: 'none',
    hasIdParam: false,
    body: signInRequestSchema,
    response: signInResponseSchema,
  }),
  signOut: route({
    method: 'POST',
    path: '/api/auth/sign-out',
    auth: 'session-pending',
    hasIdParam: false,
    body: null,
    response: ok,
  }),
  me: route({
    method: 'GET',
    path: '/api/auth/me',
    auth: 'session-pending',
    hasIdParam: false,
    body: null,
    response: meResponseSchema,
  }),
  changePassword: route({
    method: 'POST',
    path: '/api/auth/change-password',
    auth: 'session-pending',
    hasIdParam: false,
    body: changePasswordRequestSchema,
    response: changePasswordResponseSchema,
  }),

  listCentres: route({
    method: 'GET',
    path: '/api/centres',
    auth: 'session',
    hasIdParam: false,
    body: null,
    response: z.object({ centres: z.array(centreSchema) }),
  }),
  createCentre: route({
    method: 'POST',
    path: '/api/admin/centres',
    auth: 'session',
    hasIdParam: false,
    body: centreInputSchema,
    response: z.object({ centre: centreSchema }),
  }),
  updateCentre: route({
    method: 'PATCH',
    path: '/api/admin/centres/:id',
    auth: 'session',
    hasIdParam: true,
    body: centreInputSchema,
    response: z.object({ centre: centreSchema }),
  }),

  listUsers: route({
    method: 'GET',
    path: '/api/admin/users',
    auth: 'session',
    hasIdParam: false,
    body: null,
    response: z.object({ users: z.array(userSummarySchema) }),
  }),
  createUser: route({
    method: 'POST',
    path: '/api/admin/users',
    auth: 'session',
    hasIdParam: false,
    body: userCreateSchema,
    response: z.object({ user: userSummarySchema, oneTimePassword: z.string() }),
  }),
  updateUser: route({
    method: 'PATCH',
    path: '/api/admin/users/:id',
    auth: 'session',
    hasIdParam: true,
    body: userUpdateSchema,
    response: z.object({ user: userSummarySchema }),
  }),
  disableUser: route({
    method: 'POST',
    path: '/api/admin/users/:id/disable',
    auth: 'session',
    hasIdParam: true,
    body: null,
    response: z.object({ user: userSummarySchema }),
  }),
  enableUser: route({
    method: 'POST',
    path: '/api/admin/users/:id/enable',
    auth: 'session',
    hasIdParam: true,
    body: null,
    response: z.object({ user: userSummarySchema }),
  }),
  resetPassword: route({
    method: 'POST',
    path: '/api/admin/users/:id/reset-password',
    auth: 'session',
    hasIdParam: true,
    body: null,
    response: oneTimePasswordSchema,
  }),
  /** Lifts the user's judicial hold in one centre (shared/auth/restricted.ts `judicialConfirmation`). */
  confirmJudicialAccess: route({
    method: 'POST',
    path: '/api/admin/users/:id/confirm-judicial-access',
    auth: 'session',
    hasIdParam: true,
    body: judicialConfirmationRequestSchema,
    response: z.object({ user: userSummarySchema }),
  }),

  listDevices: route({
    method: 'GET',
    path: '/api/admin/devices',
    auth: 'session',
    hasIdParam: false,
    body: null,
    response: z.object({ devices: z.array(deviceSummarySchema) }),
  }),
  revokeDevice: route({
    method: 'POST',
    path: '/api/admin/devices/:id/revoke',
    auth: 'session',
    hasIdParam: true,
    body: null,
    response: z.object({ device: deviceSummarySchema }),
  }),
  /** Lets a PC registered as pending sign in (shared/auth/authorization.ts `canApproveDevice`). */
  approveDevice: route({
    method: 'POST',
    path: '/api/admin/devices/:id/approve',
    auth: 'session',
    hasIdParam: true,
    body: null,
    response: z.object({ device: deviceSummarySchema }),
  }),

  /**
   * The audit trail (shared/audit/auditEvents.ts), administrators only (`canReadAudit`): a page of
   * entries matching a filter, the CSV of all of them, the chain's verification. Each call is
   * itself audited. POST: the filter is a body.
   */
  auditSearch: route({
    method: 'POST',
    path: '/api/audit/search',
    auth: 'session',
    hasIdParam: false,
    body: auditSearchRequestSchema,
    response: auditPageSchema,
  }),
  auditExport: route({
    method: 'POST',
    path: '/api/audit/export',
    auth: 'session',
    hasIdParam: false,
    body: auditExportRequestSchema,
    response: auditExportSchema,
  }),
  auditVerify: route({
    method: 'POST',
    path: '/api/audit/verify',
    auth: 'session',
    hasIdParam: false,
    body: null,
    response: auditVerificationSchema,
  }),

  /** Sync (docs/sync-protocol.md): bodies may be gzip-compressed; limits in shared/sync/protocol.ts. */
  syncPush: route({
    method: 'POST',
    path: '/api/sync/push',
    auth: 'session',
    hasIdParam: false,
    body: pushRequestSchema,
    response: pushResponseSchema,
  }),
  syncPull: route({
    method: 'POST',
    path: '/api/sync/pull',
    auth: 'session',
    hasIdParam: false,
    body: pullRequestSchema,
    response: pullResponseSchema,
  }),
} as const;

export type ApiRouteName = keyof typeof apiRouteTable;
export const apiRouteNames = Object.keys(apiRouteTable) as [ApiRouteName, ...ApiRouteName[]];
export const apiRouteNameSchema = z.enum(apiRouteNames);

type Table = typeof apiRouteTable;
export type ApiBody<N extends ApiRouteName> = Table[N]['body'] extends z.ZodType
  ? z.input<Table[N]['body']>
  : undefined;
export type ApiResponse<N extends ApiRouteName> = z.output<Table[N]['response']>;

/**
 * The routes a renderer may call through its host with the open session (`api:call`): not the
 * credential ones, which the host owns, nor those that need no session (each has its own channel).
 */
export const hostCallableRoutes: ApiRouteName[] = apiRouteNames.filter((name) => {
  const { auth }: ApiRoute = apiRouteTable[name];
  return name !== 'signOut' && name !== 'changePassword' && auth !== 'none' && auth !== 'first-run';
});

/** Builds the concrete path of a route (`:id` replaced, URL-encoded). */
export function routePath(name: ApiRouteName, id?: string): string {
  const definition: ApiRoute = apiRouteTable[name];
  if (!definition.hasIdParam) return definition.path;
  if (id === undefined || !idSchema.safeParse(id).success) throw new Error(`Route ${name} needs a valid id`);
  return definition.path.replace(':id', encodeURIComponent(id));
}
