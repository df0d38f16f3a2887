import type { Beneficiary } from './beneficiary';

type Names = Pick<Beneficiary, 'lastNameLatin' | 'firstNameLatin' | 'lastNameArabic' | 'firstNameArabic'>;

/**
 * How a person's name is written, in one place. The Latin form is always the family name in
 * capitals, then the given name ("EL IDRISSI Amina"), as on the list and on the documents. In
 * Arabic script two orders are used on purpose:
 * - in lists and headings, family name first (العلوي فاطمة), like the Latin form, so the list
 *   reads and sorts by family name in both scripts;
 * - in documents and sentences (a signed receipt, a message), given name first (فاطمة العلوي),
 *   the order a reader of Arabic expects in prose.
 */
export function latinName(names: Names): string {
  return `${names.lastNameLatin.toUpperCase()} ${names.firstNameLatin}`.trim();
}

/** Arabic script, family name first (lists, headings); '' when the file has no Arabic name. */
export function arabicListName(names: Names): string {
  return `${names.lastNameArabic} ${names.firstNameArabic}`.trim();
}

/** Arabic script, given name first (documents, sentences); '' when the file has no Arabic name. */
export function arabicProseName(names: Names): string {
  return `${names.firstNameArabic} ${names.lastNameArabic}`.trim();
}
