import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/i18n';
import type { LocalConflict } from '../../sync/types';
import {
  conflictEditKind,
  detentionRowIds,
  conflictSides,
  deleteVsEditMessage,
  displayValue,
  fieldLabel,
  formatClockOffset,
  formatDuration,
  formatRelative,
  parseConflictValue,
  phaseState,
  progressPercent,
  rejectionMessage,
  type Translate,
} from './syncModel';
import { testConflict as conflict } from './testConflict';

const fr = createI18n('fr');
const ar = createI18n('ar');
const tFr: Translate = (key, values) => fr.t(key, values);
const tAr: Translate = (key, values) => ar.t(key, values);

describe('conflict sides', () => {
  it('put the user’s own version first, as "mine / theirs", keeping the engine’s side names', () => {
    const [first, second] = conflictSides(conflict);
    expect(first).toMatchObject({ side: 'losing', titleKey: 'sync.review.mine', keepKey: 'sync.review.keepMine' });
    expect(first.value).toBe('BE222222');
    expect(first.by).toBe('Amina El Idrissi');
    expect(second).toMatchObject({ side: 'winning', titleKey: 'sync.review.theirs', value: 'BE111111' });
  });

  it('read "retenue / autre" when neither side is the user’s', () => {
    const [first, second] = conflictSides({ ...conflict, mine: null });
    expect(first).toMatchObject({
      side: 'winning',
      titleKey: 'sync.review.winning',
      keepKey: 'sync.review.keepWinning',
    });
    expect(second).toMatchObject({ side: 'losing', titleKey: 'sync.review.other', keepKey: 'sync.review.keepOther' });
  });

  it('explain a deletion against an edit in words, and offer no third value for it', () => {
    const deleted: LocalConflict = { ...conflict, kind: 'deleteVsEdit', winningValue: null };
    const message = deleteVsEditMessage(deleted, 'fr', tFr);
    expect(tFr(message.key, message.values)).toBe(
      'Fiche supprimée par Karim Alaoui alors que Amina El Idrissi la modifiait (CIN / CNIE : BE222222).',
    );
    const undeleted = deleteVsEditMessage({ ...deleted, field: '$deleted', winningBy: null }, 'fr', tFr);
    expect(tFr(undeleted.key, undeleted.values)).toBe(
      'Fiche supprimée par une personne inconnue alors que Amina El Idrissi la restaurait.',
    );
    expect(conflictEditKind(deleted)).toBeNull();
    expect(conflictEditKind(conflict)).toBe('text');
    expect(conflictEditKind({ ...conflict, field: 'noSuchField' })).toBeNull();
    expect(conflictEditKind({ ...conflict, field: 'dateOfBirth', winningValue: '1990-01-01' })).toBe('date');
    expect(conflictEditKind({ ...conflict, field: 'sex', winningValue: 'F' })).toBe('sex');
    // A choice, an amount or an id is kept from one side, then corrected in its form.
    const decision = {
      ...conflict,
      table: 'incomeProjects',
      field: 'decision',
      winningValue: '',
      losingValue: 'approuve',
    };
    expect(conflictEditKind(decision)).toBeNull();
    expect(
      conflictEditKind({ ...decision, field: 'amountGrantedCentimes', winningValue: 0, losingValue: 30 }),
    ).toBeNull();
    expect(conflictEditKind({ ...decision, field: 'committee', winningValue: '', losingValue: 'CPDH' })).toBe('text');
    expect(conflictEditKind({ ...decision, field: 'decisionDate', winningValue: '', losingValue: '2026-03-06' })).toBe(
      'date',
    );
  });
});

describe('field labels and values', () => {
  it('reuse the beneficiary form’s labels, in both languages', () => {
    expect(fieldLabel('beneficiaries', 'cin', tFr)).toBe('CIN / CNIE');
    expect(fieldLabel('beneficiaries', 'dateOfBirth', tAr)).toBe(ar.t('form.dateOfBirth'));
    expect(fieldLabel('beneficiaries', 'centreId', tFr)).toBe('Centre');
    expect(fieldLabel('other', 'x', tFr)).toBe('x');
  });

  it('show values as a person reads them', () => {
    expect(displayValue('beneficiaries', 'sex', 'F', 'fr', tFr)).toBe('Femme');
    expect(displayValue('beneficiaries', 'dateOfBirth', '1994-03-21', 'fr', tFr)).toBe('21 mars 1994');
    expect(displayValue('beneficiaries', 'cin', '', 'fr', tFr)).toBe('(vide)');
    expect(displayValue('beneficiaries', 'cin', null, 'ar', tAr)).toBe('(فارغ)');
    expect(displayValue('beneficiaries', 'cin', 'BE123456', 'fr', tFr)).toBe('BE123456');
  });
});

