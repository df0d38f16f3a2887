/**
 * The host channels that talk to the central server on behalf of a user: sign-in, sign-out,
 * password change and any other route by name (`api:call`). The main process holds the
 * credentials and the renderer never sees them: the device token stays in the device store, the
 * session token in the session store, and no answer carries either. The password is passed to the
 * server and dropped: never logged, never kept.
 *
 * Credentials belong to the server that issued them. Each call reads the server URL of the settings
 * once and uses that server's device token only (none when the PC is not registered there: signing
 * in registers it); a session is only used with the server it was opened on, and forgotten
 * (`no-session`) once the settings name another server.
 *
 * What the server's answers change here: `device-revoked` marks the PC revoked with that server
 * (for good, across restarts) and ends the session; `unauthenticated`, `user-disabled` and
 * `device-unknown` end the session. At sign-in, `device-unknown` (the server does not know this
 * PC, e.g. its database was rebuilt) makes the PC forget its credentials for that server and sign
 * in again once without them, which registers it anew; `device-pending` (registered beyond its
 * user's allowance, awaiting an approval) keeps the credentials the refusal carries, so that the
 * PC an administrator approves is this one and the next sign-ins send its token. A PC revoked by
 * the server refuses sign-ins with it without asking, so no password leaves it any more.
 */
