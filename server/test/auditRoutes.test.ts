/**
 * The audit routes (server/src/routes/audit.ts) on SQLite and PostgreSQL: administrators only,
 * the filters (user, person by id, file number or name, period, kind), pages, the names of the
 * ids, the CSV export as French Excel opens it, the chain's verification — and every read of the
 * audit is itself in the audit.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { csvByteOrderMark } from '../../shared/audit/auditCsv';
import { auditExportSchema, auditPageSchema, auditVerificationSchema } from '../../shared/audit/auditEvents';
import type { AuditFilter } from '../../shared/audit/auditEvents';
import { newId } from '../../shared/ids/uuidv7';
import { insertAuditEvent, listAuditEvents } from '../src/db';
import { buildAccountsServer, call, postSignIn, seedCentre, seedUser, signIn } from './support/accounts';
import type { Session, TestUser } from './support/accounts';
import type { MasarServer } from '../src/masarServer';
import { signInResponseSchema } from '../../shared/auth/schemas';
import { expectApiError } from './support/http';
import { SyncClient } from './support/sync';
import { engines } from './support/testDatabase';

/** Signs in from a new PC that names itself `deviceName` (a name typed as a spreadsheet formula). */
async function signInFrom(app: MasarServer, user: TestUser, deviceName: string): Promise<Session> {
  const response = await postSignIn(app, { username: user.username, password: user.password, deviceName });
  expect(response.statusCode, response.payload).toBe(200);
  const body = signInResponseSchema.parse(response.json());
  const token = body.newDevice?.token ?? '';
  return { deviceToken: token, sessionToken: body.sessionToken, deviceId: body.deviceId, response: body };
}

