/**
 * The signed-in user's server session, in main-process memory only: never written to disk, never
 * sent to the renderer. One user at a time per app: a sign-in replaces the previous session, and
 * it is forgotten at sign-out, when the server says it no longer holds (`unauthenticated`,
 * `user-disabled`, `device-revoked`, `device-unknown`), and at quit. A session belongs to the server
 * that opened it (`serverUrl`): its token is never sent to another one.
 */
import type { Role } from '../../shared/auth/roles';

/** `role`: the user's role as the server said at sign-in (what this PC lets them change: its server address). */
export type Session = {
  readonly token: string;
  readonly userId: string;
  readonly serverUrl: string;
  readonly role?: Role;
};

export type SessionStore = {
  current(): Session | undefined;
  open(session: Session): void;
  /**
   * Forgets the session. Given the session a call was made with, forgets it only if it is still
   * the current one: a late answer to an older session must not end the next user's.
   */
  forget(session?: Session): void;
};

export function createSessionStore(): SessionStore {
  let current: Session | undefined;
  return {
    current: () => current,
    open(session) {
      current = session;
    },
    forget(session) {
      if (session === undefined || session === current) current = undefined;
    },
  };
}
