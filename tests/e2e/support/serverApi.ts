import type { APIRequestContext } from '@playwright/test';
import { authHeaders } from '../../../shared/api/errors';
import {
  apiRouteTable,
  routePath,
  type ApiBody,
  type ApiResponse,
  type ApiRouteName,
} from '../../../shared/api/routes';

/**
 * Setting the stage through the server's real API (the same route table the app uses): the
 * first administrator is created by the CLI when the e2e server starts; tests create the
 * centres and people they need, each with unique names, so tests never depend on each other.
 */
export const e2eAdmin = {
  username: 'admin.e2e',
  password: 'mot de passe admin e2e',
  displayName: 'Admin E2E',
} as const;
/**
 * A second administrator: confirms the judicial access of the counsellors and coordinators the
 * first one creates in a new centre, which has no coordinator with that access yet (four eyes).
 */
export const e2eSecondAdmin = {
  username: 'admin.e2e.bis',
  password: 'second mot de passe admin e2e',
  displayName: 'Second admin E2E',
} as const;

export type ApiCredentials = { sessionToken: string; deviceToken: string };

export async function callServer<N extends ApiRouteName>(
  request: APIRequestContext,
  route: N,
  input: { id?: string; body?: ApiBody<N>; credentials?: Partial<ApiCredentials> } = {},
): Promise<ApiResponse<N>> {
  const definition = apiRouteTable[route];
  const headers: Record<string, string> = {};
  if (input.credentials?.sessionToken) headers[authHeaders.session] = `Bearer ${input.credentials.sessionToken}`;
  if (input.credentials?.deviceToken) headers[authHeaders.device] = input.credentials.deviceToken;
  const response = await request.fetch(routePath(route, input.id), {
    method: definition.method,
    headers,
    ...(input.body === undefined ? {} : { data: input.body }),
  });
  const json: unknown = await response.json();
  if (!response.ok()) throw new Error(`${route} answered ${response.status()}: ${JSON.stringify(json)}`);
  return definition.response.parse(json) as ApiResponse<N>;
}

/** Signs in through the API from a "PC" of the test's own (registering it the first time). */
export async function signInApi(
  request: APIRequestContext,
  username: string,
  password: string,
  deviceToken?: string,
): Promise<ApiCredentials> {
  const answer = await callServer(request, 'signIn', {
    body: { username, password, deviceName: 'Playwright' },
    credentials: deviceToken ? { deviceToken } : {},
  });
  const token = answer.newDevice?.token ?? deviceToken;
  if (!token) throw new Error('no device token');
  return { sessionToken: answer.sessionToken, deviceToken: token };
}

let counter = 0;
/** A short unique suffix for names and codes within one run. */
export function unique(): string {
  counter += 1;
  return `${Date.now().toString(36).slice(-4)}${counter}`;
}

export type Person = { id: string; username: string; password: string; displayName: string; centreId: string };

/**
 * Lifts the judicial hold an administrator's creation put on a counsellor or centre coordinator of
 * a new centre: the second administrator confirms it, as a server's two administrators would.
 */
export async function confirmJudicialAccess(
  request: APIRequestContext,
  userId: string,
  centreId: string,
): Promise<void> {
  const second = await signInApi(request, e2eSecondAdmin.username, e2eSecondAdmin.password);
  await callServer(request, 'confirmJudicialAccess', { id: userId, body: { centreId }, credentials: second });
}

const isJudicialRole = (role: string) => role === 'conseiller' || role === 'coordinateur_centre';

/**
 * A centre and a user of it with a known password, activated (one-time password replaced)
 * through the API, as an administrator would prepare them.
 */
export async function createActivatedUser(
  request: APIRequestContext,
  role: 'conseiller' | 'coordinateur_centre' | 'coordinateur_regional' = 'conseiller',
  displayName = 'Amina El Idrissi',
): Promise<Person> {
  const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
  const suffix = unique();
  const { centre } = await callServer(request, 'createCentre', {
    body: {
      code: `CAS-${suffix}`.toUpperCase(),
      nameFr: `CAPC Casablanca ${suffix}`,
      nameAr: 'مركز الدار البيضاء',
      regionCode: 'CSE',
    },
    credentials: admin,
  });
  const username = `user.${suffix}`;
  const created = await callServer(request, 'createUser', {
    body: { username, displayName, role, centreIds: [centre.id] },
    credentials: admin,
  });
  const password = `secret ${suffix} pour e2e`;
  const first = await signInApi(request, username, created.oneTimePassword);
  await callServer(request, 'changePassword', {
    body: { currentPassword: created.oneTimePassword, newPassword: password },
    credentials: first,
  });
  if (isJudicialRole(role)) await confirmJudicialAccess(request, created.user.id, centre.id);
  return { id: created.user.id, username, password, displayName, centreId: centre.id };
}

/**
 * Another user of an existing centre, activated through the API as an administrator would; their
 * judicial access confirmed by the second administrator unless `isJudicialAccessConfirmed` is
 * false (then it waits for a coordinator of the centre, as in the judicial hold spec).
 */
export async function createUserOfCentre(
  request: APIRequestContext,
  centreId: string,
  role: 'conseiller' | 'coordinateur_centre',
  displayName: string,
  { isJudicialAccessConfirmed = true }: { isJudicialAccessConfirmed?: boolean } = {},
): Promise<Person> {
  const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
  const username = `${role === 'conseiller' ? 'colleague' : 'coord'}.${unique()}`;
  const created = await callServer(request, 'createUser', {
    body: { username, displayName, role, centreIds: [centreId] },
    credentials: admin,
  });
  const password = `secret ${username} e2e`;
  const first = await signInApi(request, username, created.oneTimePassword);
  await callServer(request, 'changePassword', {
    body: { currentPassword: created.oneTimePassword, newPassword: password },
    credentials: first,
  });
  if (isJudicialAccessConfirmed) await confirmJudicialAccess(request, created.user.id, centreId);
  return { id: created.user.id, username, password, displayName, centreId };
}
