/**
 * The audit chain on a real database, both engines (server/src/db/audit.ts, auditChain.ts,
 * migration 0005): entries numbered and chained inside the transaction of what they record,
 * concurrent transactions that never fork the chain, the trail written before the migration
 * chained by it, triggers against UPDATE and DELETE, and `verify-audit` finding an entry changed,
 * deleted or inserted by someone who went around the server.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { DatabaseEngine } from '../../shared/api/health';
import { newId } from '../../shared/ids/uuidv7';
import { describeVerification, runVerifyAudit } from '../src/cli';
import { repositoryRoot } from '../src/config';
import {
  inTransaction,
  insertAuditEvent,
  listAuditEvents,
  migrateTo,
  migrateToLatest,
  openDatabase,
  searchAuditEntries,
  verifyAuditChain,
} from '../src/db';
import type { Database, MasarDatabase } from '../src/db';
import { genesisHash } from '../src/db/auditChain';
import { createDatabaseTarget, engines } from './support/testDatabase';
import { textCollector } from './support/textCollector';
import type { DatabaseTarget } from './support/testDatabase';

const at = '2026-03-10T09:00:00.000Z';

async function openTarget(target: DatabaseTarget): Promise<MasarDatabase> {
  const database = await openDatabase(target.options);
  onTestFinished(() => database.close());
  return database;
}

async function migratedTarget(engine: DatabaseEngine): Promise<{ target: DatabaseTarget; database: MasarDatabase }> {
  const target = await createDatabaseTarget(engine);
  const database = await openTarget(target);
  await migrateToLatest(database.db);
  return { target, database };
}

/** `count` sign-ins, the second about two persons. */
async function appendSignIns(db: Kysely<Database>, count: number): Promise<void> {
  for (let index = 1; index <= count; index++) {
    await insertAuditEvent(db, {
      at,
      type: 'sign-in',
      outcome: 'ok',
      username: `user${index}`,
      detail: { attempt: index },
      ...(index === 2 ? { beneficiaryIds: [newId(), newId()] } : {}),
    });
  }
}

/** Lets a test write what the server never writes: the triggers go, as an intruder would remove them. */
async function dropAppendOnlyTriggers(database: MasarDatabase): Promise<void> {
  if (database.engine === 'postgres') {
    await sql`alter table audit_events disable trigger user`.execute(database.db);
    await sql`alter table audit_event_persons disable trigger user`.execute(database.db);
    return;
  }
  for (const table of ['audit_events', 'audit_event_persons']) {
    for (const event of ['update', 'delete']) {
      await sql.raw(`drop trigger ${table}_append_only_${event}`).execute(database.db);
    }
  }
}

