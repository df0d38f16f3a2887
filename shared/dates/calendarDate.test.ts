import { describe, expect, it } from 'vitest';
import { isCalendarDate, todayInCasablanca, yearsBetween } from './calendarDate';

describe('calendar dates', () => {
  it('knows leap years and month lengths', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-04-31')).toBe(false);
    expect(isCalendarDate('2023-4-3')).toBe(false);
  });

  it("takes today's date in Casablanca, not in UTC", () => {
    // 23:30 UTC on 31 December is already 1 January in Morocco (UTC+1).
    expect(todayInCasablanca(Date.UTC(2025, 11, 31, 23, 30))).toBe('2026-01-01');
  });

  it('counts whole years of age', () => {
    expect(yearsBetween('2000-03-01', '2026-02-28')).toBe(25);
    expect(yearsBetween('2000-03-01', '2026-03-01')).toBe(26);
  });
});
