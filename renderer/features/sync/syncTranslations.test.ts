import { describe, expect, it } from 'vitest';
import { rejectionReasons } from '../../../shared/sync/protocol';
import { createI18n } from '../../i18n/i18n';
import { syncAr } from '../../i18n/sync.ar';
import { syncFr } from '../../i18n/sync.fr';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]))].sort();
const arabicPluralForms = ['zero', 'one', 'two', 'few', 'many', 'other'];

describe('sync strings', () => {
  const french = new Map(leaves(syncFr));
  const arabic = new Map(leaves(syncAr));

  it('are complete in Arabic, with the same placeholders, and only plural forms added', () => {
    for (const [key, text] of french) {
      expect(arabic.get(key)?.trim(), key).toBeTruthy();
      // An Arabic plural form may drop {{formatted}} ("سجل واحد"), never add one.
      const expected = placeholders(text).filter((p) => !(key.endsWith('_one') && p === 'formatted'));
      for (const name of placeholders(arabic.get(key) ?? ''))
        expect(placeholders(text), `${key}: ${name}`).toContain(name);
      if (!/_(one|other)$/.test(key)) expect(placeholders(arabic.get(key) ?? ''), key).toEqual(expected);
    }
    for (const key of arabic.keys()) {
      if (french.has(key)) continue;
      const base = key.replace(/_(zero|two|few|many)$/, '');
      expect(french.has(`${base}_other`), `${key} is not a plural form of a French key`).toBe(true);
    }
  });

  it('give every Arabic plural form of each counted string (i18next does not fall back to _other)', () => {
    const counted = [...french.keys()]
      .filter((key) => key.endsWith('_other'))
      .map((key) => key.slice(0, -'_other'.length));
    expect(counted.length).toBeGreaterThan(5);
    for (const base of counted)
      for (const form of arabicPluralForms) expect(arabic.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
  });

  it('are registered under sync.* and count correctly in both languages', () => {
    const fr = createI18n('fr');
    const ar = createI18n('ar');
    expect(fr.t('sync.status.changes', { count: 1, formatted: '1' })).toBe('1 modification');
    expect(fr.t('sync.status.changes', { count: 3, formatted: '3' })).toBe('3 modifications');
    expect(fr.t('sync.dialog.created', { count: 1, formatted: '1' })).toBe('1 fiche créée');
    for (const count of [0, 1, 2, 3, 11, 100])
      expect(ar.t('sync.status.changes', { count, formatted: String(count) })).not.toMatch(/sync\.|changes/);
    expect(ar.t('sync.status.changes', { count: 2, formatted: '2' })).toBe('تغييران');
  });

  it('explain every rejection reason the server can give', () => {
    for (const reason of rejectionReasons) {
      expect(syncFr.rejections.reasons[reason], `fr ${reason}`).toBeTruthy();
      expect(syncAr.rejections.reasons[reason], `ar ${reason}`).toBeTruthy();
    }
  });
});
