import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Health } from '../../shared/api/health';
import type { HostErrorCode } from '../../shared/result';
import { useHost } from '../host/HostContext';

export type ServerHealth =
  { kind: 'checking' } | { kind: 'online'; health: Health } | { kind: 'failed'; code: HostErrorCode };

/** How often the shell re-checks the server while the app is open. */
const recheckEveryMs = 30_000;

type ServerHealthState = { health: ServerHealth; retry: () => void };

const ServerHealthContext = createContext<ServerHealthState | null>(null);

/**
 * One periodic health check for the whole shell: the header badge and the status bar show the
 * same answer. A server that is down is a state to show, never a crash.
 */
export function ServerHealthProvider({ children }: { children: ReactNode }) {
  const host = useHost();
  const [health, setHealth] = useState<ServerHealth>({ kind: 'checking' });

  const check = useCallback(async () => {
    const result = await host['server:health']({});
    setHealth(result.ok ? { kind: 'online', health: result.value } : { kind: 'failed', code: result.error.code });
  }, [host]);

  useEffect(() => {
    // The first check and the periodic ones set state only from the async result.
    const first = setTimeout(() => void check(), 0);
    const timer = setInterval(() => void check(), recheckEveryMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [check]);

  const retry = useCallback(() => {
    setHealth({ kind: 'checking' });
    void check();
  }, [check]);

  const value = useMemo(() => ({ health, retry }), [health, retry]);
  return <ServerHealthContext.Provider value={value}>{children}</ServerHealthContext.Provider>;
}

/** The shared check, or null outside a provider (the sign-in screens show the badge alone). */
export function useOptionalServerHealth(): ServerHealthState | null {
  return useContext(ServerHealthContext);
}

export function useServerHealth(): ServerHealthState {
  const state = useContext(ServerHealthContext);
  if (!state) throw new Error('useServerHealth outside ServerHealthProvider');
  return state;
}