describe.each(engines)('audit routes on %s', (engine) => {
  /**
   * A centre with a counsellor who registered two persons through sync, a coordinator, and the
   * administrator signed in; a failed sign-in typed as a formula.
   */
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centre = await seedCentre(database, 'CAPC-A', 'CSE');
    const amina = await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] });
    const chaima = await seedUser(database, {
      username: 'chaima',
      role: 'coordinateur_centre',
      centreIds: [centre.id],
    });
    const admin = await seedUser(database, { username: 'admin', role: 'administrateur' });
    const aminaPc = new SyncClient(app, await signIn(app, amina), amina.id, clock);
    const youssef = newId();
    const fatima = newId();
    clock.advance(60_000);
    await aminaPc.push([
      ...aminaPc.create(youssef, centre.id, {
        lastNameLatin: 'Tazi',
        firstNameLatin: 'Youssef',
        lastNameArabic: 'التازي',
        firstNameArabic: 'يوسف',
        fileNumber: 'CASA-2026-K7QX3-0042',
      }),
      ...aminaPc.create(fatima, centre.id, {
        lastNameLatin: 'Alaoui',
        firstNameLatin: 'Fatima',
        fileNumber: 'CASA-2026-K7QX3-0043',
      }),
    ]);
    clock.advance(24 * 60 * 60_000);
    expect((await postSignIn(app, { username: 'amina', password: 'wrong password' })).statusCode).toBe(401);
    const adminSession = await signInFrom(app, admin, '=cmd|calc');
    return { ...server, centre, amina, chaima, admin, adminSession, aminaPc, youssef, fatima };
  }

  async function search(
    app: Awaited<ReturnType<typeof setup>>['app'],
    session: Session,
    filter: AuditFilter,
    extra: { beforeSeq?: number; limit?: number } = {},
  ) {
    const response = await call(app, 'auditSearch', session, { body: { filter, ...extra } });
    expect(response.statusCode, response.payload).toBe(200);
    return auditPageSchema.parse(response.json());
  }

  it('answers administrators only, and audits the refusals', async () => {
    const { app, database, amina, chaima } = await setup();
    for (const user of [amina, chaima]) {
      const session = await signIn(app, user);
      expectApiError(await call(app, 'auditSearch', session, { body: { filter: {} } }), 403, 'forbidden');
      expectApiError(
        await call(app, 'auditExport', session, { body: { filter: {}, language: 'fr' } }),
        403,
        'forbidden',
      );
      expectApiError(await call(app, 'auditVerify', session), 403, 'forbidden');
    }
    const refusals = (await listAuditEvents(database.db)).filter((event) => event.outcome === 'forbidden');
    expect(refusals.map((event) => [event.type, event.actorUserId])).toEqual([
      ['audit-read', amina.id],
      ['audit-export', amina.id],
      ['audit-verify', amina.id],
      ['audit-read', chaima.id],
      ['audit-export', chaima.id],
      ['audit-verify', chaima.id],
    ]);
  });

  it('lists the newest first with the names of users, PCs and persons, and audits each read', async () => {
    const { app, database, adminSession, admin, amina, aminaPc, youssef } = await setup();
    const page = await search(app, adminSession, {});
    expect(page.entries.map((entry) => [entry.type, entry.outcome])).toEqual([
      ['sign-in', 'ok'],
      ['device-register', 'ok'],
      ['sign-in', 'invalid-credentials'],
      ['sync-push', 'ok'],
      ['sign-in', 'ok'],
      ['device-register', 'ok'],
    ]);
    const push = page.entries.find((entry) => entry.type === 'sync-push');
    expect(push).toMatchObject({ kind: 'push', actorUserId: amina.id, deviceId: aminaPc.session.deviceId });
    expect(page.users[amina.id]).toEqual({ displayName: 'User amina', username: 'amina' });
    expect(page.devices[aminaPc.session.deviceId]).toBe('PC');
    expect(page.devices[adminSession.deviceId]).toBe('=cmd|calc');
    expect(page.persons[youssef]).toEqual({
      id: youssef,
      fileNumber: 'CASA-2026-K7QX3-0042',
      latinName: 'Tazi Youssef',
      arabicName: 'التازي يوسف',
    });
    expect(page.nextBeforeSeq).toBeNull();

    const reads = (await listAuditEvents(database.db)).filter((event) => event.type === 'audit-read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ outcome: 'ok', actorUserId: admin.id, deviceId: adminSession.deviceId });
    expect(JSON.parse(reads[0]?.detail ?? '') as unknown).toEqual({ filter: {}, entries: 6 });
    // The next read lists the previous one.
    expect((await search(app, adminSession, { kind: 'audit' })).entries.map((entry) => entry.type)).toEqual([
      'audit-read',
    ]);
  });

  it('pages back through older entries', async () => {
    const { app, adminSession } = await setup();
    const first = await search(app, adminSession, {}, { limit: 4 });
    expect(first.entries.map((entry) => entry.seq)).toEqual([6, 5, 4, 3]);
    expect(first.nextBeforeSeq).toBe(3);
    const second = await search(app, adminSession, {}, { limit: 4, beforeSeq: 3 });
    expect(second.entries.map((entry) => entry.seq)).toEqual([2, 1]);
    expect(second.nextBeforeSeq).toBeNull();
  });

  it('filters by user, kind and period', async () => {
    const { app, adminSession, amina, clock } = await setup();
    // What Amina did, and the refused sign-in on her account.
    const byUser = await search(app, adminSession, { userId: amina.id });
    expect(byUser.entries.map((entry) => [entry.type, entry.outcome])).toEqual([
      ['sign-in', 'invalid-credentials'],
      ['sync-push', 'ok'],
      ['sign-in', 'ok'],
      ['device-register', 'ok'],
    ]);
    const signIns = await search(app, adminSession, { kind: 'sign-in' });
    expect(signIns.entries.every((entry) => entry.kind === 'sign-in')).toBe(true);
    expect(signIns.entries).toHaveLength(5);
    const pushes = await search(app, adminSession, { kind: 'push' });
    expect(pushes.entries.map((entry) => entry.type)).toEqual(['sync-push']);
    // The day before the administrator signed in: Amina's sign-in and push only.
    const today = clock.now();
    const dayBefore = await search(app, adminSession, {
      from: new Date(today.getTime() - 2 * 24 * 60 * 60_000).toISOString(),
      to: new Date(today.getTime() - 12 * 60 * 60_000).toISOString(),
    });
    expect(dayBefore.entries.map((entry) => entry.type)).toEqual(['sync-push', 'sign-in', 'device-register']);
  });

  it('lists under `other` the types this version does not know', async () => {
    const { app, database, adminSession } = await setup();
    await insertAuditEvent(database.db, { at: new Date().toISOString(), type: 'future-thing', outcome: 'ok' });
    const others = await search(app, adminSession, { kind: 'other' });
    expect(others.entries.map((entry) => [entry.type, entry.kind])).toEqual([['future-thing', 'other']]);
  });

  it('filters by person: an id, a file number or a name in either script', async () => {
    const { app, adminSession, youssef, fatima } = await setup();
    const byId = await search(app, adminSession, { person: youssef });
    expect(byId.entries.map((entry) => entry.type)).toEqual(['sync-push']);
    expect(byId.matchedPersons).toBeNull();

    for (const text of ['K7QX3-0042', 'casa-2026-k7qx3-0042', 'youssef', 'Tazi', 'التازي']) {
      const page = await search(app, adminSession, { person: text });
      expect(
        page.matchedPersons?.map((person) => person.id),
        text,
      ).toEqual([youssef]);
      expect(page.entries.map((entry) => entry.type)).toEqual(['sync-push']);
    }
    const both = await search(app, adminSession, { person: 'K7QX3' });
    expect(new Set(both.matchedPersons?.map((person) => person.id))).toEqual(new Set([youssef, fatima]));

    const nobody = await search(app, adminSession, { person: 'Zerhouni' });
    expect(nobody).toMatchObject({ matchedPersons: [], entries: [] });
  });

  it('exports the entries as CSV for French Excel, formulas neutralised, headers in the language asked', async () => {
    const { app, database, adminSession, amina } = await setup();
    const response = await call(app, 'auditExport', adminSession, { body: { filter: {}, language: 'fr' } });
    expect(response.statusCode, response.payload).toBe(200);
    const exported = auditExportSchema.parse(response.json());
    expect(exported).toMatchObject({ fileName: 'audit-masar-2025-03-11.csv', rowCount: 6, isTruncated: false });
    expect(exported.csv.startsWith(csvByteOrderMark)).toBe(true);
    const lines = exported.csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      'N°;Date (UTC);Catégorie;Événement;Résultat;Utilisateur;Identifiant utilisateur;Identifiant saisi;Compte concerné;Poste;Identifiant poste;Personnes (n° de dossier);Identifiants personnes;Détails;Empreinte SHA-256',
    );
    const failed = lines.find((line) => line.includes('invalid-credentials'));
    expect(failed?.split(';')[7]).toBe('amina');
    // The PC's name, typed as a formula, is text: `'=cmd|calc`.
    const adminSignIn = lines.find((line) => line.includes(';sign-in;ok;User admin;'));
    expect(adminSignIn?.split(';')[9]).toBe("'=cmd|calc");
    const push = lines.find((line) => line.includes(';sync-push;'))?.split(';');
    expect(push?.slice(2, 7)).toEqual(['push', 'sync-push', 'ok', 'User amina', amina.id]);
    expect(push?.[11]).toBe('CASA-2026-K7QX3-0042 CASA-2026-K7QX3-0043');
    expect(push?.at(-1)).toMatch(/^[0-9a-f]{64}$/);
    // The JSON of the details is one quoted cell: its quotes doubled.
    expect(lines.find((line) => line.includes(';sync-push;'))).toMatch(/;"\{""batchId"":/);

    const arabic = auditExportSchema.parse(
      (await call(app, 'auditExport', adminSession, { body: { filter: { kind: 'push' }, language: 'ar' } })).json(),
    );
    expect(arabic.rowCount).toBe(1);
    expect(arabic.csv.slice(1).split('\r\n')[0]?.split(';')[0]).toBe('الرقم');

    const exports = (await listAuditEvents(database.db)).filter((event) => event.type === 'audit-export');
    expect(exports.map((event) => JSON.parse(event.detail) as unknown)).toEqual([
      { filter: {}, format: 'csv', entries: 6, isTruncated: false },
      { filter: { kind: 'push' }, format: 'csv', entries: 1, isTruncated: false },
    ]);
  });

  it('verifies the chain, says where it is broken, and audits each verification', async () => {
    const { app, database, adminSession } = await setup();
    const intact = auditVerificationSchema.parse((await call(app, 'auditVerify', adminSession)).json());
    expect(intact).toMatchObject({ isIntact: true, entries: 6 });

    if (engine === 'postgres') await sql`alter table audit_events disable trigger user`.execute(database.db);
    else await sql`drop trigger audit_events_append_only_update`.execute(database.db);
    await database.db.updateTable('audit_events').set({ outcome: 'ok' }).where('seq', '=', 4).execute();
    const broken = auditVerificationSchema.parse((await call(app, 'auditVerify', adminSession)).json());
    expect(broken).toEqual({ isIntact: false, entries: 3, problem: { kind: 'changed', seq: 4 } });

    const verifications = (await listAuditEvents(database.db)).filter((event) => event.type === 'audit-verify');
    expect(verifications.map((event) => event.outcome)).toEqual(['intact', 'broken']);
  });
});
