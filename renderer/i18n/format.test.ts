import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from './format';
import { ar } from './ar';
import { fr } from './fr';

describe('display formats', () => {
  it('formats numbers the Moroccan way in both languages, with Latin digits', () => {
    expect(formatNumber(1121215.07, 'fr')).toBe('1.121.215,07');
    expect(formatNumber(1121215.07, 'ar')).toMatch(/^1\.121\.215,07$/);
  });

  it('formats a calendar date without shifting the day, whatever the time zone', () => {
    expect(formatDate('1990-01-01', 'fr')).toBe('1 janvier 1990');
    expect(formatDate('1990-01-01', 'ar')).toContain('يناير');
    expect(formatDate('1990-01-01', 'ar')).toContain('1990');
  });
});

describe('translations', () => {
  const leaves = (value: unknown, prefix = ''): string[] =>
    typeof value === 'string'
      ? [prefix]
      : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));

  it('has every French key in Arabic, and no empty string', () => {
    const arabic = new Set(leaves(ar));
    for (const key of leaves(fr)) expect(arabic, key).toContain(key);
    for (const text of [...JSON.stringify(ar).matchAll(/"([^"]*)"/g)].map((m) => m[1])) expect(text).not.toBe('');
  });
});
