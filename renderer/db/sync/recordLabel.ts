/**
 * A short label of a record for the sync lists (*À vérifier*, rejections): for a beneficiary
 * "Last First" in Latin letters, else in Arabic; for a record of a person's file (a project, an
 * equipment line, a PV…) that person's name, with what names the record itself ("Bennani Rachida —
 * Friteuse"); a ceremony by its place and date; the id's start for anything else.
 */
export function recordLabel(
  table: string,
  rowId: string,
  record: Readonly<Record<string, unknown>> | undefined,
  person?: Readonly<Record<string, unknown>>,
): string {
  if (record && table === 'beneficiaries') return personName(record) ?? rowId.slice(0, 8);
  if (record && table === 'ceremonies') {
    const place = text(record['place']);
    const date = text(record['date']);
    if (place !== '' || date !== '') return [place, date === '' ? '' : `(${date})`].filter(Boolean).join(' ');
  }
  const detail = record ? detailOf(table, record) : '';
  const name = person ? personName(person) : undefined;
  if (name !== undefined) return detail === '' ? name : `${name} — ${detail}`;
  return detail === '' ? rowId.slice(0, 8) : detail;
}

const namingFields: Readonly<Record<string, string>> = {
  incomeProjects: 'title',
  handoverReceipts: 'projectTitle',
  equipmentLines: 'designation',
  lifeProjectActions: 'description',
};

/** What names a record of a file, where it has a name of its own. */
function detailOf(table: string, record: Readonly<Record<string, unknown>>): string {
  const field = namingFields[table];
  if (field === undefined) return '';
  const value = text(record[field]);
  return value.length > 60 ? `${value.slice(0, 59)}…` : value;
}

function personName(record: Readonly<Record<string, unknown>>): string | undefined {
  const latin = joinNames(record['lastNameLatin'], record['firstNameLatin']);
  if (latin) return latin;
  const arabic = joinNames(record['lastNameArabic'], record['firstNameArabic']);
  return arabic || undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function joinNames(last: unknown, first: unknown): string {
  return [last, first]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((part) => part.trim())
    .join(' ');
}
