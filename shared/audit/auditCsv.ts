import type { Language } from '../i18n/language';
import type { AuditEntry, AuditPage } from './auditEvents';

/**
 * The audit as a CSV file that French Excel opens as it is: UTF-8 with a byte-order mark (without
 * it Excel reads Windows-1252 and breaks every accent and all Arabic), `;` between cells (the
 * French list separator: with `,` Excel puts each line in one cell), CRLF line ends, cells quoted
 * when they hold `;`, a quote or a line break. A cell that begins with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is prefixed with `'` (OWASP "CSV injection"): a username or a PC name
 * typed as `=HYPERLINK(…)` is shown as text, never run as a formula.
 */
export const csvByteOrderMark = '\uFEFF';
const separator = ';';
const lineEnd = '\r\n';

export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return csvByteOrderMark + rows.map((row) => row.map(csvCell).join(separator) + lineEnd).join('');
}

const columns = {
  fr: [
    'N°',
    'Date (UTC)',
    'Catégorie',
    'Événement',
    'Résultat',
    'Utilisateur',
    'Identifiant utilisateur',
    'Identifiant saisi',
    'Compte concerné',
    'Poste',
    'Identifiant poste',
    'Personnes (n° de dossier)',
    'Identifiants personnes',
    'Détails',
    'Empreinte SHA-256',
  ],
  ar: [
    'الرقم',
    'التاريخ (UTC)',
    'الفئة',
    'الحدث',
    'النتيجة',
    'المستخدم',
    'معرّف المستخدم',
    'اسم الدخول المكتوب',
    'الحساب المعني',
    'الحاسوب',
    'معرّف الحاسوب',
    'الأشخاص (رقم الملف)',
    'معرّفات الأشخاص',
    'التفاصيل',
    'البصمة SHA-256',
  ],
} as const satisfies Record<Language, readonly string[]>;

export type CsvEntry = AuditEntry & { hash: string };
type Names = Pick<AuditPage, 'users' | 'devices' | 'persons'>;

/** One line per entry, with the names the server knows for its ids; the facts as stored. */
export function auditCsv(entries: readonly CsvEntry[], names: Names, language: Language): string {
  const userName = (id: string | null) => (id === null ? '' : (names.users[id]?.displayName ?? ''));
  const lines = entries.map((entry) => [
    String(entry.seq),
    entry.at,
    entry.kind,
    entry.type,
    entry.outcome,
    userName(entry.actorUserId),
    entry.actorUserId ?? '',
    entry.username ?? '',
    entry.subjectUserId === null ? '' : userName(entry.subjectUserId) || entry.subjectUserId,
    entry.deviceId === null ? '' : (names.devices[entry.deviceId] ?? ''),
    entry.deviceId ?? '',
    entry.beneficiaryIds
      .map((id) => names.persons[id]?.fileNumber ?? '')
      .filter((fileNumber) => fileNumber !== '')
      .join(' '),
    entry.beneficiaryIds.join(' '),
    JSON.stringify(entry.detail),
    entry.hash,
  ]);
  return toCsv([columns[language], ...lines]);
}

/** `audit-masar-2026-03-10.csv`: the day of the export in UTC. */
export function auditCsvFileName(at: Date): string {
  return `audit-masar-${at.toISOString().slice(0, 10)}.csv`;
}
