/**
 * A modified client against the real server (SQLite and PostgreSQL): raw pushes that the screens
 * would never send, each refused with its reason while the rest of the batch is kept — the field →
 * role table, the rules across a file's records, written-once history, authors, ids and values —,
 * two honest offline edits whose merge breaks a rule opening a review instead of storing it
 * broken, and two pushes racing to create one row id in two centres.
 */
import { noDecision } from '../../shared/agr/incomeProject';
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids/uuidv7';
import { serverReplicaId } from '../../shared/sync/admission';
import type { JsonValue } from '../../shared/sync/merge';
import { findSyncRows } from '../../server/src/db';
import { buildAccountsServer, seedCentre, seedUser, signIn, type TestUser } from '../../server/test/support/accounts';
import { SyncClient, type OkPush, type OpDraft } from '../../server/test/support/sync';
import { engines } from '../../server/test/support/testDatabase';

/**
 * The ops of a new row of `table` (its centre first), or of some fields of a row, each based on
 * the version the client pulled; written a second after what came before, as a person would.
 */
function row(client: SyncClient, table: string, rowId: string, fields: Record<string, JsonValue>): OpDraft[] {
  client.clock.advance(1000);
  return Object.entries(fields).map(([field, value]) => ({
    ...client.set(rowId, field, value, { baseVersion: client.version(rowId, field) }),
    table,
  }));
}

const at = '2026-03-01T10:00:00.000Z';

/**
 * A whole file pushed as a counsellor's PC would: the person (followed by `counsellor`), consent,
 * a complete AGR diagnostic, a validated life project with its action, the moves up to
 * *validation*, and a project with two lines (300 000 centimes) and a share covering them.
 */
function fileOps(client: SyncClient, centreId: string, counsellor: TestUser, ids: FileIds): OpDraft[] {
  const { person, project } = ids;
  const move = (id: string, from: string, to: string, when: string) => [
    ...row(client, 'stageChanges', id, {
      centreId,
      beneficiaryId: person,
      kind: 'forward',
      from,
      to,
      reason: '',
      comment: '',
      byUserId: counsellor.id,
      byName: 'x',
      at: when,
    }),
    ...row(client, 'beneficiaries', person, { stage: to }),
  ];
  return [
    ...row(client, 'beneficiaries', person, {
      centreId,
      lastNameLatin: 'Bennani',
      firstNameLatin: 'Rachida',
      lastNameArabic: '',
      firstNameArabic: '',
      sex: 'F',
      dateOfBirth: '1987-02-14',
      cin: 'BJ445566',
      prefectureCode: 'CS-CASABLANCA',
      releaseDate: '2026-01-15',
      followedById: counsellor.id,
      followedByName: 'x',
      stage: 'accueil',
      createdAt: at,
      updatedAt: at,
    }),
    ...row(client, 'admissions', person, {
      centreId,
      beneficiaryId: person,
      consentDate: '2026-01-20',
      consentPurpose: 'Accompagnement',
      consentCollectedBy: 'Amina',
      updatedAt: at,
    }),
    ...row(client, 'diagnostics', person, {
      centreId,
      beneficiaryId: person,
      professionalPath: 'Cuisinier',
      skills: 'Cuisine',
      constraints: 'Aucune',
      motivation: 'Forte',
      labourMarketFit: 'Oui',
      orientation: 'agr',
      diagnosticDate: '2026-02-01',
      updatedAt: at,
    }),
    ...row(client, 'lifeProjects', person, {
      centreId,
      beneficiaryId: person,
      professionalObjectives: 'Snack',
      validatedOn: '2026-03-01',
      validatedBy: 'Comité',
      updatedAt: at,
    }),
    ...row(client, 'lifeProjectActions', ids.action, {
      centreId,
      beneficiaryId: person,
      description: 'Trouver un local',
      deadline: '2026-04-01',
      responsible: 'Rachida',
      status: 'prevue',
      createdAt: at,
      updatedAt: at,
    }),
    ...move(ids.moves[0], 'accueil', 'diagnostic', '2026-03-02T10:00:00.000Z'),
    ...move(ids.moves[1], 'diagnostic', 'projetDeVie', '2026-03-03T10:00:00.000Z'),
    ...move(ids.moves[2], 'projetDeVie', 'validation', '2026-03-04T10:00:00.000Z'),
    ...row(client, 'incomeProjects', project, {
      centreId,
      beneficiaryId: person,
      title: 'Snack',
      sector: 'restauration',
      sectorOther: '',
      activity: '',
      place: '',
      marketJustification: '',
      ...noDecision,
      createdAt: at,
      updatedAt: at,
    }),
    ...ids.lines.flatMap((lineId, index) =>
      row(client, 'equipmentLines', lineId, {
        centreId,
        beneficiaryId: person,
        projectId: project,
        designation: `Article ${String(index + 1)}`,
        quantity: 1,
        unitPriceCentimes: 150_000,
        supplier: '',
        serialNumber: '',
        handoverStatus: 'prevu',
        handoverNote: '',
        createdAt: `2026-03-05T10:0${String(index)}:00.000Z`,
        updatedAt: at,
      }),
    ),
    ...row(client, 'fundingShares', ids.share, {
      centreId,
      beneficiaryId: person,
      projectId: project,
      funder: 'fondation',
      partnerName: '',
      amountCentimes: 300_000,
      createdAt: at,
      updatedAt: at,
    }),
  ];
}

