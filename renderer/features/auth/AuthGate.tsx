import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Box } from '@mantine/core';
import { defaultAutoLockMinutes } from '../../../shared/host/contract';
import { createAuthService } from '../../auth/authService';
import { SessionProvider, actorOf, type Session } from '../../auth/SessionContext';
import { openAccountRepository } from '../../db/accountRepository';
import { RepositoryProvider } from '../../db/RepositoryContext';
import { useHost } from '../../host/HostContext';
import { ChangePasswordScreen } from './ChangePasswordScreen';
import { LockOverlay } from './LockOverlay';
import { LockScreen } from './LockScreen';
import { SignInScreen } from './SignInScreen';
import {
  effectiveAutoLockMinutes,
  locked,
  sessionDataKey,
  signedIn,
  signedOut,
  unlocked,
  type AuthState,
} from './authState';
import { useIdleTimer } from './useIdleTimer';

/**
 * Who is working on this PC. Nothing of a user's data is mounted before sign-in; each user gets
 * their own database (`key` remounts everything on a change of user, so nothing of the previous
 * user survives in memory). Locking hides and disables the work screens without unmounting them,
 * so a half-filled form is still there after unlocking; it drops the user's data key, which only
 * the password opens again (authState.ts). `children` is what a signed-in user works in (the
 * shell, handed by App.tsx: this feature imports no other).
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const host = useHost();
  const accounts = useMemo(() => openAccountRepository(), []);
  useEffect(
    () => () => {
      accounts.close();
    },
    [accounts],
  );
  const auth = useMemo(() => createAuthService({ host, accounts }), [host, accounts]);
  const [state, setState] = useState<AuthState>(signedOut);
  const [autoLockMinutes, setAutoLockState] = useState(defaultAutoLockMinutes);

  useEffect(() => {
    let isCurrent = true;
    void host['settings:get']({}).then((settings) => {
      if (isCurrent && settings.ok) setAutoLockState(settings.value.autoLockMinutes);
    });
    return () => {
      isCurrent = false;
    };
  }, [host]);

  const lock = useCallback(() => {
    setState(locked);
  }, []);
  const signOut = useCallback(async () => {
    setState(signedOut);
    await auth.signOut();
  }, [auth]);
  const setAutoLockMinutes = useCallback(
    (minutes: number) => {
      setAutoLockState(minutes);
      void host['settings:setAutoLock']({ autoLockMinutes: minutes });
    },
    [host],
  );

  const lockAfter = effectiveAutoLockMinutes(state, autoLockMinutes);
  useIdleTimer(lockAfter, lock, state.kind === 'signed-in' && !state.isLocked);

  const session = useMemo<Session | null>(
    () =>
      state.kind === 'signed-in'
        ? {
            user: state.user,
            actor: actorOf(state.user),
            hasServerSession: state.hasServerSession,
            dataKey: sessionDataKey(state),
            lock,
            signOut,
            autoLockMinutes: lockAfter,
            maxAutoLockMinutes: state.privacy.autoLockMinutes,
            setAutoLockMinutes,
          }
        : null,
    [state, lock, signOut, lockAfter, setAutoLockMinutes],
  );

  if (state.kind === 'signed-out') {
    return (
      <SignInScreen
        auth={auth}
        notice={state.notice}
        onOutcome={(outcome, password) => {
          setState(
            outcome.kind === 'must-change-password'
              ? { kind: 'change-password', user: outcome.user, oneTimePassword: password }
              : signedIn(outcome),
          );
        }}
      />
    );
  }
  if (state.kind === 'change-password') {
    return (
      <ChangePasswordScreen
        auth={auth}
        user={state.user}
        oneTimePassword={state.oneTimePassword}
        onDone={(outcome) => {
          setState(signedIn(outcome));
        }}
        onCancel={() => void signOut()}
      />
    );
  }
  if (!session) return null;
  return (
    <SessionProvider session={session}>
      <RepositoryProvider
        userId={state.user.id}
        displayName={state.user.displayName}
        role={state.user.role}
        centres={state.centres}
        dataKey={session.dataKey}
        key={state.user.id}
      >
        <Box hidden={state.isLocked} inert={state.isLocked}>
          {children}
        </Box>
      </RepositoryProvider>
      {state.isLocked && (
        <LockOverlay>
          <LockScreen
            auth={auth}
            user={state.user}
            onUnlocked={(dataKey) => {
              setState((current) => unlocked(current, dataKey));
            }}
            onSwitchUser={() => void signOut()}
          />
        </LockOverlay>
      )}
    </SessionProvider>
  );
}
