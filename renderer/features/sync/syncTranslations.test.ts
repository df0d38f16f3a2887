import { describe, expect, it } from 'vitest';
import { rejectionReasons } from '../../../shared/sync/protocol';
import { createI18n } from '../../i18n/i18n';
import { syncAr } from '../../i18n/sync.ar';
import { syncFr } from '../../i18n/sync.fr';

// That Arabic has every key, plural form and placeholder of French: tests/i18n/translations.test.ts.
describe('sync strings', () => {
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
