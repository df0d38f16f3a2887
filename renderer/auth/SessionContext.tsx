import { createContext, useContext, type ReactNode } from 'react';
import type { Actor } from '../../shared/auth/authorization';
import type { UserProfile } from '../../shared/auth/schemas';
import type { DataKey } from '../crypto/dataKey';

/**
 * The signed-in user, as the screens see it. `hasServerSession` is false after an offline
 * sign-in: local work goes on, and server calls (administration, sync) ask to sign in online.
 */
export type Session = {
  user: UserProfile;
  actor: Actor;
  hasServerSession: boolean;
  /**
   * The user's data key (docs/security.md), non-extractable: present while signed in and
   * unlocked, `null` while locked and offline for an account from before data keys. Lock and
   * sign-out drop it. Nothing uses it yet: the stores will be sealed with it.
   */
  dataKey: DataKey | null;
  lock: () => void;
  signOut: () => Promise<void>;
  /** The delay in force: the PC's choice, never longer than `maxAutoLockMinutes`. */
  autoLockMinutes: number;
  /** The longest delay the user's centres allow (Administration › Centres). */
  maxAutoLockMinutes: number;
  setAutoLockMinutes: (minutes: number) => void;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user's data key, or `null` (locked, or no key yet): see `Session.dataKey`. */
export function useDataKey(): DataKey | null {
  return useContext(SessionContext)?.dataKey ?? null;
}

/** The actor as the server described it at sign-in (or as this PC remembers it offline), holds included. */
export function actorOf(user: UserProfile): Actor {
  return {
    userId: user.id,
    role: user.role,
    centreIds: user.centreIds,
    judicialHoldCentreIds: user.judicialHoldCentreIds,
  };
}
