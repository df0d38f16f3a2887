import { describe, expect, it } from 'vitest';
import type { Stage } from './parcours';
import { closedFromOf, lastClosing, type StageChange } from './stageChange';
import { admissionSchema } from '../beneficiary/beneficiary';
import { detentionDraftSchema, emptyDetentionDraft } from '../casefile/detention';
import { diagnosticDraftSchema, emptyDiagnosticDraft } from './diagnostic';
import { emptyLifeProjectDraft, lifeProjectDraftSchema } from './lifeProject';

const now = Date.UTC(2026, 10, 29, 12);
const today = '2026-11-29';
const born = '1990-04-12';

/** The message keys of a failed parse, by field. */
function errorsOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const errors: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

const admission = {
  releaseDate: '',
  familySituation: '',
  childrenCount: null,
  housing: '',
  educationLevel: '',
  detentionTraining: '',
  sprDiagnostic: '',
  sprDiagnosticDate: '',
  consentDate: '',
  consentPurpose: '',
  consentCollectedBy: '',
} as const;

describe('the case file forms refuse impossible dates with one clear message', () => {
  it('admission: release in the future, release before birth, consent before birth or incomplete', () => {
    const schema = admissionSchema(now, born);
    expect(errorsOf(schema.safeParse({ ...admission, releaseDate: '2027-01-01' }))).toEqual({
      releaseDate: 'errors.releaseInFuture',
    });
    expect(errorsOf(schema.safeParse({ ...admission, releaseDate: '1995-01-01' }))).toEqual({
      releaseDate: 'errors.releaseBeforeBirth',
    });
    expect(
      errorsOf(
        schema.safeParse({ ...admission, consentDate: '1980-01-01', consentPurpose: 'Suivi', consentCollectedBy: 'A' }),
      ),
    ).toEqual({ consentDate: 'errors.dateBeforeBirth' });
    expect(errorsOf(schema.safeParse({ ...admission, consentDate: '2025-07-02' }))).toEqual({
      consentPurpose: 'errors.consentIncomplete',
      consentCollectedBy: 'errors.consentIncomplete',
    });
    expect(schema.safeParse({ ...admission, childrenCount: -1 }).success).toBe(false);
    expect(
      schema.parse({
        ...admission,
        releaseDate: '2025-06-30',
        consentDate: '2025-07-02',
        consentPurpose: ' Accompagnement ',
        consentCollectedBy: 'Amina',
      }),
    ).toMatchObject({ releaseDate: '2025-06-30', consentPurpose: 'Accompagnement' });
  });

  it('detention: entry in the future, before birth or after the release', () => {
    const schema = detentionDraftSchema(now, born, '2025-06-30');
    const entry = (entryDate: string) => errorsOf(schema.safeParse({ ...emptyDetentionDraft, entryDate }));
    expect(entry('2027-01-01')).toEqual({ entryDate: 'errors.dateInFuture' });
    expect(entry('1980-01-01')).toEqual({ entryDate: 'errors.dateBeforeBirth' });
    expect(entry('2025-09-01')).toEqual({ entryDate: 'errors.entryAfterRelease' });
    expect(entry('2022-01-10')).toEqual({});
    expect(schema.safeParse({ ...emptyDetentionDraft, sentenceMonths: 2.5 }).success).toBe(false);
  });

  it('diagnostic and life project: dates between birth and today, validation complete or absent', () => {
    const diagnostic = diagnosticDraftSchema(today, born);
    const on = (diagnosticDate: string) => errorsOf(diagnostic.safeParse({ ...emptyDiagnosticDraft, diagnosticDate }));
    expect(on('2099-13-01')).toEqual({ diagnosticDate: 'errors.invalidDate' });
    expect(on('2027-01-01')).toEqual({ diagnosticDate: 'errors.dateInFuture' });
    expect(on('1900-01-01')).toEqual({ diagnosticDate: 'errors.dateBeforeBirth' });
    expect(on('2025-08-10')).toEqual({});

    const project = lifeProjectDraftSchema(today, born);
    expect(errorsOf(project.safeParse({ ...emptyLifeProjectDraft, validatedOn: '2025-09-01' }))).toEqual({
      validatedBy: 'errors.required',
    });
    expect(errorsOf(project.safeParse({ ...emptyLifeProjectDraft, validatedBy: 'Comité' }))).toEqual({
      validatedOn: 'errors.required',
    });
    expect(
      errorsOf(project.safeParse({ ...emptyLifeProjectDraft, validatedOn: '1985-01-01', validatedBy: 'Comité' })),
    ).toEqual({ validatedOn: 'errors.dateBeforeBirth' });
  });
});

describe('a malformed date says so', () => {
  it('in the release date too', () => {
    expect(errorsOf(admissionSchema(now, born).safeParse({ ...admission, releaseDate: '2025-02-30' }))).toEqual({
      releaseDate: 'errors.invalidDate',
    });
  });
});

describe('the stage a file was closed from', () => {
  const change = (from: Stage, to: Stage, at: string): StageChange => ({
    id: `0190a8d4-1c2e-7a3b-9c4d-${at.replace(/\D/g, '').slice(-12).padStart(12, '0')}`,
    centreId: 'c',
    beneficiaryId: '0190a8d4-1c2e-7a3b-9c4d-000000000001',
    kind: to === 'cloture' ? 'close' : 'forward',
    from,
    to,
    reason: to === 'cloture' ? 'abandon' : '',
    comment: '',
    byUserId: '',
    byName: '',
    at,
  });

  it('is the last closing move’s stage, and none for a file never closed', () => {
    expect(closedFromOf([])).toBeNull();
    expect(closedFromOf([change('accueil', 'diagnostic', '2026-01-01')])).toBeNull();
    const history = [
      change('accueil', 'cloture', '2026-01-01'),
      change('cloture', 'accueil', '2026-01-02'),
      change('accueil', 'diagnostic', '2026-01-03'),
      change('diagnostic', 'cloture', '2026-01-04'),
    ];
    expect(closedFromOf(history)).toBe('diagnostic');
    expect(lastClosing(history)?.at).toBe('2026-01-04');
  });
});
