import { formatCalendarDate } from '../../shared/dates/calendarDate';
import { localeOf, type Language } from '../../shared/i18n/language';

/** Display formats by Moroccan conventions (`fr-MA`, `ar-MA`: Latin digits, not forced Arabic-Indic). */
export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(localeOf[language]).format(value);
}

export function formatDate(value: string, language: Language): string {
  return formatCalendarDate(value, localeOf[language]);
}

export function formatInstant(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(localeOf[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Africa/Casablanca',
  }).format(new Date(iso));
}
