import { localeOf, type Language } from '../../shared/i18n/language';
import type { StoredCentre } from '../db/sync/types';
import type { Translate } from '../i18n/resources';

export type CentreInfo = Pick<StoredCentre, 'id' | 'code' | 'nameFr' | 'nameAr'>;

/**
 * The choices of the form's *Centre* select: every centre the user serves, named when its name is
 * known (pulled by sync or listed by the server), otherwise by a short form of its id so that an
 * offline PC can still save.
 */
export function centreChoices(
  centreIds: readonly string[],
  known: readonly CentreInfo[],
  language: Language,
  t: Translate,
): { value: string; label: string }[] {
  const byId = new Map(known.map((centre) => [centre.id, centre]));
  const collator = new Intl.Collator(localeOf[language], { numeric: true, sensitivity: 'base' });
  return [...new Set(centreIds)]
    .map((id) => {
      const centre = byId.get(id);
      return {
        value: id,
        label: centre
          ? `${centre.code} — ${language === 'ar' ? centre.nameAr : centre.nameFr}`
          : t('sync.centreField.unknownName', { short: id.slice(0, 8) }),
      };
    })
    .sort((a, b) => collator.compare(a.label, b.label));
}
