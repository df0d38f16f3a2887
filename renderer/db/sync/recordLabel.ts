/**
 * A short label of a record for the sync lists (*À vérifier*, rejections): for a beneficiary
 * "Last First" in Latin letters, else in Arabic; the id's start for anything else.
 */
export function recordLabel(
  table: string,
  rowId: string,
  record: Readonly<Record<string, unknown>> | undefined,
): string {
  if (record && table === 'beneficiaries') {
    const latin = joinNames(record['lastNameLatin'], record['firstNameLatin']);
    if (latin) return latin;
    const arabic = joinNames(record['lastNameArabic'], record['firstNameArabic']);
    if (arabic) return arabic;
  }
  return rowId.slice(0, 8);
}

function joinNames(last: unknown, first: unknown): string {
  return [last, first]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(' ');
}