import type { ApiCall, DeviceCredentials } from '../../shared/api/apiClient';
import { callApi, callSignIn } from '../../shared/api/apiClient';
import type { ApiResponse, ApiRouteName } from '../../shared/api/routes';
import { deviceNameSchema } from '../../shared/auth/schemas';
import type { HostParsedRequest } from '../../shared/host/contract';
import { changePasswordAnswer, normaliseServerUrl } from '../../shared/host/contract';
import type { HostError, Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { DeviceStore } from '../device/deviceStore';
import type { HostHandler } from '../ipc/registerHandler';
import type { Logger } from '../logger';
import { createApiFetch, defaultApiTimeoutMs, type FetchLike } from '../network/apiFetch';
import type { SettingsStore } from '../settings/settingsStore';
import type { Session, SessionStore } from './sessionStore';

export type AccountChannel = 'device:status' | 'auth:signIn' | 'auth:signOut' | 'auth:changePassword' | 'api:call';
export type AccountHandlers = { [C in AccountChannel]: HostHandler<C> };

export type AccountServices = {
  settings: SettingsStore;
  /** This PC's registrations, one per server (device id, encrypted token, revoked flag). */
  device: DeviceStore;
  /** The signed-in user's session, in memory only. */
  session: SessionStore;
  /** Electron's `net.fetch` in the app, Node's `fetch` in tests. */
  fetch: FetchLike;
  /** The name the PC registers under at its first sign-in: `os.hostname()` in the app. */
  hostname: () => string;
  /** Timeout of each server API call; 15 s by default. */
  apiTimeoutMs?: number;
};

/** A sign-out must not keep the person at a shared PC waiting: it is forgotten locally anyway. */
const signOutTimeoutMs = 5_000;

const sessionEndingCodes: ReadonlySet<HostError['code']> = new Set([
  'unauthenticated',
  'user-disabled',
  'device-revoked',
  'device-unknown',
]);

const fallbackDeviceName = 'Masar';

/** `os.hostname()` as a valid device name (trimmed, at most 100 characters, never empty). */
export function deviceNameFromHostname(hostname: string): string {
  const name = deviceNameSchema.safeParse(hostname.slice(0, 100));
  return name.success ? name.data : fallbackDeviceName;
}

export function createAccountHandlers(services: AccountServices, log: Logger = console): AccountHandlers {
  const { device, session: sessions, settings } = services;
  const apiTimeoutMs = services.apiTimeoutMs ?? defaultApiTimeoutMs;
  const apiFetch = createApiFetch(services.fetch, apiTimeoutMs);
  const signOutFetch = createApiFetch(services.fetch, Math.min(apiTimeoutMs, signOutTimeoutMs));

  /** Applies what a failed answer of `serverUrl` says about this PC and about the session it was sent with. */
  async function learnFrom(error: HostError, serverUrl: string, session: Session | undefined): Promise<void> {
    if (error.code === 'device-revoked') await device.markRevoked(serverUrl);
    if (session !== undefined && sessionEndingCodes.has(error.code)) {
      sessions.forget(session);
      log.info(`[auth] the session ended: the server answered ${error.code}`);
    }
  }

  async function callWithSession<N extends ApiRouteName>(name: N, call: ApiCall): Promise<Result<ApiResponse<N>>> {
    const session = sessions.current();
    if (session === undefined) return err('no-session', 'No user is signed in online on this PC.');
    const { serverUrl } = await settings.read();
    if (normaliseServerUrl(serverUrl) !== normaliseServerUrl(session.serverUrl)) {
      sessions.forget(session);
      log.info('[auth] the session ended: the settings name another server than the one that opened it');
      return err('no-session', 'The session was opened with another server.');
    }
    const deviceToken = await device.readToken(session.serverUrl);
    if (!deviceToken.ok) return deviceToken;
    const result = await callApi(apiFetch, session.serverUrl, name, call, {
      sessionToken: session.token,
      deviceToken: deviceToken.value,
    });
    if (!result.ok) await learnFrom(result.error, session.serverUrl, session);
    return result;
  }

  /** Best effort, with the server that opened the session: `true` when it confirmed the end. */
  async function endServerSession(session: Session, deviceToken: string | undefined): Promise<boolean> {
    const result = await callApi(
      signOutFetch,
      session.serverUrl,
      'signOut',
      {},
      { sessionToken: session.token, deviceToken },
    );
    if (!result.ok) log.info(`[auth] the server session could not be ended: ${result.error.code}`);
    return result.ok;
  }

  /** One sign-in request to `serverUrl`, with that server's device token or, without one, registering the PC. */
  async function requestSignIn(
    serverUrl: string,
    credentials: HostParsedRequest<'auth:signIn'>,
    deviceToken: string | undefined,
  ): Promise<{ result: Result<ApiResponse<'signIn'>>; pendingDevice?: DeviceCredentials }> {
    if (deviceToken === undefined) {
      // The server would register the PC, and its token could not be kept: do not ask.
      const secure = device.checkSecureStorage();
      if (!secure.ok) return { result: secure };
    }
    const body =
      deviceToken === undefined
        ? { ...credentials, deviceName: deviceNameFromHostname(services.hostname()) }
        : credentials;
    return callSignIn(apiFetch, serverUrl, body, { deviceToken });
  }

  return {
    'device:status': async () => ok(await device.status((await settings.read()).serverUrl)),

    'auth:signIn': async (credentials) => {
      // One user at a time: whatever happens next, the previous session is over.
      sessions.forget();

      // Read once: the whole sign-in talks to this server, whatever the settings say meanwhile.
      const { serverUrl } = await settings.read();
      const status = await device.status(serverUrl);
      if (status.isRevoked) return err('device-revoked', 'This PC has been revoked by an administrator.');
      const storedToken = await device.readToken(serverUrl);
      if (!storedToken.ok) return storedToken;

      let answer = await requestSignIn(serverUrl, credentials, storedToken.value);
      if (!answer.result.ok && answer.result.error.code === 'device-unknown' && storedToken.value !== undefined) {
        log.warn('[auth] the server does not know this PC: it forgets its credentials there and registers again');
        await device.forget(serverUrl);
        answer = await requestSignIn(serverUrl, credentials, undefined);
      }
      const { result } = answer;
      if (!result.ok) {
        if (answer.pendingDevice !== undefined) {
          // Registered, awaiting an approval: this PC keeps its credentials to be the one approved.
          log.info('[auth] this PC is registered with the server and awaits an approval');
          const kept = await device.register(serverUrl, answer.pendingDevice);
          if (!kept.ok) return kept;
        }
        await learnFrom(result.error, serverUrl, undefined);
        return result;
      }

      const { sessionToken, user, newDevice, deviceId, serverTime } = result.value;
      const session: Session = { token: sessionToken, userId: user.id, serverUrl, role: user.role };
      if (newDevice !== undefined) {
        const registered = await device.register(serverUrl, newDevice);
        if (!registered.ok) {
          await endServerSession(session, newDevice.token);
          return registered;
        }
      }
      sessions.open(session);
      // The data key secret goes to the renderer, which wraps the user's key with it; never logged.
      const { centres, dataKeySecret } = result.value;
      return ok({ user, deviceId, serverTime, centres, ...(dataKeySecret === undefined ? {} : { dataKeySecret }) });
    },

    'auth:signOut': async () => {
      const session = sessions.current();
      sessions.forget();
      if (session === undefined) return ok({ isServerSessionEnded: false });
      const deviceToken = await device.readToken(session.serverUrl);
      const isServerSessionEnded = await endServerSession(session, deviceToken.ok ? deviceToken.value : undefined);
      return ok({ isServerSessionEnded });
    },

    'auth:changePassword': async (body) => {
      const result = await callWithSession('changePassword', { body });
      return result.ok ? ok(changePasswordAnswer(result.value)) : result;
    },

    'api:call': async ({ route, id, body }) => {
      const result = await callWithSession(route, { id, body });
      return result.ok ? ok({ data: result.value }) : result;
    },
  };
}
