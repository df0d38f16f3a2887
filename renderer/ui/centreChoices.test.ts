import { describe, expect, it } from 'vitest';
import type { Translate } from '../i18n/resources';
import { createI18n } from '../i18n/i18n';
import { centreChoices } from './centreChoices';

const fr = createI18n('fr');
const ar = createI18n('ar');
const tFr: Translate = (key, values) => fr.t(key, values);
const tAr: Translate = (key, values) => ar.t(key, values);

describe('centre choices', () => {
  it('name the known centres and still offer the unknown ones', () => {
    const ids = ['0190a0b0-0000-7000-8000-00000000000b', '0190a0b0-0000-7000-8000-00000000000a'];
    const known = [{ id: ids[0] ?? '', code: 'CAS-02', nameFr: 'CAPC Casablanca', nameAr: 'مركز الدار البيضاء' }];
    expect(centreChoices(ids, known, 'fr', tFr)).toEqual([
      { value: ids[0], label: 'CAS-02 — CAPC Casablanca' },
      { value: ids[1], label: 'Centre 0190a0b0' },
    ]);
    expect(centreChoices(ids, known, 'ar', tAr).find((c) => c.value === ids[0])?.label).toBe(
      'CAS-02 — مركز الدار البيضاء',
    );
  });
});
