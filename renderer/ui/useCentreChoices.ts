import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/SessionContext';
import { useCentres } from '../db/RepositoryContext';
import { useLanguage } from './useLanguage';
import { centreChoices } from './centreChoices';

/**
 * The centres a new record may belong to: the signed-in user's centres (their sync scopes). Only a
 * user with several centres has a choice to make; their names are those the PC keeps (from the
 * sign-in and each pull), so the choice works offline; a centre the PC does not know yet is
 * labelled by a short id.
 */
export function useCentreChoices(): { centreIds: readonly string[]; options: { value: string; label: string }[] } {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { user } = useSession();
  const known = useCentres() ?? [];
  return { centreIds: user.centreIds, options: centreChoices(user.centreIds, known, language, t) };
}
