import type { CentreInfo, PcPrivacy, UserProfile } from '../../../shared/auth/schemas';
import type { AuthError, SignInOutcome } from '../../auth/authService';
import type { DataKey } from '../../crypto/dataKey';

/**
 * Who is working on this PC, as `AuthGate` holds it, and its moves. The user's data key
 * (docs/security.md) is in the state only while signed in and unlocked: locking drops it,
 * unlocking puts back the one the password opened, signing out drops everything.
 */
export type AuthState =
  | { kind: 'signed-out'; notice?: AuthError }
  | { kind: 'change-password'; user: UserProfile; oneTimePassword: string }
  | {
      kind: 'signed-in';
      user: UserProfile;
      hasServerSession: boolean;
      isLocked: boolean;
      /** Null while locked, and offline for an account from before data keys. */
      dataKey: DataKey | null;
      /** The user's centres as the server named them at this sign-in (absent offline). */
      centres?: readonly CentreInfo[] | undefined;
      /** What the user's centres ask of this PC (the longest automatic-lock delay among them). */
      privacy: PcPrivacy;
    };

export const signedOut: AuthState = { kind: 'signed-out' };

export function signedIn(outcome: Extract<SignInOutcome, { kind: 'signed-in' }>): AuthState {
  return {
    kind: 'signed-in',
    user: outcome.user,
    hasServerSession: outcome.hasServerSession,
    isLocked: false,
    dataKey: outcome.dataKey,
    centres: outcome.centres,
    privacy: outcome.privacy,
  };
}

/**
 * The automatic-lock delay in force: the one chosen on this PC, never longer than the user's
 * centres allow; before any sign-in, the PC's choice.
 */
export function effectiveAutoLockMinutes(state: AuthState, chosen: number): number {
  return state.kind === 'signed-in' ? Math.min(chosen, state.privacy.autoLockMinutes) : chosen;
}

/** Locked: the work screens stay mounted, the key is dropped. */
export function locked(state: AuthState): AuthState {
  return state.kind === 'signed-in' ? { ...state, isLocked: true, dataKey: null } : state;
}

/** Unlocked with the key the password opened again. */
export function unlocked(state: AuthState, dataKey: DataKey | null): AuthState {
  return state.kind === 'signed-in' ? { ...state, isLocked: false, dataKey } : state;
}

/** The key the session exposes: none unless signed in and unlocked. */
export function sessionDataKey(state: AuthState): DataKey | null {
  return state.kind === 'signed-in' && !state.isLocked ? state.dataKey : null;
}
