import { useCallback, useEffect, useState } from 'react';
import type { ApiResponse } from '../../shared/api/routes';
import type { HostError } from '../../shared/result';
import { useHost } from '../host/HostContext';
import { callAdminRoute } from '../api/callAdminRoute';

export type ListRoute = 'listCentres' | 'listUsers' | 'listDevices';

export type RouteList<N extends ListRoute> = {
  /** The last answer received; kept during a refresh and after a failed one. */
  data: ApiResponse<N> | null;
  /** The error of the last attempt, null once an attempt succeeds. */
  error: HostError | null;
  isLoading: boolean;
  reload: () => void;
};

/**
 * Loads a list route when `enabled`, and again on each `reload()` (after every change). The
 * previous list stays on screen while it refreshes; an answer that arrives after the screen
 * left, or after a newer request, is dropped.
 */
export function useRouteList<N extends ListRoute>(route: N, enabled: boolean): RouteList<N> {
  const host = useHost();
  const [requested, setRequested] = useState(0);
  const [state, setState] = useState<{ answered: number; data: ApiResponse<N> | null; error: HostError | null }>({
    answered: -1,
    data: null,
    error: null,
  });

  useEffect(() => {
    if (!enabled) return undefined;
    let isCurrent = true;
    void callAdminRoute(host, route).then((result) => {
      if (!isCurrent) return;
      setState((previous) =>
        result.ok
          ? { answered: requested, data: result.value, error: null }
          : { answered: requested, data: previous.data, error: result.error },
      );
    });
    return () => {
      isCurrent = false;
    };
  }, [host, route, requested, enabled]);

  const reload = useCallback(() => {
    setRequested((n) => n + 1);
  }, []);

  return { data: state.data, error: state.error, isLoading: enabled && state.answered !== requested, reload };
}