describe('a value typed in *Modifier*', () => {
  it('is normalised as the form does and checked with the field’s shared schema', () => {
    expect(parseConflictValue('beneficiaries', 'cin', ' be 123456 ')).toEqual({ ok: true, value: 'BE123456' });
    expect(parseConflictValue('beneficiaries', 'cin', 'AB-12/34')).toEqual({
      ok: false,
      messageKey: 'errors.cinCharacters',
    });
    expect(parseConflictValue('beneficiaries', 'lastNameLatin', '   ')).toEqual({
      ok: false,
      messageKey: 'errors.required',
    });
    expect(parseConflictValue('beneficiaries', 'dateOfBirth', '1994-02-30')).toEqual({
      ok: false,
      messageKey: 'errors.invalidDate',
    });
    expect(parseConflictValue('beneficiaries', 'sex', 'F')).toEqual({ ok: true, value: 'F' });
  });

  it('gets a message in the user’s language for every key it can give', () => {
    for (const [field, raw] of [
      ['cin', 'AB-12/34'],
      ['lastNameLatin', ''],
      ['dateOfBirth', 'x'],
      ['sex', 'X'],
      ['unknown', 'x'],
    ] as const) {
      const parsed = parseConflictValue('beneficiaries', field, raw);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(fr.exists(parsed.messageKey), `fr ${parsed.messageKey}`).toBe(true);
      expect(ar.exists(parsed.messageKey), `ar ${parsed.messageKey}`).toBe(true);
    }
  });
});

describe('rejection reasons', () => {
  it('are translated, with the schema’s message for an invalid value', () => {
    expect(rejectionMessage({ reason: 'invalid-value', messageKey: 'errors.cinCharacters' }, tFr)).toBe(
      'Valeur refusée : Seuls des lettres et des chiffres sont permis.',
    );
    expect(rejectionMessage({ reason: 'invalid-value', messageKey: 'errors.noSuchKey' }, tFr)).toBe(
      'Valeur refusée : la valeur ne respecte pas les règles de saisie.',
    );
    for (const reason of [
      'forbidden',
      'unknown-table',
      'unknown-field',
      'missing-scope',
      'scope-change',
      'wrong-replica',
    ] as const) {
      expect(rejectionMessage({ reason }, tFr)).not.toContain('sync.');
      expect(rejectionMessage({ reason }, tAr)).not.toContain('sync.');
    }
  });
});

describe('times', () => {
  const now = Date.UTC(2026, 10, 28, 18, 0);
  it('say how long ago the last sync was', () => {
    expect(formatRelative(new Date(now - 20_000).toISOString(), now, 'fr')).toBe('maintenant');
    expect(formatRelative(new Date(now - 5 * 60_000).toISOString(), now, 'fr')).toBe('il y a 5 minutes');
    expect(formatRelative(new Date(now - 26 * 3_600_000).toISOString(), now, 'fr')).toBe('hier');
    expect(formatRelative(new Date(now + 60_000).toISOString(), now, 'fr')).toBe('maintenant');
    expect(formatRelative(new Date(now - 5 * 60_000).toISOString(), now, 'ar')).toMatch(/5|٥/);
  });

  it('give a clock gap in the unit a person would use', () => {
    // Intl may put a no-break space between the number and the unit.
    expect(formatClockOffset(-12 * 60_000, 'fr')).toMatch(/^12\sminutes$/);
    expect(formatClockOffset(3 * 3_600_000, 'fr')).toMatch(/^3\sheures$/);
    expect(formatClockOffset(3 * 86_400_000, 'fr')).toMatch(/^3\sjours$/);
  });

  it('give durations in seconds, then minutes and seconds', () => {
    expect(formatDuration(4_400, tFr)).toBe('4 s');
    expect(formatDuration(125_000, tFr)).toBe('2 min 05 s');
  });
});

describe('progress', () => {
  it('moves forward through the phases', () => {
    expect(phaseState('sending', 'receiving')).toBe('done');
    expect(phaseState('receiving', 'receiving')).toBe('current');
    expect(phaseState('verifying', 'receiving')).toBe('pending');
    const sending = (sentOps: number) => progressPercent({ phase: 'sending', sentOps, totalOps: 10, receivedRows: 0 });
    expect(sending(0)).toBeLessThan(sending(5));
    expect(sending(10)).toBeLessThan(
      progressPercent({ phase: 'receiving', sentOps: 10, totalOps: 10, receivedRows: 3 }),
    );
    expect(progressPercent({ phase: 'verifying', sentOps: 10, totalOps: 10, receivedRows: 3 })).toBeLessThan(100);
  });
});

describe('consultations the sync lists record', () => {
  it('name the persons whose detention values are shown, not those of records that left the PC', () => {
    const person = '0190a8d4-1c2e-7a3b-9c4d-0000000000b1';
    const other = '0190a8d4-1c2e-7a3b-9c4d-0000000000b2';
    expect(
      detentionRowIds([
        { table: 'detentionRecords', rowId: person },
        { table: 'beneficiaries', rowId: other },
        { table: 'detentionRecords', rowId: other, accessLost: true },
      ]),
    ).toEqual([person]);
    expect(detentionRowIds(undefined)).toEqual([]);
  });
});
