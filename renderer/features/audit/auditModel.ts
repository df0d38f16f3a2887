import {
  auditKinds,
  consultedParts,
  isKnownAuditEventType,
  type AuditEntry,
  type AuditFilter,
  type AuditKind,
  type AuditPage,
  type AuditPerson,
} from '../../../shared/audit/auditEvents';
import { roles } from '../../../shared/auth/roles';
import type { Language } from '../../../shared/i18n/language';
import { formatInstant, formatNumber } from '../../i18n/format';
import { isTranslationKey, type Translate, type TranslationKey } from '../../i18n/resources';

/**
 * What the *Audit* screen says about an entry, from its type, outcome and facts (pure: tested in
 * both languages without a screen). The server stores ids and field names; the names of users,
 * PCs and persons come with each page.
 */
export type { Translate };
export type AuditNames = Pick<AuditPage, 'users' | 'devices' | 'persons'>;

export type EntryView = {
  /** The event in one sentence. */
  title: string;
  /** Details under it (rows and fields of a push, when a PC showed data…). */
  lines: string[];
  /** Who acted (or, for a refused sign-in, whose account). */
  user: string;
  device: string;
  persons: PersonView[];
  outcome: string;
  isSuccess: boolean;
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A table or an outcome as the server wrote it: by its label when this build has one, else as is. */
function labelOr(key: string, raw: string, t: Translate): string {
  return isTranslationKey(key) ? t(key) : raw;
}

function tableLabel(table: string, t: Translate): string {
  return labelOr(`audit.tables.${table}`, table, t);
}

function consultedLabel(what: string, t: Translate): string {
  const part = consultedParts.find((known) => known === what);
  return part === undefined ? what : t(`audit.consulted.${part}`);
}

export type PersonView = { fileNumber: string; name: string };

/** A person's file number and name (the Arabic name on an Arabic screen when there is one). */
export function personView(person: AuditPerson, language: Language): PersonView {
  const name =
    language === 'ar' && person.arabicName !== '' ? person.arabicName : person.latinName || person.arabicName;
  return { fileNumber: person.fileNumber, name };
}

/** Left-to-right isolate: a file number or a file name keeps its order inside an Arabic sentence. */
export function isolatedFileName(text: string): string {
  return `\u2066${text}\u2069`;
}

/** "CASA-2026-K7QX3-0042 · Tazi Youssef", the file number isolated left to right, for a sentence. */
export function personLabel(person: AuditPerson, language: Language): string {
  const { fileNumber, name } = personView(person, language);
  return [fileNumber === '' ? '' : isolatedFileName(fileNumber), name].filter((part) => part !== '').join(' · ');
}

function userName(id: string | null, names: AuditNames, t: Translate): string | null {
  if (id === null) return null;
  return names.users[id]?.displayName ?? t('audit.unknownUser');
}

function title(entry: AuditEntry, names: AuditNames, t: Translate, language: Language): string {
  const { detail, type } = entry;
  const subject = userName(entry.subjectUserId, names, t) ?? '';
  const counted = (key: TranslationKey, count: number, extra: Record<string, unknown> = {}) =>
    t(key, { count, formatted: formatNumber(count, language), ...extra });
  switch (type) {
    case 'sync-push':
      return counted('audit.events.sync-push', list(detail['rows']).length);
    case 'sync-pull-judicial':
      return counted('audit.events.sync-pull-judicial', typeof detail['count'] === 'number' ? detail['count'] : 0);
    case 'export':
      return counted('audit.events.export', typeof detail['rowCount'] === 'number' ? detail['rowCount'] : 0, {
        label: text(detail['what']),
      });
    case 'audit-export':
      return counted('audit.events.audit-export', typeof detail['entries'] === 'number' ? detail['entries'] : 0);
    case 'sync-forbidden':
      return t('audit.events.sync-forbidden', { label: tableLabel(text(detail['table']), t) });
    case 'consultation':
      return t('audit.events.consultation', { label: consultedLabel(text(detail['what']), t) });
    case 'centre-create':
      return t('audit.events.centre-create', { code: text(detail['code']) });
    case 'centre-update':
      return t('audit.events.centre-update', {
        code: text(record(detail['after'])['code']) || text(record(detail['before'])['code']),
      });
    case 'user-create':
      return t('audit.events.user-create', { username: entry.username ?? '' });
    case 'device-register':
      return t('audit.events.device-register', { name: text(detail['name']) });
    case 'device-revoke':
      return t('audit.events.device-revoke', {
        name: entry.deviceId === null ? '' : (names.devices[entry.deviceId] ?? entry.deviceId),
      });
    case 'user-update':
    case 'user-disable':
    case 'user-enable':
    case 'password-reset':
      return t(`audit.events.${type}`, { name: subject });
    default:
      return isKnownAuditEventType(type) ? t(`audit.events.${type}`) : t('audit.events.other', { label: type });
  }
}

function lines(entry: AuditEntry, t: Translate, language: Language): string[] {
  const { detail } = entry;
  switch (entry.type) {
    case 'sync-push':
      return list(detail['rows']).map((item) => {
        const row = record(item);
        const label = tableLabel(text(row['table']), t);
        if (row['deleted'] === true) return t('audit.deletedRow', { label });
        if (row['undeleted'] === true) return t('audit.undeletedRow', { label });
        return t('audit.pushRow', { label, names: list(row['fields']).map(text).join(', ') });
      });
    case 'sync-pull-judicial':
      return list(detail['rows']).map((item) => tableLabel(text(record(item)['table']), t));
    case 'consultation': {
      const viewedAt = text(detail['viewedAt']);
      return viewedAt !== '' && !Number.isNaN(Date.parse(viewedAt))
        ? [t('audit.viewedAt', { date: formatInstant(viewedAt, language) })]
        : [];
    }
    case 'user-create': {
      const role = roles.find((known) => known === detail['role']);
      return role === undefined ? [] : [t(`admin.roles.${role}`)];
    }
    case 'sign-in':
      return entry.outcome !== 'ok' && entry.username !== null
        ? [t('audit.typedUsername', { username: entry.username })]
        : [];
    default:
      return [];
  }
}

export function describeEntry(entry: AuditEntry, names: AuditNames, t: Translate, language: Language): EntryView {
  const person = (id: string): PersonView => {
    const known = names.persons[id];
    return known === undefined
      ? { fileNumber: '', name: `${t('audit.unknownPerson')} (${id.slice(0, 8)})` }
      : personView(known, language);
  };
  return {
    title: title(entry, names, t, language),
    lines: lines(entry, t, language),
    user: userName(entry.actorUserId, names, t) ?? userName(entry.subjectUserId, names, t) ?? entry.username ?? '—',
    device: entry.deviceId === null ? '—' : (names.devices[entry.deviceId] ?? entry.deviceId.slice(0, 8)),
    persons: entry.beneficiaryIds.map(person),
    outcome: labelOr(`audit.outcomes.${entry.outcome}`, entry.outcome, t),
    isSuccess: entry.outcome === 'ok' || entry.outcome === 'intact',
  };
}

/** What the filter form holds: text as typed, dates as `YYYY-MM-DD` ('' for none). */
export type FilterForm = {
  userId: string | null;
  person: string;
  from: string;
  to: string;
  kind: AuditKind | null;
};

export const emptyFilterForm: FilterForm = { userId: null, person: '', from: '', to: '', kind: null };

/**
 * The form as the route's filter: a period of calendar days in Morocco's time (the day `to`
 * included, so the instant after its last moment is excluded); `null` when the end precedes the start.
 */
export function filterOf(form: FilterForm, dayStart: (date: string) => Date): AuditFilter | null {
  if (form.from !== '' && form.to !== '' && form.to < form.from) return null;
  const filter: AuditFilter = {};
  if (form.userId !== null) filter.userId = form.userId;
  if (form.person.trim() !== '') filter.person = form.person.trim();
  if (form.from !== '') filter.from = dayStart(form.from).toISOString();
  if (form.to !== '') {
    const end = dayStart(form.to);
    filter.to = new Date(end.getTime() + 24 * 60 * 60 * 1000).toISOString();
  }
  if (form.kind !== null) filter.kind = form.kind;
  return filter;
}

/** Midnight of a calendar day in Morocco (UTC+1, UTC+0 during Ramadan), as the PC's browser knows it. */
export function moroccanDayStart(date: string): Date {
  const [year = 1970, month = 1, day = 1] = date.split('-').map(Number);
  const utcNoon = Date.UTC(year, month - 1, day, 12);
  const hourThere = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Casablanca', hour: '2-digit', hourCycle: 'h23' }).format(
      utcNoon,
    ),
  );
  // Noon UTC is `hourThere` o'clock in Casablanca: the offset, applied to midnight.
  return new Date(Date.UTC(year, month - 1, day) - (hourThere - 12) * 60 * 60 * 1000);
}

export const kindOptions = auditKinds;
