import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/SessionContext';
import { useHost } from '../../host/HostContext';
import { callAdminRoute } from '../admin/callAdminRoute';
import { useLanguage } from '../shell/useLanguage';
import { centreChoices, type CentreInfo } from './syncModel';

/**
 * The centres a new record may belong to: the signed-in user's centres (their sync scopes). Only a
 * user with several centres has a choice to make; their names come from the server when a server
 * session is open, and otherwise the choice still works offline, labelled by a short id.
 */
export function useCentreChoices(): { centreIds: readonly string[]; options: { value: string; label: string }[] } {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const { user, hasServerSession } = useSession();
  const [known, setKnown] = useState<readonly CentreInfo[]>([]);
  const needsNames = user.centreIds.length > 1;

  useEffect(() => {
    if (!needsNames || !hasServerSession) return undefined;
    let isCurrent = true;
    void callAdminRoute(host, 'listCentres').then((result) => {
      if (isCurrent && result.ok) setKnown(result.value.centres);
    });
    return () => {
      isCurrent = false;
    };
  }, [host, needsNames, hasServerSession]);

  return { centreIds: user.centreIds, options: centreChoices(user.centreIds, known, language, t) };
}