type FileIds = {
  person: string;
  project: string;
  action: string;
  share: string;
  moves: [string, string, string];
  lines: [string, string];
};

const newFileIds = (): FileIds => ({
  person: newId(),
  project: newId(),
  action: newId(),
  share: newId(),
  moves: [newId(), newId(), newId()],
  lines: [newId(), newId()],
});

const approval = (granted: number, approvedTotal: number) => ({
  committee: 'CPDH',
  decisionDate: '2026-03-06',
  decisionReference: 'R-1',
  decision: 'approuve',
  amountGrantedCentimes: granted,
  approvedTotalCentimes: approvedTotal,
});

/** Every field of a ceremony of the centre, on 1 April 2026 at the préfecture. */
const ceremonyFields = (centreId: string, status: string) => ({
  centreId,
  date: '2026-04-01',
  place: 'Préfecture',
  prefectureCode: '',
  presidingAuthority: '',
  partnersPresent: '',
  status,
  createdAt: at,
  updatedAt: at,
});

function reasons(answer: OkPush): [string, string, string | undefined][] {
  return answer.rejections.map((rejection) => [rejection.field, rejection.reason, rejection.messageKey]);
}

describe.each(engines)('a modified client on %s', (engine) => {
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centre = await seedCentre(database, 'CAPC-A', 'CSE');
    const other = await seedCentre(database, 'CAPC-B', 'CSE');
    const users = {
      amina: await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] }),
      karim: await seedUser(database, { username: 'karim', role: 'conseiller', centreIds: [centre.id] }),
      chaima: await seedUser(database, { username: 'chaima', role: 'coordinateur_centre', centreIds: [centre.id] }),
      badr: await seedUser(database, { username: 'badr', role: 'conseiller', centreIds: [other.id] }),
    };
    const client = async (user: TestUser) => new SyncClient(app, await signIn(app, user), user.id, clock);
    const amina = await client(users.amina);
    const ids = newFileIds();
    expect(reasons(await amina.push(fileOps(amina, centre.id, users.amina, ids)))).toEqual([]);
    const stored = async (table: string, rowId: string) => {
      const [found] = await findSyncRows(database.db, table, [rowId]);
      return found === undefined
        ? undefined
        : (JSON.parse(found.state) as { record: Record<string, JsonValue> }).record;
    };
    return { ...server, centre, other, users, client, amina, ids, stored };
  }

  it('refuses an approval whose shares do not cover the budget, and keeps the rest of the batch', async () => {
    const { users, client, ids, stored } = await setup();
    const chaima = await client(users.chaima);
    await chaima.pullAll();
    // The attack measured: shares of 5 299 999 for a budget of 300 000.
    const answer = await chaima.push([
      ...row(chaima, 'fundingShares', ids.share, { amountCentimes: 5_299_999 }),
      ...row(chaima, 'incomeProjects', ids.project, approval(5_299_999, 300_000)),
      ...row(chaima, 'beneficiaries', ids.person, { phone: '+212612345678' }),
    ]);
    expect(new Set(reasons(answer).map(([, reason, key]) => `${reason} ${key ?? ''}`))).toEqual(
      new Set(['rule errors.rule.sharesDoNotAddUp']),
    );
    expect(reasons(answer).map(([field]) => field)).toEqual(Object.keys(approval(0, 0)));
    expect((await stored('incomeProjects', ids.project))?.decision).toBe('');
    expect((await stored('beneficiaries', ids.person))?.phone).toBe('+212612345678');
    // Covered to the centime, the same approval is accepted.
    const covered = await chaima.push([
      ...row(chaima, 'fundingShares', ids.share, { amountCentimes: 300_000 }),
      ...row(chaima, 'incomeProjects', ids.project, approval(300_000, 300_000)),
    ]);
    expect(reasons(covered)).toEqual([]);
    expect((await stored('incomeProjects', ids.project))?.decision).toBe('approuve');
  });

  it('leaves the committee’s decision and holding a ceremony to coordinators, and a PV to the file’s counsellor', async () => {
    const { centre, users, client, ids, amina } = await setup();
    const karim = await client(users.karim);
    const ceremony = newId();
    const answer = await amina.push([
      ...row(amina, 'incomeProjects', ids.project, { decision: 'approuve' }),
      ...row(amina, 'ceremonies', ceremony, ceremonyFields(centre.id, 'tenue')),
    ]);
    expect(
      reasons(answer)
        .filter(([, reason]) => reason === 'role')
        .map(([field]) => field),
    ).toEqual(['decision', 'status']);
    // Karim does not follow Rachida's file: he may not sign its PV.
    const receipt = await karim.push(
      row(karim, 'handoverReceipts', newId(), { centreId: centre.id, beneficiaryId: ids.person }),
    );
    expect(reasons(receipt).map(([, reason]) => reason)).toEqual(['role', 'role']);
  });

  it('keeps the parcours history written once, and the stage following a move the parcours allows', async () => {
    const { ids, amina, stored } = await setup();
    const [first] = ids.moves;
    const edit = await amina.push([
      ...row(amina, 'stageChanges', first, { to: 'suivi' }),
      { ...amina.delete(first), table: 'stageChanges' },
    ]);
    expect(reasons(edit).map(([, reason]) => reason)).toEqual(['immutable', 'immutable']);
    // A stage with no move behind it, and a move the file does not allow (no approved project).
    const forged = await amina.push(row(amina, 'beneficiaries', ids.person, { stage: 'remise' }));
    expect(reasons(forged)).toEqual([['stage', 'rule', 'errors.rule.stageWithoutMove']]);
    const jump = newId();
    const tooFar = await amina.push([
      ...row(amina, 'stageChanges', jump, {
        centreId: (await stored('beneficiaries', ids.person))?.centreId ?? '',
        beneficiaryId: ids.person,
        kind: 'forward',
        from: 'validation',
        to: 'miseEnOeuvre',
        reason: '',
        comment: '',
        byUserId: amina.userId,
        byName: 'x',
        at: '2026-03-10T10:00:00.000Z',
      }),
      ...row(amina, 'beneficiaries', ids.person, { stage: 'miseEnOeuvre' }),
    ]);
    expect(reasons(tooFar)).toEqual([]);
    const noHandover = await amina.push([
      ...row(amina, 'stageChanges', newId(), {
        centreId: (await stored('beneficiaries', ids.person))?.centreId ?? '',
        beneficiaryId: ids.person,
        kind: 'forward',
        from: 'miseEnOeuvre',
        to: 'remise',
        reason: '',
        comment: '',
        byUserId: amina.userId,
        byName: 'x',
        at: '2026-03-11T10:00:00.000Z',
      }),
      ...row(amina, 'beneficiaries', ids.person, { stage: 'remise' }),
    ]);
    expect(new Set(reasons(noHandover).map(([, , key]) => key))).toEqual(
      new Set(['errors.rule.moveMissing.approvedIncomeProject']),
    );
    expect((await stored('beneficiaries', ids.person))?.stage).toBe('miseEnOeuvre');
  });

  it('takes authors from the signed-in user: a forged id refused, a forged name replaced', async () => {
    const { centre, users, amina, ids, stored } = await setup();
    const move = newId();
    const answer = await amina.push(
      row(amina, 'stageChanges', move, {
        centreId: centre.id,
        beneficiaryId: ids.person,
        kind: 'back',
        from: 'validation',
        to: 'projetDeVie',
        reason: '',
        comment: 'Revu',
        byUserId: users.chaima.id,
        byName: 'La coordinatrice',
        at: '2026-03-10T10:00:00.000Z',
      }),
    );
    expect(reasons(answer)).toEqual([['byUserId', 'role', undefined]]);
    expect((await stored('stageChanges', move))?.byName).toBe('User amina');
    expect((await stored('stageChanges', move))?.byUserId).toBeUndefined();
  });

  it('holds ids to one canonical form, keeps derived ids in their parent’s centre, and never tells where an id exists', async () => {
    const { other, users, client, ids, amina } = await setup();
    const badr = await client(users.badr);
    const upper = await amina.push(row(amina, 'beneficiaries', newId().toUpperCase(), { centreId: 'x' }));
    expect(reasons(upper).map(([, reason]) => reason)).toEqual(['invalid-id']);
    // Rachida's detention record takes her id: another centre cannot claim it first.
    const claimed = await badr.push(
      row(badr, 'detentionRecords', ids.person, { centreId: other.id, beneficiaryId: ids.person }),
    );
    expect(reasons(claimed).map(([, reason]) => reason)).toEqual(['forbidden', 'forbidden']);
    // An id of another centre and an id that exists nowhere answer the same.
    const foreign = await badr.push(row(badr, 'beneficiaries', ids.person, { phone: '+212612345678' }));
    const nowhere = await badr.push(row(badr, 'beneficiaries', newId(), { phone: '+212612345678' }));
    expect(reasons(foreign)).toEqual(reasons(nowhere));
  });

  it('stores text as checked — trimmed, composed — and refuses NUL and lone surrogates with a reason, never a 500', async () => {
    const { centre, amina, stored } = await setup();
    const ceremony = newId();
    const fields = {
      ...ceremonyFields(centre.id, 'preparation'),
      place: `  Pre\u0301fecture${' '.repeat(5_000)}`,
      presidingAuthority: 'Le gouverneur\u0000',
      partnersPresent: 'INDH \uD800',
    };
    const answer = await amina.push(row(amina, 'ceremonies', ceremony, fields));
    expect(reasons(answer)).toEqual([
      ['presidingAuthority', 'invalid-value', 'errors.invalidCharacters'],
      ['partnersPresent', 'invalid-value', 'errors.invalidCharacters'],
    ]);
    expect((await stored('ceremonies', ceremony))?.place).toBe('Préfecture');
  });

  it('opens a review when two honest offline edits break an approval together: nothing stored broken', async () => {
    const { centre, users, client, ids, amina, stored } = await setup();
    const chaima = await client(users.chaima);
    await chaima.pullAll();
    // While the coordinator decides offline, the counsellor adds a line (the budget grows).
    expect(
      reasons(
        await amina.push(
          row(amina, 'equipmentLines', newId(), {
            centreId: centre.id,
            beneficiaryId: ids.person,
            projectId: ids.project,
            designation: 'Friteuse',
            quantity: 1,
            unitPriceCentimes: 50_000,
            supplier: '',
            serialNumber: '',
            handoverStatus: 'prevu',
            handoverNote: '',
            createdAt: '2026-03-07T10:00:00.000Z',
            updatedAt: at,
          }),
        ),
      ),
    ).toEqual([]);
    // The approval was right on what the coordinator had seen: not refused, put back for review.
    const decided = await chaima.push(row(chaima, 'incomeProjects', ids.project, approval(300_000, 300_000)));
    expect(reasons(decided)).toEqual([]);
    expect(decided.conflicts).toContainEqual({ table: 'incomeProjects', rowId: ids.project, field: 'decision' });
    expect((await stored('incomeProjects', ids.project))?.decision).toBe('');
    // Both sides are shown to review, one of them Masar's own.
    await chaima.pullAll();
    const pulled = chaima.rows.get(ids.project);
    const conflict = pulled?.conflicts.find((item) => item.field === 'decision');
    expect(conflict).toMatchObject({ winningValue: '', losingValue: 'approuve', winningBy: 'Masar' });
    expect(JSON.stringify(pulled)).toContain(serverReplicaId);
    // Closing it is writing the field: the counsellor may not, so the review stays open.
    await amina.pullAll();
    const versions = [conflict?.winningVersion ?? '', conflict?.losingVersion ?? ''];
    const closed = await amina.push([
      {
        ...amina.set(ids.project, 'decision', '', {
          baseVersion: amina.version(ids.project, 'decision'),
          resolves: versions,
        }),
        table: 'incomeProjects',
      },
    ]);
    expect(reasons(closed)).toEqual([['decision', 'role', undefined]]);
    await chaima.pullAll();
    expect(chaima.rows.get(ids.project)?.conflicts.map((item) => item.field)).toContain('decision');
  });

  it('refuses a PV with an item still planned, and a change to a signed project’s equipment', async () => {
    const { centre, users, client, ids, amina, stored } = await setup();
    const chaima = await client(users.chaima);
    await chaima.pullAll();
    expect(reasons(await chaima.push(row(chaima, 'incomeProjects', ids.project, approval(300_000, 300_000))))).toEqual(
      [],
    );
    const ceremony = newId();
    const moveTo = (from: string, to: string, when: string) => [
      ...row(amina, 'stageChanges', newId(), {
        centreId: centre.id,
        beneficiaryId: ids.person,
        kind: 'forward',
        from,
        to,
        reason: '',
        comment: '',
        byUserId: amina.userId,
        byName: 'x',
        at: when,
      }),
      ...row(amina, 'beneficiaries', ids.person, { stage: to }),
    ];
    await amina.pullAll();
    expect(
      reasons(
        await amina.push([
          ...moveTo('validation', 'miseEnOeuvre', '2026-03-10T10:00:00.000Z'),
          ...moveTo('miseEnOeuvre', 'remise', '2026-03-11T10:00:00.000Z'),
          ...row(amina, 'ceremonies', ceremony, ceremonyFields(centre.id, 'preparation')),
          ...row(amina, 'ceremonyLines', ids.project, {
            centreId: centre.id,
            ceremonyId: ceremony,
            beneficiaryId: ids.person,
            projectId: ids.project,
            status: 'inscrit',
            createdAt: at,
            updatedAt: at,
          }),
        ]),
      ),
    ).toEqual([]);
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const receipt = (status: string) => ({
      centreId: centre.id,
      ceremonyId: ceremony,
      beneficiaryId: ids.person,
      projectId: ids.project,
      version: 1,
      supersedesId: '',
      correctionReason: '',
      beneficiaryName: 'BENNANI Rachida',
      beneficiaryNameArabic: '',
      beneficiaryCin: 'BJ445566',
      projectTitle: 'Snack',
      items: ['Article 1', 'Article 2'].map((designation) => ({
        designation,
        quantity: 1,
        unitPriceCentimes: 150_000,
        serialNumber: '',
        handoverStatus: status,
        handoverNote: '',
      })),
      beneficiarySignatureKind: 'drawn',
      beneficiarySignature: png,
      counsellorName: 'x',
      counsellorSignature: png,
      signedOn: '2026-04-01',
      signedAt: at,
    });
    const planned = await amina.push(row(amina, 'handoverReceipts', newId(), receipt('prevu')));
    expect(new Set(reasons(planned).map(([, reason, key]) => `${reason} ${key ?? ''}`))).toEqual(
      new Set(['rule errors.rule.itemPlanned']),
    );
    const signedId = newId();
    expect(reasons(await amina.push(row(amina, 'handoverReceipts', signedId, receipt('remis'))))).toEqual([]);
    expect((await stored('handoverReceipts', signedId))?.counsellorName).toBe('User amina');
    await amina.pullAll();
    const [line] = ids.lines;
    const repriced = await amina.push(row(amina, 'equipmentLines', line, { unitPriceCentimes: 1 }));
    expect(reasons(repriced)).toEqual([['unitPriceCentimes', 'rule', 'errors.rule.signedProjectLocked']]);
    expect((await stored('equipmentLines', line))?.unitPriceCentimes).toBe(150_000);
  });

  it('closes the race of two pushes creating one row id in two centres: one refused, nothing overwritten', async () => {
    const { centre, other, users, client, stored } = await setup();
    const badr = await client(users.badr);
    const karim = await client(users.karim);
    const rowId = newId();
    const [fromA, fromB] = await Promise.all([
      karim.push(karim.create(rowId, centre.id, { lastNameLatin: 'Alpha' })),
      badr.push(badr.create(rowId, other.id, { lastNameLatin: 'Beta' })),
    ]);
    const refused = [fromA, fromB].filter((answer) => answer.rejections.length > 0);
    expect(refused).toHaveLength(1);
    expect(new Set(refused[0]?.rejections.map((rejection) => rejection.reason))).toEqual(new Set(['forbidden']));
    const kept = await stored('beneficiaries', rowId);
    const winner =
      fromA.rejections.length === 0 ? { centreId: centre.id, name: 'Alpha' } : { centreId: other.id, name: 'Beta' };
    expect(kept).toMatchObject({ centreId: winner.centreId, lastNameLatin: winner.name });
  });
});
