/**
 * Calendar arithmetic for the demo (calendar dates are `YYYY-MM-DD` strings:
 * shared/dates/calendarDate.ts), computed in UTC so that no time zone shifts a day.
 */
import type { CalendarDate } from '../../../shared/dates/calendarDate';

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** 0 for Sunday … 6 for Saturday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(Date.parse(date)).getUTCDay();
}

export const later = (a: CalendarDate, b: CalendarDate): CalendarDate => (a > b ? a : b);
export const earlier = (a: CalendarDate, b: CalendarDate): CalendarDate => (a < b ? a : b);

/** A working-hours instant of that day (08:30–16:30 UTC), as the PCs stamp records. */
export function instant(date: CalendarDate, minuteOfDay: number): string {
  const hours = String(Math.floor(minuteOfDay / 60)).padStart(2, '0');
  const minutes = String(minuteOfDay % 60).padStart(2, '0');
  return `${date}T${hours}:${minutes}:00.000Z`;
}
