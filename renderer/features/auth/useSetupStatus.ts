import { useCallback, useEffect, useState } from 'react';
import type { SetupStatus } from '../../../shared/auth/setup';
import { useHost } from '../../host/HostContext';

/**
 * What the server says of its first run, asked once when the sign-in screen opens (and again on
 * demand). `unknown` when it cannot say — unreachable, or a server without the route: the sign-in
 * screen then behaves as it always did (offline sign-in included).
 */
export type SetupCheck = { kind: 'checking' } | { kind: 'unknown' } | { kind: 'known'; status: SetupStatus };

export function useSetupStatus(): { check: SetupCheck; recheck: () => void } {
  const host = useHost();
  const [check, setCheck] = useState<SetupCheck>({ kind: 'checking' });
  const [round, setRound] = useState(0);

  useEffect(() => {
    let isCurrent = true;
    void host['setup:status']({}).then((result) => {
      if (isCurrent) setCheck(result.ok ? { kind: 'known', status: result.value } : { kind: 'unknown' });
    });
    return () => {
      isCurrent = false;
    };
  }, [host, round]);

  const recheck = useCallback(() => {
    setRound((current) => current + 1);
  }, []);
  return { check, recheck };
}
