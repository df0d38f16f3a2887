import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { syncedEntities } from '../../../shared/sync/entities';
import { tombstoneField } from '../../../shared/sync/merge';
import type { Translate } from '../../i18n/resources';
import { createI18n } from '../../i18n/i18n';
import { displayValue, editKind, fieldLabelKey, tableLabelKey, valueLabelPrefix } from './fieldLabels';

const fr = createI18n('fr');
const ar = createI18n('ar');
const tFr: Translate = (key, values) => fr.t(key, values);
const tAr: Translate = (key, values) => ar.t(key, values);

/** The values a field's schema allows when it is a choice (`z.enum`, maybe with `''`), else []. */
function choices(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def: Record<string, unknown> }).def;
  switch (def.type) {
    case 'enum':
      return Object.values(def.entries as Record<string, string>);
    case 'union':
      return (def.options as z.ZodType[]).flatMap(choices);
    case 'array':
      return choices(def.element as z.ZodType);
    case 'optional':
    case 'nullable':
    case 'default':
      return choices(def.innerType as z.ZodType);
    case 'pipe':
      return choices(def.in as z.ZodType);
    default:
      return [];
  }
}

/** Choices shown by name rather than by a label of their own (prefecture and district codes). */
const placeFields = new Set(['prefectureCode', 'districtCode', 'arrondissementCode']);

describe('the sync lists’ labels', () => {
  it('name every synced table, and every field of each, in French and in Arabic', () => {
    const missing: string[] = [];
    for (const entity of syncedEntities) {
      const tableKey = tableLabelKey(entity.table);
      if (tableKey === null || !fr.exists(tableKey) || !ar.exists(tableKey)) missing.push(entity.table);
      for (const field of [...Object.keys(entity.fields), tombstoneField]) {
        const key = fieldLabelKey(entity.table, field);
        if (key === null || !fr.exists(key) || !ar.exists(key))
          missing.push(`${entity.table}.${field} (${String(key)})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('give every value of every choice a label in both languages, and know every choice', () => {
    const missing: string[] = [];
    for (const entity of syncedEntities)
      for (const [field, schema] of Object.entries(entity.fields)) {
        const values = choices(schema).filter((value) => value !== '');
        if (values.length === 0 || placeFields.has(field)) continue;
        const prefix = valueLabelPrefix(entity.table, field);
        if (prefix === null) {
          missing.push(`${entity.table}.${field}: no labels`);
          continue;
        }
        for (const value of values)
          if (!fr.exists(`${prefix}${value}`) || !ar.exists(`${prefix}${value}`))
            missing.push(`${entity.table}.${field}=${value}`);
      }
    expect(missing).toEqual([]);
  });

  it('read a committee decision, amounts, dates, places and a PV as the screens do', () => {
    expect(fieldLabelKey('incomeProjects', 'decision')).toBe('agr.decision.decision');
    expect(tFr(fieldLabelKey('incomeProjects', 'amountGrantedCentimes') ?? 'errors.invalid')).toBe(
      'Montant accordé (DH)',
    );
    expect(displayValue('incomeProjects', 'decision', 'approuve', 'fr', tFr)).toBe('Approuvé');
    expect(displayValue('incomeProjects', 'decision', 'approuve', 'ar', tAr)).toBe(ar.t('agr.decisionValue.approuve'));
    expect(displayValue('incomeProjects', 'amountGrantedCentimes', 300_000, 'fr', tFr)).toBe('3.000,00\u00A0MAD');
    expect(displayValue('equipmentLines', 'quantity', 12_000, 'fr', tFr)).toBe('12.000');
    expect(displayValue('incomeProjects', 'decisionDate', '2026-03-06', 'fr', tFr)).toBe('6 mars 2026');
    expect(displayValue('ceremonies', 'prefectureCode', 'CS-CASABLANCA', 'fr', tFr)).not.toBe('CS-CASABLANCA');
    expect(displayValue('stageChanges', 'to', 'remise', 'fr', tFr)).toBe('Remise');
    expect(displayValue('duplicateDecisions', 'reasons', ['sameCin', 'samePhone'], 'fr', tFr)).toBe(
      'Même CIN, Même téléphone',
    );
    expect(displayValue('beneficiaries', 'phone', '+212612345678', 'fr', tFr)).toBe('06 12 34 56 78');
    expect(
      displayValue('handoverReceipts', 'items', [{ designation: 'Four' }, { designation: 'Friteuse' }], 'fr', tFr),
    ).toBe('2 équipements : Four, Friteuse');
    expect(
      displayValue('handoverReceipts', 'beneficiarySignature', `data:image/png;base64,${'A'.repeat(4096)}`, 'fr', tFr),
    ).toBe('Image (3 Ko)');
    // An unknown value of a choice is shown as it came, not as a missing key.
    expect(displayValue('incomeProjects', 'decision', 'inconnu', 'fr', tFr)).toBe('inconnu');
  });

  it('offer a third value only where one can be typed', () => {
    expect(editKind('incomeProjects', 'committee', 'CPDH')).toBe('text');
    expect(editKind('incomeProjects', 'decisionDate', '')).toBe('date');
    expect(editKind('lifeProjectActions', 'deadline', '2026-04-01')).toBe('date');
    expect(editKind('incomeProjects', 'decision', 'approuve')).toBeNull();
    expect(editKind('fundingShares', 'amountCentimes', 300_000)).toBeNull();
    expect(editKind('ceremonyLines', 'ceremonyId', '0190a0b0-0000-7000-8000-000000000001')).toBeNull();
    expect(editKind('beneficiaries', 'prefectureCode', 'CS-CASABLANCA')).toBeNull();
  });
});
