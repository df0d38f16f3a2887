import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids/uuidv7';
import { digestOf, emptyDigest } from '../../shared/sync/digest';
import { syncedEntities } from '../../shared/sync/entities';
import { formatHlc, parseHlc } from '../../shared/sync/hlc';
import { pushResponseSchema, decodeVersions } from '../../shared/sync/protocol';
import { buildAccountsServer, seedCentre, seededCentreAsSent, seedUser, signIn } from './support/accounts';
import type { TestUser } from './support/accounts';
import { countRows, pushBody, SyncClient, table } from './support/sync';
import { engines } from './support/testDatabase';

const day = 24 * 60 * 60 * 1000;

describe.each(engines)('sync push and pull on %s', (engine) => {
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centre = await seedCentre(database, 'CAPC-FES');
    const other = await seedCentre(database, 'CAPC-MEK');
    const users = {
      amina: await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] }),
      brahim: await seedUser(database, { username: 'brahim', role: 'conseiller', centreIds: [centre.id] }),
      chaima: await seedUser(database, { username: 'chaima', role: 'coordinateur_centre', centreIds: [centre.id] }),
      admin: await seedUser(database, { username: 'admin', role: 'administrateur' }),
    };
    const client = async (user: TestUser) => new SyncClient(app, await signIn(app, user), user.id, clock);
    /** Amina creates a beneficiary of the centre and Brahim pulls it: two PCs that hold the same row. */
    const twoClientsHoldingOneRow = async () => {
      const amina = await client(users.amina);
      const brahim = await client(users.brahim);
      const rowId = newId();
      await amina.push(amina.create(rowId, centre.id));
      await brahim.pullAll();
      return { amina, brahim, rowId };
    };
    return { ...server, centre, other, users, client, twoClientsHoldingOneRow };
  }

  it('creates rows with a first push, and a pull returns them with versions and matching digests', async () => {
    const { centre, users, client, database } = await setup();
    const amina = await client(users.amina);
    const rowId = newId();
    const ops = amina.create(rowId, centre.id);

    const answer = await amina.push(ops);
    expect(answer).toMatchObject({ status: 'ok', ackSeq: ops.length, rejections: [], conflicts: [], clamped: [] });
    expect(await countRows(database, 'sync_rows')).toBe(1);
    expect(await countRows(database, 'sync_op_log')).toBe(ops.length);

    const pulled = await amina.pullAll();
    // What the centre asks of its PCs comes with it (the defaults here).
    expect(pulled.scopes).toEqual([seededCentreAsSent(centre.id, 'CAPC-FES', 'FME')]);
    const row = amina.rows.get(rowId);
    expect(row).toMatchObject({ id: rowId, seq: 1, deleted: false, tombstoneVersion: null, conflicts: [] });
    expect(row?.record).toMatchObject({ centreId: centre.id, lastNameLatin: 'Alaoui', cin: 'AB123456' });
    for (const op of ops) {
      if (op.kind === 'set') expect(row ? decodeVersions(row)[op.field] : undefined).toBe(op.hlc);
    }
    expect(amina.cursors.get(`${centre.id}/${table}`)).toBe(1);
    // One digest per synced table of the centre: the beneficiaries', and the empty ones.
    expect(pulled.digests).toEqual(
      syncedEntities.map((entity) =>
        entity.table === table
          ? { scope: centre.id, table, ...digestOf([{ id: rowId, seq: 1 }]) }
          : { scope: centre.id, table: entity.table, ...emptyDigest },
      ),
    );
  });

  it('merges edits of different fields by two clients', async () => {
    const { twoClientsHoldingOneRow } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    await amina.pullAll();

    await amina.push([
      amina.set(rowId, 'firstNameLatin', 'Aicha', { baseVersion: amina.version(rowId, 'firstNameLatin') }),
    ]);
    const answer = await brahim.push([
      brahim.set(rowId, 'cin', 'CD987654', { baseVersion: brahim.version(rowId, 'cin') }),
    ]);
    expect(answer.conflicts).toEqual([]);

    await amina.pullAll();
    await brahim.pullAll();
    for (const replica of [amina, brahim]) {
      expect(replica.rows.get(rowId)?.record).toMatchObject({ firstNameLatin: 'Aicha', cin: 'CD987654' });
      expect(replica.rows.get(rowId)?.conflicts).toEqual([]);
    }
  });

  it('settles concurrent edits of a review field on one winner with exactly one conflict, naming both writers', async () => {
    const { twoClientsHoldingOneRow } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    const base = brahim.version(rowId, 'lastNameLatin');

    const first = await amina.push([amina.set(rowId, 'lastNameLatin', 'Alaoui-Benali', { baseVersion: base })]);
    expect(first.conflicts).toEqual([]);
    // Brahim's clock is one minute later: his value wins, whoever arrived first.
    brahim.wallOffsetMs = 60_000;
    const second = await brahim.push([brahim.set(rowId, 'lastNameLatin', 'El Alaoui', { baseVersion: base })]);
    expect(second.conflicts).toEqual([{ table, rowId, field: 'lastNameLatin' }]);

    await amina.pullAll();
    await brahim.pullAll();
    for (const replica of [amina, brahim]) {
      const row = replica.rows.get(rowId);
      expect(row?.record['lastNameLatin']).toBe('El Alaoui');
      expect(row?.conflicts).toEqual([
        expect.objectContaining({
          kind: 'concurrentEdit',
          field: 'lastNameLatin',
          winningValue: 'El Alaoui',
          losingValue: 'Alaoui-Benali',
          winningBy: 'User brahim',
          losingBy: 'User amina',
        }),
      ]);
    }
  });

  it('opens no conflict for concurrent edits of a field that is not a review field', async () => {
    const { twoClientsHoldingOneRow } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    const base = brahim.version(rowId, 'updatedAt');

    await amina.push([amina.set(rowId, 'updatedAt', '2025-03-10T09:01:00.000Z', { baseVersion: base })]);
    brahim.wallOffsetMs = 60_000;
    const answer = await brahim.push([
      brahim.set(rowId, 'updatedAt', '2025-03-10T09:02:00.000Z', { baseVersion: base }),
    ]);
    expect(answer.conflicts).toEqual([]);

    await amina.pullAll();
    expect(amina.rows.get(rowId)?.record['updatedAt']).toBe('2025-03-10T09:02:00.000Z');
    expect(amina.rows.get(rowId)?.conflicts).toEqual([]);
  });

  it('converges three clients that all disagree: one winner, one conflict per losing side', async () => {
    const { users, client, twoClientsHoldingOneRow } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    const chaima = await client(users.chaima);
    await chaima.pullAll();
    const base = brahim.version(rowId, 'cin');

    chaima.wallOffsetMs = 2_000;
    brahim.wallOffsetMs = 1_000;
    await chaima.push([chaima.set(rowId, 'cin', 'CC111111', { baseVersion: base })]);
    await amina.push([amina.set(rowId, 'cin', 'AA111111', { baseVersion: base })]);
    await brahim.push([brahim.set(rowId, 'cin', 'BB111111', { baseVersion: base })]);

    for (const replica of [amina, brahim, chaima]) {
      await replica.pullAll();
      const row = replica.rows.get(rowId);
      expect(row?.record['cin']).toBe('CC111111');
      expect(row?.conflicts.map((conflict) => [conflict.losingValue, conflict.losingBy])).toEqual([
        ['BB111111', 'User brahim'],
        ['AA111111', 'User amina'],
      ]);
    }
  });

  it('lets a delete win over a concurrent edit and opens a deleteVsEdit conflict', async () => {
    const { twoClientsHoldingOneRow } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    await amina.pullAll();

    await amina.push([amina.delete(rowId)]);
    const answer = await brahim.push([
      brahim.set(rowId, 'firstNameLatin', 'Aicha', { baseVersion: brahim.version(rowId, 'firstNameLatin') }),
    ]);
    expect(answer.conflicts).toEqual([{ table, rowId, field: 'firstNameLatin' }]);

    await amina.pullAll();
    const row = amina.rows.get(rowId);
    expect(row?.deleted).toBe(true);
    expect(row?.tombstoneVersion).not.toBeNull();
    expect(row?.record['firstNameLatin']).toBe('Aicha');
    expect(row?.conflicts).toEqual([
      expect.objectContaining({
        kind: 'deleteVsEdit',
        field: 'firstNameLatin',
        losingValue: 'Aicha',
        losingBy: 'User brahim',
      }),
    ]);
  });

  it('closes a conflict with a write that resolves its losing side', async () => {
    const { twoClientsHoldingOneRow } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    const base = brahim.version(rowId, 'dateOfBirth');
    await amina.push([amina.set(rowId, 'dateOfBirth', '1991-01-01', { baseVersion: base })]);
    brahim.wallOffsetMs = 1_000;
    await brahim.push([brahim.set(rowId, 'dateOfBirth', '1992-02-02', { baseVersion: base })]);
    await amina.pullAll();
    const [conflict] = amina.rows.get(rowId)?.conflicts ?? [];
    if (conflict === undefined) throw new Error('no conflict opened');

    amina.wallOffsetMs = 2_000;
    const answer = await amina.push([
      amina.set(rowId, 'dateOfBirth', '1991-01-01', {
        baseVersion: conflict.winningVersion,
        resolves: [conflict.losingVersion],
      }),
    ]);
    expect(answer.conflicts).toEqual([]);
    await brahim.pullAll();
    expect(brahim.rows.get(rowId)?.record['dateOfBirth']).toBe('1991-01-01');
    expect(brahim.rows.get(rowId)?.conflicts).toEqual([]);
  });

  it('answers a retry after a lost response with the same ack and rejections, applying nothing twice', async () => {
    const { centre, users, client, database } = await setup();
    const amina = await client(users.amina);
    const rowId = newId();
    const ops = [...amina.create(rowId, centre.id), amina.set(rowId, 'sex', 'X')];
    const body = pushBody(ops, { outboxId: amina.outboxId, fromSeq: 1 });

    const first = await amina.pushRaw(body);
    expect(first.statusCode).toBe(200);
    const counts = {
      rows: await countRows(database, 'sync_rows'),
      log: await countRows(database, 'sync_op_log'),
      rejections: await countRows(database, 'sync_rejections'),
    };
    // The response was lost: the PC sends the same request again.
    const retry = await amina.pushRaw(body);
    expect(retry.statusCode).toBe(200);
    const [a, b] = [pushResponseSchema.parse(first.json()), pushResponseSchema.parse(retry.json())];
    expect(a.status === 'ok' && a.rejections).toEqual([
      { seq: ops.length, table, rowId, field: 'sex', reason: 'invalid-value', messageKey: 'errors.sexRequired' },
    ]);
    expect({ ...b, serverTime: 0 }).toEqual({ ...a, serverTime: 0 });
    expect(await countRows(database, 'sync_rows')).toBe(counts.rows);
    expect(await countRows(database, 'sync_op_log')).toBe(counts.log);
    expect(await countRows(database, 'sync_rejections')).toBe(counts.rejections);
    const pulled = await amina.pullAll();
    expect(amina.rows.get(rowId)?.seq).toBe(1);
    expect(pulled.digests[0]?.count).toBe(1);
  });

  it('applies a request sent twice at the same time once', async () => {
    const { centre, users, client, database } = await setup();
    const amina = await client(users.amina);
    const rowId = newId();
    const body = pushBody(amina.create(rowId, centre.id), { outboxId: amina.outboxId, fromSeq: 1 });

    const answers = await Promise.all([amina.pushRaw(body), amina.pushRaw(body)]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ status: 'ok', ackSeq: 11 });
    }
    expect(await countRows(database, 'sync_op_log')).toBe(11);
    await amina.pullAll();
    expect(amina.rows.get(rowId)?.seq).toBe(1);
  });

  it('answers a gap without applying anything, then accepts the ops renumbered', async () => {
    const { centre, users, client, database } = await setup();
    const amina = await client(users.amina);
    await amina.push(amina.create(newId(), centre.id));
    const rowId = newId();
    const ops = amina.create(rowId, centre.id);

    // The server lost seqs 12..19 (restored from a backup): the PC's next batch starts at 20.
    const gap = await amina.pushRaw(pushBody(ops, { outboxId: amina.outboxId, fromSeq: 20 }));
    expect(gap.statusCode).toBe(200);
    expect(gap.json()).toMatchObject({ status: 'gap', lastAppliedSeq: 11 });
    expect(await countRows(database, 'sync_rows')).toBe(1);

    amina.nextSeq = 12;
    const answer = await amina.push(ops);
    expect(answer.ackSeq).toBe(22);
    expect(await countRows(database, 'sync_rows')).toBe(2);
  });

  it('starts a new outbox of the same device and user from seq 1', async () => {
    const { centre, users, client, database } = await setup();
    const amina = await client(users.amina);
    await amina.push(amina.create(newId(), centre.id));

    // The local database was wiped and rebuilt: new outbox, seqs from 1 again.
    amina.outboxId = newId();
    amina.nextSeq = 1;
    const rowId = newId();
    const answer = await amina.push(amina.create(rowId, centre.id));
    expect(answer.ackSeq).toBe(11);
    expect(answer.rejections).toEqual([]);
    expect(await countRows(database, 'sync_rows')).toBe(2);
    expect(await countRows(database, 'sync_outboxes')).toBe(2);
  });

  it('checks names with the form’s own rules', async () => {
    const { centre, users, client } = await setup();
    const amina = await client(users.amina);
    const rowId = newId();
    const answer = await amina.push([
      ...amina.create(rowId, centre.id),
      amina.set(rowId, 'lastNameLatin', 'العلوي'),
      amina.set(rowId, 'firstNameArabic', 'Amina'),
      amina.set(rowId, 'firstNameLatin', 'Aïcha-Zineb'),
    ]);
    expect(answer.rejections.map(({ field, reason, messageKey }) => ({ field, reason, messageKey }))).toEqual([
      { field: 'lastNameLatin', reason: 'invalid-value', messageKey: 'errors.latinScript' },
      { field: 'firstNameArabic', reason: 'invalid-value', messageKey: 'errors.arabicScript' },
    ]);
    await amina.pullAll();
    expect(amina.rows.get(rowId)?.record['firstNameLatin']).toBe('Aïcha-Zineb');
  });

  it('acknowledges refused ops without blocking the later ops of the same batch', async () => {
    const { centre, users, client } = await setup();
    const amina = await client(users.amina);
    const rowId = newId();
    const orphan = newId();
    const answer = await amina.push([
      amina.set(rowId, 'cin', 'not a cin!'),
      { ...amina.set(rowId, 'cin', 'X'), table: 'nonexistent' },
      amina.set(rowId, 'favouriteColour', 'blue'),
      amina.set(orphan, 'lastNameLatin', 'Nowhere'),
      ...amina.create(rowId, centre.id),
    ]);
    expect(answer.ackSeq).toBe(15);
    expect(answer.rejections.map(({ seq, reason, field }) => ({ seq, reason, field }))).toEqual([
      { seq: 1, reason: 'invalid-value', field: 'cin' },
      { seq: 2, reason: 'unknown-table', field: 'cin' },
      { seq: 3, reason: 'unknown-field', field: 'favouriteColour' },
      // A row placed in no centre: the same answer as a row of another centre (no existence oracle).
      { seq: 4, reason: 'forbidden', field: 'lastNameLatin' },
    ]);
    expect(answer.rejections[0]?.messageKey).toBe('errors.cinCharacters');

    await amina.pullAll();
    expect([...amina.rows.keys()]).toEqual([rowId]);
    expect(amina.rows.get(rowId)?.record['cin']).toBe('AB123456');
  });

  it('refuses to move a row to another centre (scope-change)', async () => {
    const { centre, other, users, client } = await setup();
    const admin = await client(users.admin);
    const rowId = newId();
    await admin.push(admin.create(rowId, centre.id));
    const answer = await admin.push([
      admin.set(rowId, 'centreId', other.id),
      admin.set(rowId, 'firstNameLatin', 'Salma'),
    ]);
    expect(answer.rejections).toEqual([{ seq: 12, table, rowId, field: 'centreId', reason: 'scope-change' }]);
    await admin.pullAll();
    expect(admin.rows.get(rowId)?.record).toMatchObject({ centreId: centre.id, firstNameLatin: 'Salma' });
  });

  it('rejects an op stamped by another device or user (wrong-replica)', async () => {
    const { centre, users, client } = await setup();
    const amina = await client(users.amina);
    const brahim = await client(users.brahim);
    const rowId = newId();
    const forged = { ...amina.create(rowId, centre.id)[0], hlc: brahim.stamp() } as ReturnType<SyncClient['set']>;
    const answer = await amina.push([forged, ...amina.create(rowId, centre.id)]);
    expect(answer.rejections).toEqual([expect.objectContaining({ seq: 1, reason: 'wrong-replica' })]);
  });

  it('re-stamps an op from 3 days ahead with the server time, reports it, and does not drag later ops forward', async () => {
    const { twoClientsHoldingOneRow, clock, database } = await setup();
    const { amina, brahim, rowId } = await twoClientsHoldingOneRow();
    const base = brahim.version(rowId, 'firstNameLatin');

    amina.wallOffsetMs = 3 * day;
    const ahead = amina.set(rowId, 'firstNameLatin', 'Future', { baseVersion: base });
    const answer = await amina.push([ahead]);
    expect(answer.clamped).toEqual([12]);
    const serverNow = clock.now().getTime();

    await brahim.pullAll();
    const stored = parseHlc(brahim.version(rowId, 'firstNameLatin') ?? '');
    expect(stored.ok && stored.value).toEqual({ wall: serverNow, counter: 0, replicaId: amina.replicaId });
    const log = await database.db
      .selectFrom('sync_op_log')
      .select(['hlc', 'original_hlc'])
      .where('op_seq', '=', 12)
      .execute();
    expect(log).toEqual([
      { hlc: formatHlc({ wall: serverNow, counter: 0, replicaId: amina.replicaId }), original_hlc: ahead.hlc },
    ]);

    // A minute later, another PC with a right clock edits the field concurrently: it wins.
    clock.advance(60_000);
    const later = brahim.set(rowId, 'firstNameLatin', 'Present', { baseVersion: base });
    const second = await brahim.push([later]);
    expect(second.clamped).toEqual([]);
    await amina.pullAll();
    expect(amina.rows.get(rowId)?.record['firstNameLatin']).toBe('Present');
    expect(amina.version(rowId, 'firstNameLatin')).toBe(later.hlc);
  });

  it('applies and merges ops from a PC whose clock is 2 years behind', async () => {
    const { centre, users, client } = await setup();
    const amina = await client(users.amina);
    const brahim = await client(users.brahim);
    brahim.wallOffsetMs = -730 * day;
    const rowId = newId();
    const created = await brahim.push(brahim.create(rowId, centre.id));
    expect(created.rejections).toEqual([]);
    await amina.pullAll();

    // Amina (right clock) then Brahim (2 years behind) edit different fields on what they saw.
    await amina.push([amina.set(rowId, 'cin', 'ZZ999999', { baseVersion: amina.version(rowId, 'cin') })]);
    await brahim.pullAll();
    await brahim.push([
      brahim.set(rowId, 'firstNameLatin', 'Karim', { baseVersion: brahim.version(rowId, 'firstNameLatin') }),
    ]);
    await amina.pullAll();
    expect(amina.rows.get(rowId)?.record).toMatchObject({ cin: 'ZZ999999', firstNameLatin: 'Karim' });
    expect(amina.rows.get(rowId)?.conflicts).toEqual([]);
  });

  it('hands out each scope sequence in commit order under concurrent pushes, so a following puller misses nothing', async () => {
    const { centre, users, client, database } = await setup();
    const writers = [await client(users.amina), await client(users.brahim), await client(users.chaima)];
    const puller = await client(users.admin);
    const batches = 6;
    const rowsPerBatch = 3;

    // The puller follows its cursors while the writers commit: a seq handed out before a row
    // that commits later would make it step over that row for ever.
    const progress = { writing: true, pullsDuringWrites: 0 };
    const pulling = (async () => {
      while (progress.writing) {
        await puller.pullOnce(5);
        progress.pullsDuringWrites += 1;
      }
    })();
    await Promise.all(
      writers.map(async (writer) => {
        for (let batch = 0; batch < batches; batch++) {
          const ops = Array.from({ length: rowsPerBatch }, () => writer.create(newId(), centre.id)).flat();
          await writer.push(ops);
        }
      }),
    );
    progress.writing = false;
    await pulling;
    expect(progress.pullsDuringWrites).toBeGreaterThan(0);
    const last = await puller.pullAll(5);

    const total = writers.length * batches * rowsPerBatch;
    expect(puller.rows.size).toBe(total);
    const seqs = [...puller.rows.values()].map((row) => row.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    const digest = last.digests.find((entry) => entry.scope === centre.id);
    expect(digest).toEqual({ scope: centre.id, table, ...digestOf([...puller.rows.values()]) });
    expect(await countRows(database, 'sync_rows')).toBe(total);
  });

  it('pages with a small limit until every row is pulled, and the digests match the rows pulled', async () => {
    const { centre, users, client } = await setup();
    const amina = await client(users.amina);
    const ids = Array.from({ length: 7 }, () => newId());
    for (const id of ids) await amina.push(amina.create(id, centre.id));
    // Changing an early row moves it to the end of the sequence.
    const first = ids[0] ?? '';
    await amina.push([amina.set(first, 'cin', 'XY000001')]);

    const responses = [];
    for (;;) {
      const response = await amina.pullOnce(3);
      responses.push(response);
      expect(response.pages.flatMap((page) => page.rows).length).toBeLessThanOrEqual(3);
      if (!response.hasMore) break;
      expect(response.digests).toEqual([]);
    }
    expect(responses.length).toBeGreaterThan(2);
    expect(new Set(amina.rows.keys())).toEqual(new Set(ids));
    expect(amina.rows.get(first)?.seq).toBe(8);
    expect(amina.cursors.get(`${centre.id}/${table}`)).toBe(8);
    const last = responses.at(-1);
    expect(last?.digests.filter((digest) => digest.table === table)).toEqual([
      { scope: centre.id, table, ...digestOf([...amina.rows.values()]) },
    ]);
  });

  it('asks for a resync when a cursor is ahead of the scope sequence', async () => {
    const { centre, users, client } = await setup();
    const amina = await client(users.amina);
    await amina.push(amina.create(newId(), centre.id));
    amina.cursors.set(`${centre.id}/${table}`, 50);

    const response = await amina.pullOnce();
    expect(response.pages).toEqual([
      { scope: centre.id, table, rows: [], removed: [], nextSeq: 0, resyncRequired: true },
    ]);
    expect(response.hasMore).toBe(true);
    const again = await amina.pullAll();
    expect(again.digests[0]?.count).toBe(1);
    expect(amina.rows.size).toBe(1);
  });

  it('gives an administrator every centre, and a counsellor only theirs', async () => {
    const { centre, other, users, client } = await setup();
    const admin = await client(users.admin);
    const amina = await client(users.amina);
    const inOther = newId();
    const inCentre = newId();
    await admin.push([...admin.create(inOther, other.id), ...admin.create(inCentre, centre.id)]);

    const all = await admin.pullAll();
    expect(all.scopes.map((scope) => scope.code)).toEqual(['CAPC-FES', 'CAPC-MEK']);
    expect(new Set(admin.rows.keys())).toEqual(new Set([inOther, inCentre]));
    const beneficiaryDigests = all.digests.filter((digest) => digest.table === table);
    expect(beneficiaryDigests.map((digest) => [digest.scope, digest.count])).toEqual([
      [centre.id, 1],
      [other.id, 1],
    ]);

    const own = await amina.pullAll();
    expect(own.scopes.map((scope) => scope.code)).toEqual(['CAPC-FES']);
    expect([...amina.rows.keys()]).toEqual([inCentre]);
  });

  it('records the time of the last sync on the PC', async () => {
    const { centre, users, client, database, clock } = await setup();
    const amina = await client(users.amina);
    clock.advance(60_000);
    await amina.push(amina.create(newId(), centre.id));
    const device = await database.db
      .selectFrom('devices')
      .select('last_sync_at')
      .where('id', '=', amina.session.deviceId)
      .executeTakeFirstOrThrow();
    expect(device.last_sync_at).toBe(clock.now().toISOString());
  });
});