async function verifyCommand(target: DatabaseTarget): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = textCollector();
  const stderr = textCollector();
  const code = await runVerifyAudit([], { stdout: stdout.stream, stderr: stderr.stream, env: target.env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

describe.each(engines)('audit chain on %s', (engine) => {
  it('numbers and chains every entry, alone or several in one transaction', async () => {
    const { target, database } = await migratedTarget(engine);
    await appendSignIns(database.db, 2);
    await inTransaction(database.db, async (tx) => {
      await insertAuditEvent(tx, { at, type: 'user-create', outcome: 'ok' });
      await insertAuditEvent(tx, { at, type: 'user-update', outcome: 'ok' });
    });
    const events = await listAuditEvents(database.db);
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'sign-in'],
      [2, 'sign-in'],
      [3, 'user-create'],
      [4, 'user-update'],
    ]);
    const verification = await verifyAuditChain(database.db);
    expect(verification).toMatchObject({ isIntact: true, entries: 4 });
    const head = await database.db.selectFrom('audit_chain').selectAll().executeTakeFirstOrThrow();
    expect(head).toMatchObject({ last_seq: 4 });
    expect(verification.isIntact && verification.headHash).toBe(head.last_hash);

    const result = await verifyCommand(target);
    expect(result).toEqual({ code: 0, stdout: `4 entries, chain intact (last hash ${head.last_hash})\n`, stderr: '' });
  });

  it('keeps no entry of a transaction that fails, and the chain goes on from the last commit', async () => {
    const { database } = await migratedTarget(engine);
    await appendSignIns(database.db, 1);
    await expect(
      inTransaction(database.db, async (tx) => {
        await insertAuditEvent(tx, { at, type: 'user-create', outcome: 'ok' });
        throw new Error('refused after the entry');
      }),
    ).rejects.toThrow('refused after the entry');
    await appendSignIns(database.db, 1);
    expect((await listAuditEvents(database.db)).map((event) => event.seq)).toEqual([1, 2]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ isIntact: true, entries: 2 });
  });

  it('never forks the chain when transactions append concurrently', async () => {
    const { database } = await migratedTarget(engine);
    const { db } = database;
    // Transactions that also write something else (a row of their own), and entries appended
    // alone: on PostgreSQL they run on up to 10 connections at once.
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        index % 2 === 0
          ? inTransaction(db, async (tx) => {
              await tx
                .insertInto('sign_in_throttle')
                .values({ key: `k${index}`, failures: 0, next_allowed_at: at, updated_at: at })
                .execute();
              await insertAuditEvent(tx, { at, type: 'sign-in', outcome: 'ok', detail: { index } });
              await insertAuditEvent(tx, { at, type: 'sign-out', outcome: 'ok', detail: { index } });
            })
          : insertAuditEvent(db, { at, type: 'request', outcome: 'ok', detail: { index } }),
      ),
    );
    const seqs = (await listAuditEvents(db)).map((event) => event.seq);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    expect(await verifyAuditChain(db)).toMatchObject({ isIntact: true, entries: 60 });
  });

  it('chains the trail written before the migration, oldest first', async () => {
    const target = await createDatabaseTarget(engine);
    const database = await openTarget(target);
    await migrateTo(database.db, '0003-sync');
    // The trail as migration 0002 made it, written out of order.
    const old = database.db as unknown as Kysely<{
      audit_events: {
        id: string;
        at: string;
        type: string;
        actor_user_id: string | null;
        subject_user_id: string | null;
        device_id: string | null;
        username: string | null;
        outcome: string;
        detail: string;
      };
    }>;
    const rows = [
      { id: newId(), at: '2026-01-02T00:00:00.000Z', type: 'sign-in', outcome: 'ok' },
      { id: newId(), at: '2026-01-01T00:00:00.000Z', type: 'user-create', outcome: 'ok' },
      { id: newId(), at: '2026-01-03T00:00:00.000Z', type: 'sign-out', outcome: 'ok' },
    ];
    for (const row of rows) {
      await old
        .insertInto('audit_events')
        .values({
          ...row,
          actor_user_id: null,
          subject_user_id: null,
          device_id: null,
          username: 'amina',
          detail: '{"kept":true}',
        })
        .execute();
    }
    await migrateToLatest(database.db);
    const events = await listAuditEvents(database.db);
    expect(events.map((event) => [event.seq, event.type, event.detail])).toEqual([
      [1, 'user-create', '{"kept":true}'],
      [2, 'sign-in', '{"kept":true}'],
      [3, 'sign-out', '{"kept":true}'],
    ]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ isIntact: true, entries: 3 });
    // New entries follow the migrated ones.
    await appendSignIns(database.db, 1);
    expect(await verifyAuditChain(database.db)).toMatchObject({ isIntact: true, entries: 4 });
  });

  it('starts an empty chain from the genesis hash', async () => {
    const { database } = await migratedTarget(engine);
    expect(await verifyAuditChain(database.db)).toEqual({ isIntact: true, entries: 0, headHash: genesisHash });
  });

  it('refuses to update or delete an entry, or a person of the index', async () => {
    const { database } = await migratedTarget(engine);
    await appendSignIns(database.db, 2);
    const { db } = database;
    await expect(
      db.updateTable('audit_events').set({ outcome: 'forged' }).where('seq', '=', 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_events').where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_event_persons').execute()).rejects.toThrow(/append-only/);
    if (engine === 'postgres') await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ isIntact: true, entries: 2 });
  });

  it('finds the persons of an entry through the index', async () => {
    const { database } = await migratedTarget(engine);
    const person = newId();
    await insertAuditEvent(database.db, { at, type: 'consultation', outcome: 'ok', beneficiaryIds: [person] });
    await appendSignIns(database.db, 1);
    const found = await searchAuditEntries(database.db, { beneficiaryIds: [person], limit: 10 });
    expect(found.map((entry) => [entry.seq, entry.type, entry.beneficiaryIds])).toEqual([
      [1, 'consultation', [person]],
    ]);
  });

  describe('verify-audit finds what was done around the server', () => {
    /** Five entries, then `tamper`, then the command's answer. */
    async function afterTampering(tamper: (db: Kysely<Database>) => Promise<unknown>) {
      const { target, database } = await migratedTarget(engine);
      await appendSignIns(database.db, 5);
      await dropAppendOnlyTriggers(database);
      await tamper(database.db);
      return verifyCommand(target);
    }

    /** A sign-in entry written straight into the table, outside the chain. */
    function ghostSignIn(seq: number) {
      return {
        seq,
        id: newId(),
        at,
        type: 'sign-in',
        outcome: 'ok',
        actor_user_id: null,
        subject_user_id: null,
        device_id: null,
        username: 'ghost',
        detail: '{}',
        hash: genesisHash,
      };
    }

    it('a changed detail', async () => {
      const result = await afterTampering((db) =>
        db.updateTable('audit_events').set({ detail: '{"attempt":99}' }).where('seq', '=', 3).execute(),
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'masar verify-audit: audit chain broken after 2 intact entries: entry #3 was changed: its content no longer gives its hash (or the hash of entry #2 was rewritten)\n',
      );
    });

    it('a changed outcome whose hash was recomputed (the next entry no longer follows)', async () => {
      const result = await afterTampering(async (db) => {
        await db.updateTable('audit_events').set({ outcome: 'invalid-credentials' }).where('seq', '=', 3).execute();
        const [stored] = await searchAuditEntries(db, { beforeSeq: 4, limit: 1 });
        const [previous] = await searchAuditEntries(db, { beforeSeq: 3, limit: 1 });
        if (stored === undefined || previous === undefined) throw new Error('entries missing');
        const { chainHash } = await import('../src/db/auditChain');
        await db
          .updateTable('audit_events')
          .set({ hash: chainHash(previous.hash, stored) })
          .where('seq', '=', 3)
          .execute();
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('entry #4 was changed');
    });

    it('a person removed from an entry', async () => {
      const result = await afterTampering((db) => db.deleteFrom('audit_event_persons').where('seq', '=', 2).execute());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('entry #2 was changed');
    });

    it('a deleted entry', async () => {
      const result = await afterTampering((db) => db.deleteFrom('audit_events').where('seq', '=', 2).execute());
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'masar verify-audit: audit chain broken after 1 intact entries: entry #2 was deleted\n',
      );
    });

    it('the last entry deleted', async () => {
      const result = await afterTampering((db) => db.deleteFrom('audit_events').where('seq', '=', 5).execute());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('entry #5 was deleted');
    });

    it('an inserted entry', async () => {
      const result = await afterTampering((db) => db.insertInto('audit_events').values(ghostSignIn(6)).execute());
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'masar verify-audit: audit chain broken after 5 intact entries: entry #6 was inserted: the chain does not lead to it\n',
      );
    });

    it('an entry swapped for another in the middle', async () => {
      const result = await afterTampering(async (db) => {
        await db.deleteFrom('audit_events').where('seq', '=', 4).execute();
        await db.insertInto('audit_events').values(ghostSignIn(4)).execute();
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('entry #4 was changed');
    });

    it('the chain head removed', async () => {
      const result = await afterTampering((db) => db.deleteFrom('audit_chain').execute());
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the chain head was changed or removed');
    });
  });
});

describe('verify-audit', () => {
  it('says what it found in one line', () => {
    expect(describeVerification({ isIntact: true, entries: 3, headHash: 'abc' })).toBe(
      '3 entries, chain intact (last hash abc)',
    );
    expect(describeVerification({ isIntact: false, entries: 6, problem: { kind: 'deleted', seq: 7 } })).toBe(
      'audit chain broken after 6 intact entries: entry #7 was deleted',
    );
  });

  it('runs through `npm run server -- verify-audit`, and exits 1 on a broken chain', async () => {
    const { target, database } = await migratedTarget('sqlite');
    await appendSignIns(database.db, 3);
    const run = promisify(execFile);
    const options = { cwd: repositoryRoot, env: { ...process.env, ...target.env } };
    const { stdout } = await run('npm', ['run', '--silent', 'server', '--', 'verify-audit'], options);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^3 entries, chain intact \(last hash [0-9a-f]{64}\)$/);

    await dropAppendOnlyTriggers(database);
    await database.db.deleteFrom('audit_events').where('seq', '=', 1).execute();
    const failed = await run('npm', ['run', '--silent', 'server', '--', 'verify-audit'], options).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('entry #1 was deleted');
  });
});
