import type { LocalConflict } from '../../sync/types';

/**
 * For the sync screens' tests: two counsellors wrote the CIN of the same person; Karim's version
 * won, Amina's (the user's own) lost. Karim wrote at 16:00 in Casablanca, Amina an hour earlier.
 */
export const testConflict: LocalConflict = {
  key: 'beneficiaries/r1/cin/v2',
  table: 'beneficiaries',
  rowId: 'r1',
  field: 'cin',
  kind: 'concurrentEdit',
  winningValue: 'BE111111',
  losingValue: 'BE222222',
  winningVersion: 'v1',
  losingVersion: 'v2',
  winningBy: 'Karim Alaoui',
  losingBy: 'Amina El Idrissi',
  winningAt: Date.parse('2026-11-28T15:00:00Z'),
  losingAt: Date.parse('2026-11-28T14:00:00Z'),
  mine: 'losing',
  masarSide: null,
  recordLabel: 'EL IDRISSI Amina',
};
