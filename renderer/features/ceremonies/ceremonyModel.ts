import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import type { Language } from '../../../shared/i18n/language';
import { arabicProseName, latinName } from '../../../shared/beneficiary/displayName';

/**
 * A person's name as the ceremony screens show it: in Arabic script for an Arabic screen when
 * the file has it, else the Latin one (family name in capitals, as on the list).
 */
export function personName(beneficiary: Beneficiary, language: Language): string {
  const arabic = arabicProseName(beneficiary);
  const latin = latinName(beneficiary);
  if (language === 'ar' && arabic !== '') return arabic;
  return latin !== '' ? latin : arabic;
}

/** A PDF file name without characters Windows refuses (the print channel checks it too). */
export function pdfFileName(...parts: readonly string[]): string {
  const base = parts
    .join('-')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 140);
  return `${base === '' ? 'document' : base}.pdf`;
}
