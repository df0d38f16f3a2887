import { describe, expect, it } from 'vitest';
import { auditEventTypes, type AuditEntry } from '../../../shared/audit/auditEvents';
import { createI18n } from '../../i18n/i18n';
import { describeEntry, emptyFilterForm, filterOf, moroccanDayStart, personLabel, type AuditNames } from './auditModel';

const fr = createI18n('fr').t;
const ar = createI18n('ar').t;

const person = '0190a8d4-1c2e-7a3b-9c4d-0000000000b1';
const names: AuditNames = {
  users: {
    u1: { displayName: 'Nadia Berrada', username: 'nadia' },
    u2: { displayName: 'Karim Alami', username: 'karim' },
  },
  devices: { d1: 'PC accueil' },
  persons: {
    [person]: { id: person, fileNumber: 'CASA-2026-K7QX3-0042', latinName: 'Tazi Youssef', arabicName: 'التازي يوسف' },
  },
};

function entry(type: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq: 1,
    at: '2026-03-10T09:00:00.000Z',
    type,
    kind: 'other',
    outcome: 'ok',
    actorUserId: 'u1',
    subjectUserId: null,
    deviceId: 'd1',
    username: null,
    detail: {},
    beneficiaryIds: [],
    ...overrides,
  };
}

describe('an audit entry as the screen says it', () => {
  it('describes a push batch: how many records, and per row the table and the fields', () => {
    const push = entry('sync-push', {
      beneficiaryIds: [person],
      detail: {
        rows: [
          { table: 'beneficiaries', rowId: person, fields: ['cin', 'phone'] },
          { table: 'detentionRecords', rowId: person, fields: [], deleted: true },
        ],
      },
    });
    expect(describeEntry(push, names, fr, 'fr')).toEqual({
      title: 'Envoi de la synchronisation : 2 fiches créées ou modifiées',
      lines: ['Bénéficiaire : cin, phone', 'Détention : suppression'],
      user: 'Nadia Berrada',
      device: 'PC accueil',
      persons: [{ fileNumber: 'CASA-2026-K7QX3-0042', name: 'Tazi Youssef' }],
      outcome: 'Réussi',
      isSuccess: true,
    });
    const arabic = describeEntry(push, names, ar, 'ar');
    expect(arabic.title).toBe('إرسال المزامنة: سجلان أُنشئا أو عُدِّلا');
    expect(arabic.lines[0]).toBe('المستفيد: cin, phone');
    expect(arabic.persons).toEqual([{ fileNumber: 'CASA-2026-K7QX3-0042', name: 'التازي يوسف' }]);
  });

  it('describes a consultation with when the PC showed the data, by its clock', () => {
    const consultation = entry('consultation', {
      beneficiaryIds: [person],
      detail: { what: 'detention', viewedAt: '2026-05-12T08:30:00.000Z' },
    });
    const french = describeEntry(consultation, names, fr, 'fr');
    expect(french.title).toBe('Consultation : données de détention du dossier');
    expect(french.lines).toEqual(['Affichées le 12 mai 2026, 09:30 (heure du poste)']);
    expect(describeEntry(consultation, names, ar, 'ar').title).toBe('اطلاع: معطيات الاعتقال في الملف');
  });

  it('describes a refused sign-in by the account and what was typed', () => {
    const refused = entry('sign-in', {
      actorUserId: null,
      subjectUserId: 'u2',
      username: 'karim',
      outcome: 'invalid-credentials',
    });
    expect(describeEntry(refused, names, fr, 'fr')).toMatchObject({
      title: 'Connexion',
      lines: ['Identifiant saisi : karim'],
      user: 'Karim Alami',
      outcome: 'Mot de passe erroné',
      isSuccess: false,
    });
    const nobody = entry('sign-in', { actorUserId: null, username: 'ghost', outcome: 'invalid-credentials' });
    expect(describeEntry(nobody, names, fr, 'fr').user).toBe('ghost');
  });

  it('names the account an administrator changed, and the role given', () => {
    expect(describeEntry(entry('user-disable', { subjectUserId: 'u2' }), names, fr, 'fr').title).toBe(
      'Désactivation du compte de Karim Alami',
    );
    const created = entry('user-create', { username: 'karim', detail: { role: 'conseiller' } });
    expect(describeEntry(created, names, ar, 'ar')).toMatchObject({
      title: 'إنشاء الحساب karim',
      lines: ['المرشد'],
    });
  });

  it('has a sentence for every event type in both languages, and one for a type it does not know', () => {
    for (const type of Object.keys(auditEventTypes)) {
      for (const [t, language] of [
        [fr, 'fr'],
        [ar, 'ar'],
      ] as const) {
        const { title, outcome } = describeEntry(entry(type), names, t, language);
        expect(title, `${language} ${type}`).not.toMatch(/audit\.|{{/);
        expect(outcome).not.toMatch(/audit\./);
      }
    }
    expect(describeEntry(entry('future-thing'), names, fr, 'fr').title).toBe('Événement « future-thing »');
    expect(describeEntry(entry('sign-in', { outcome: 'new-reason' }), names, fr, 'fr').outcome).toBe('new-reason');
  });

  it('names a person the server does not know by the start of the id', () => {
    const unknown = entry('consultation', { beneficiaryIds: ['0190ffff-0000-7000-8000-000000000000'] });
    expect(describeEntry(unknown, names, fr, 'fr').persons).toEqual([
      { fileNumber: '', name: 'Personne inconnue du serveur (0190ffff)' },
    ]);
  });

  it('keeps a file number left to right inside an Arabic sentence', () => {
    const known = names.persons[person];
    if (known === undefined) throw new Error('no person');
    expect(personLabel(known, 'ar')).toBe('\u2066CASA-2026-K7QX3-0042\u2069 · التازي يوسف');
  });
});

describe('the filter form', () => {
  it('is the route filter, with a period of whole Moroccan days', () => {
    expect(filterOf(emptyFilterForm, moroccanDayStart)).toEqual({});
    expect(
      filterOf(
        { userId: 'u1', person: '  K7QX3 ', from: '2026-05-11', to: '2026-05-12', kind: 'consultation' },
        moroccanDayStart,
      ),
    ).toEqual({
      userId: 'u1',
      person: 'K7QX3',
      // Casablanca is UTC+1 outside Ramadan…
      from: '2026-05-10T23:00:00.000Z',
      to: '2026-05-12T23:00:00.000Z',
      kind: 'consultation',
    });
    // …and UTC+0 during Ramadan (March 2026).
    expect(filterOf({ ...emptyFilterForm, from: '2026-03-09' }, moroccanDayStart)).toEqual({
      from: '2026-03-09T00:00:00.000Z',
    });
  });

  it('refuses a period that ends before it starts', () => {
    expect(filterOf({ ...emptyFilterForm, from: '2026-03-10', to: '2026-03-09' }, moroccanDayStart)).toBeNull();
  });
});
