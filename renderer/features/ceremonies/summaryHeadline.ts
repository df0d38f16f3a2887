import type { TFunction } from 'i18next';
import type { CeremonySummary } from '../../../shared/agr/ceremony';
import type { Language } from '../../../shared/i18n/language';
import { formatNumber } from '../../i18n/format';

/**
 * "32 bénéficiaires (12 femmes, 20 hommes)", "0 bénéficiaire (0 femme, 0 homme)",
 * "مستفيدان (امرأة واحدة، رجل واحد)": three counts in one line, each with its own plural form (a
 * sentence with several numbers cannot be one plural key: i18next picks the form from one `count`).
 */
export function summaryHeadline(
  summary: Pick<CeremonySummary, 'beneficiaries' | 'women' | 'men'>,
  language: Language,
  t: TFunction,
): string {
  const counted = (key: 'beneficiaries' | 'women' | 'men') =>
    t(`ceremonies.summary.${key}`, { count: summary[key], formatted: formatNumber(summary[key], language) });
  return t('ceremonies.summary.beneficiariesBySex', {
    beneficiaries: counted('beneficiaries'),
    women: counted('women'),
    men: counted('men'),
  });
}
