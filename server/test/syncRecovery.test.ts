/**
 * What the pull tells a PC so that it can recover from a server restored from a backup and drop
 * what its user may no longer see (docs/sync-protocol.md): the tables the account may read in each
 * centre, how far this PC's outboxes were applied, and sequence numbers that a restart never hands
 * out twice. SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids/uuidv7';
import { accessOf, syncedEntities } from '../../shared/sync/entities';
import { findScopeSequences, openSyncSequences, syncSequenceGap } from '../src/db';
import { buildAccountsServer, seedCentre, seedUser, signIn } from './support/accounts';
import type { TestUser } from './support/accounts';
import { SyncClient } from './support/sync';
import { engines } from './support/testDatabase';

const allTables = syncedEntities.map((entity) => entity.table);
const centreTables = syncedEntities.filter((entity) => accessOf(entity) === 'centre').map((entity) => entity.table);

describe.each(engines)('pull answers for recovery on %s', (engine) => {
  async function setup() {
    const server = await buildAccountsServer(engine);
    const { app, database, clock } = server;
    const centreA = await seedCentre(database, 'CAPC-A', 'CSE');
    const centreB = await seedCentre(database, 'CAPC-B', 'CSE');
    const client = async (user: TestUser) => new SyncClient(app, await signIn(app, user), user.id, clock);
    return { ...server, centreA, centreB, client };
  }

  it('names, per centre served, the tables the account may read there now', async () => {
    const { database, centreA, centreB, client } = await setup();
    const counsellor = await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centreA.id] });
    const regional = await seedUser(database, {
      username: 'rachid',
      role: 'coordinateur_regional',
      centreIds: [centreA.id, centreB.id],
    });
    expect((await (await client(counsellor)).pullAll()).readableTables).toEqual([
      { scope: centreA.id, tables: allTables },
    ]);
    const answer = await (await client(regional)).pullAll();
    expect(answer.readableTables).toEqual(answer.scopes.map((scope) => ({ scope: scope.id, tables: centreTables })));
    expect(answer.scopes.map((scope) => scope.id).sort()).toEqual([centreA.id, centreB.id].sort());
  });

  it("says how far each of this PC's outboxes of the user was applied, and nobody else's", async () => {
    const { database, centreA, client } = await setup();
    const amina = await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centreA.id] });
    const brahim = await seedUser(database, { username: 'brahim', role: 'conseiller', centreIds: [centreA.id] });
    const pc = await client(amina);
    expect((await pc.pullAll()).outboxes).toEqual([]);
    await pc.push(pc.create(newId(), centreA.id));
    const applied = pc.nextSeq - 1;
    expect((await pc.pullAll()).outboxes).toEqual([{ outboxId: pc.outboxId, lastAppliedSeq: applied }]);
    // Another user, or the same user on another PC, does not see it.
    const other = await client(brahim);
    await other.push(other.create(newId(), centreA.id));
    expect((await other.pullAll()).outboxes).toEqual([{ outboxId: other.outboxId, lastAppliedSeq: applied }]);
    const secondPc = await client(amina);
    expect((await secondPc.pullAll()).outboxes).toEqual([]);
  });

  it('opens a new range of sequence numbers at each start, for every centre', async () => {
    const { database, centreA, centreB, client } = await setup();
    const amina = await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centreA.id] });
    const pc = await client(amina);
    await pc.push(pc.create(newId(), centreA.id));
    const before = await findScopeSequences(database.db, [centreA.id, centreB.id]);
    expect(before.get(centreA.id)?.lastSeq).toBe(1);
    expect(before.has(centreB.id)).toBe(false);
    await openSyncSequences(database.db);
    const after = await findScopeSequences(database.db, [centreA.id, centreB.id]);
    expect(after.get(centreA.id)?.lastSeq).toBe(1 + syncSequenceGap);
    expect(after.get(centreB.id)?.lastSeq).toBe(syncSequenceGap);
    // The next change takes the next number of the new range; a PC's cursor moves over the gap.
    const rowId = newId();
    await pc.push(pc.create(rowId, centreA.id));
    const pulled = await pc.pullAll();
    expect(pulled.pages.flatMap((page) => page.rows).find((row) => row.id === rowId)?.seq).toBe(2 + syncSequenceGap);
  });
});
