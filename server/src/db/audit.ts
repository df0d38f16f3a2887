/**
 * The audit trail: append-only and hash-chained (auditChain.ts says how). Owns `audit_events`,
 * `audit_event_persons` and `audit_chain`; nothing else writes them, and nothing here updates or
 * deletes a row (the tables' triggers refuse it anyway).
 *
 * Appending is serialised by the chain head, one row locked by an `UPDATE … RETURNING`: on
 * PostgreSQL (READ COMMITTED) a second transaction waits on the row and then reads the head the
 * first one committed, so two transactions can never chain from the same entry; on SQLite every
 * transaction is `BEGIN IMMEDIATE` and already alone. The head stays locked until commit, so:
 *
 * - inside `inTransaction` (transaction.ts) entries are buffered and chained when the work is
 *   done, just before commit: the head is always the last lock a transaction takes (no deadlock
 *   with the scope, outbox, device or account locks taken before it), and it is held for one
 *   insert and the commit only;
 * - never inside a REPEATABLE READ transaction on PostgreSQL (the pull's): updating a head changed
 *   since its snapshot fails with a serialization error. The pull appends after its snapshot.
 *
 * An entry is written in the transaction of what it records: rolled back with it, committed with
 * it. `detail` is a JSON object of non-secret facts (ids, counts, field names); callers never put
 * a password, a token, or a value of a record in it.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { AuditVerification } from '../../../shared/audit/auditEvents';
import { newId } from '../../../shared/ids/uuidv7';
import { ChainVerifier, chainHash } from './auditChain';
import type { ChainHead, ChainedEntry } from './auditChain';
import type { Database } from './schema';

export interface AuditEvent {
  at: string;
  type: string;
  outcome: string;
  actorUserId?: string | null | undefined;
  subjectUserId?: string | null | undefined;
  deviceId?: string | null | undefined;
  username?: string | null | undefined;
  detail?: Record<string, unknown> | undefined;
  /** The persons (beneficiary ids) the event is about: the *person* filter finds it by them. */
  beneficiaryIds?: readonly string[] | undefined;
}

/** Events appended inside an `inTransaction` work, chained when the work is done. */
const pendingAppends = new WeakMap<Kysely<Database>, AuditEvent[]>();

/**
 * Runs `work` in the open transaction `tx`, then chains the events it appended (transaction.ts
 * calls this; a failing work appends nothing, and its transaction rolls back).
 */
export async function withDeferredAudit<T>(
  tx: Kysely<Database>,
  work: (tx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const pending: AuditEvent[] = [];
  pendingAppends.set(tx, pending);
  try {
    const result = await work(tx);
    if (pending.length > 0) await appendToChain(tx, pending.splice(0));
    return result;
  } finally {
    pendingAppends.delete(tx);
  }
}

/**
 * Appends one entry: with the transaction that `db` is (buffered to its end, see above), or in a
 * transaction of its own when `db` is the database itself.
 */
export async function insertAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  const pending = pendingAppends.get(db);
  if (pending !== undefined) pending.push(event);
  else if (db.isTransaction) await appendToChain(db, [event]);
  else await db.transaction().execute((tx) => appendToChain(tx, [event]));
}

/** Rows per multi-row insert: 11 columns each, well under SQLite's 32 766 parameters. */
const insertChunk = 500;

async function appendToChain(tx: Kysely<Database>, events: readonly AuditEvent[]): Promise<void> {
  // 1. Take the head (locked until commit) and reserve the numbers.
  const head = await tx
    .updateTable('audit_chain')
    .set((eb) => ({ last_seq: eb('last_seq', '+', events.length) }))
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirst();
  if (head === undefined) throw new Error('The audit chain head is missing: run `npm run server -- verify-audit`.');
  // 2. Chain each entry on the previous one.
  let seq = head.last_seq - events.length;
  let previousHash = head.last_hash;
  const entries = events.map((event) => {
    seq += 1;
    const entry: ChainedEntry = {
      seq,
      id: newId(),
      at: event.at,
      type: event.type,
      outcome: event.outcome,
      actorUserId: event.actorUserId ?? null,
      subjectUserId: event.subjectUserId ?? null,
      deviceId: event.deviceId ?? null,
      username: event.username ?? null,
      detail: JSON.stringify(event.detail ?? {}),
      beneficiaryIds: [...new Set(event.beneficiaryIds ?? [])].sort(),
    };
    previousHash = chainHash(previousHash, entry);
    return { entry, hash: previousHash };
  });
  // 3. Store the entries, their persons, and the new head hash.
  for (let start = 0; start < entries.length; start += insertChunk) {
    await tx
      .insertInto('audit_events')
      .values(
        entries.slice(start, start + insertChunk).map(({ entry, hash }) => ({
          seq: entry.seq,
          id: entry.id,
          at: entry.at,
          type: entry.type,
          outcome: entry.outcome,
          actor_user_id: entry.actorUserId,
          subject_user_id: entry.subjectUserId,
          device_id: entry.deviceId,
          username: entry.username,
          detail: entry.detail,
          hash,
        })),
      )
      .execute();
  }
  const persons = entries.flatMap(({ entry }) =>
    entry.beneficiaryIds.map((beneficiaryId) => ({ seq: entry.seq, beneficiary_id: beneficiaryId })),
  );
  for (let start = 0; start < persons.length; start += insertChunk * 5) {
    await tx
      .insertInto('audit_event_persons')
      .values(persons.slice(start, start + insertChunk * 5))
      .execute();
  }
  await tx.updateTable('audit_chain').set({ last_hash: previousHash }).where('id', '=', 1).execute();
}

/** An entry of the trail as listed: its chained facts but its id and persons. */
export type AuditRow = Omit<ChainedEntry, 'id' | 'beneficiaryIds'>;

/** The trail in append order (for tests and the command line). */
export async function listAuditEvents(db: Kysely<Database>): Promise<AuditRow[]> {
  return db
    .selectFrom('audit_events')
    .select([
      'seq',
      'at',
      'type',
      'outcome',
      'actor_user_id as actorUserId',
      'subject_user_id as subjectUserId',
      'device_id as deviceId',
      'username',
      'detail',
    ])
    .orderBy('seq')
    .execute();
}

/** An entry as stored, with its persons and its hash. */
export type StoredAuditEntry = ChainedEntry & { hash: string };

export interface AuditQuery {
  /** Acting user, or the user the event is about. */
  userId?: string | undefined;
  /** Entries about any of these persons (an empty list finds nothing). */
  beneficiaryIds?: readonly string[] | undefined;
  /** ISO instants: `from` included, `to` excluded. */
  from?: string | undefined;
  to?: string | undefined;
  types?: { in: readonly string[] } | { notIn: readonly string[] } | undefined;
  /** Entries numbered below this one (the next page). */
  beforeSeq?: number | undefined;
  limit: number;
}

/** Entries matching the query, newest first. */
export async function searchAuditEntries(db: Kysely<Database>, query: AuditQuery): Promise<StoredAuditEntry[]> {
  if (query.beneficiaryIds?.length === 0) return [];
  let select = db.selectFrom('audit_events').selectAll();
  const { userId, beneficiaryIds, from, to, types, beforeSeq } = query;
  if (userId !== undefined) {
    select = select.where((eb) => eb.or([eb('actor_user_id', '=', userId), eb('subject_user_id', '=', userId)]));
  }
  if (beneficiaryIds !== undefined) {
    select = select.where('seq', 'in', (eb) =>
      eb
        .selectFrom('audit_event_persons')
        .select('seq')
        .where('beneficiary_id', 'in', [...beneficiaryIds]),
    );
  }
  if (from !== undefined) select = select.where('at', '>=', from);
  if (to !== undefined) select = select.where('at', '<', to);
  if (types !== undefined) {
    if ('in' in types) {
      if (types.in.length === 0) return [];
      select = select.where('type', 'in', [...types.in]);
    } else if (types.notIn.length > 0) {
      select = select.where('type', 'not in', [...types.notIn]);
    }
  }
  if (beforeSeq !== undefined) select = select.where('seq', '<', beforeSeq);
  const rows = await select.orderBy('seq', 'desc').limit(query.limit).execute();
  const persons = await personsOf(
    db,
    rows.map((row) => row.seq),
  );
  return rows.map((row) => toStoredEntry(row, persons.get(row.seq) ?? []));
}

type AuditEventRow = Database['audit_events'];

function toStoredEntry(row: AuditEventRow, beneficiaryIds: readonly string[]): StoredAuditEntry {
  return {
    seq: row.seq,
    id: row.id,
    at: row.at,
    type: row.type,
    outcome: row.outcome,
    actorUserId: row.actor_user_id,
    subjectUserId: row.subject_user_id,
    deviceId: row.device_id,
    username: row.username,
    detail: row.detail,
    beneficiaryIds,
    hash: row.hash,
  };
}

async function personsOf(db: Kysely<Database>, seqs: readonly number[]): Promise<Map<number, string[]>> {
  const persons = new Map<number, string[]>();
  if (seqs.length === 0) return persons;
  const rows = await db
    .selectFrom('audit_event_persons')
    .select(['seq', 'beneficiary_id'])
    .where('seq', 'in', [...seqs])
    .execute();
  for (const row of rows) {
    const list = persons.get(row.seq);
    if (list === undefined) persons.set(row.seq, [row.beneficiary_id]);
    else list.push(row.beneficiary_id);
  }
  return persons;
}

/** Entries read per page while verifying. */
const verifyPage = 2000;

/**
 * Recomputes the whole chain and reports the first entry changed, deleted or inserted
 * (auditChain.ts). No transaction (a long one would hold SQLite's write lock): the head is read
 * first and only the entries it covers are checked, so entries appended meanwhile are not taken
 * for insertions; entries beyond the head are looked for at the end, after reading the head again.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerification> {
  const head = await readChainHead(db);
  const verifier = new ChainVerifier(head);
  const lastSeq = head?.lastSeq ?? Number.MAX_SAFE_INTEGER;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', after)
      .where('seq', '<=', lastSeq)
      .orderBy('seq')
      .limit(verifyPage)
      .execute();
    const last = rows.at(-1);
    if (last === undefined) break;
    const persons = await db
      .selectFrom('audit_event_persons')
      .select(['seq', 'beneficiary_id'])
      .where('seq', '>', after)
      .where('seq', '<=', last.seq)
      .execute();
    const personsBySeq = new Map<number, string[]>();
    for (const person of persons) {
      personsBySeq.set(person.seq, [...(personsBySeq.get(person.seq) ?? []), person.beneficiary_id]);
    }
    for (const row of rows) verifier.feed(toStoredEntry(row, personsBySeq.get(row.seq) ?? []));
    if (verifier.hasProblem) break;
    after = last.seq;
  }
  const result = verifier.finish();
  if (!result.isIntact || head === undefined) return result;
  // Entries numbered past the head as it is now were not appended by the server.
  const beyond = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('maxSeq'))
    .executeTakeFirst();
  const headNow = await readChainHead(db);
  const maxSeq = beyond?.maxSeq ?? 0;
  if (headNow !== undefined && maxSeq > headNow.lastSeq) {
    return { isIntact: false, entries: result.entries, problem: { kind: 'inserted', seq: headNow.lastSeq + 1 } };
  }
  return result;
}

async function readChainHead(db: Kysely<Database>): Promise<ChainHead | undefined> {
  const row = await db
    .selectFrom('audit_chain')
    .select(['last_seq', 'last_hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  return row === undefined ? undefined : { lastSeq: row.last_seq, lastHash: row.last_hash };
}

/** Names for the ids of audit entries: users (display name, username) and PCs. */
export async function findAuditNames(
  db: Kysely<Database>,
  ids: { userIds: readonly string[]; deviceIds: readonly string[] },
): Promise<{
  users: Map<string, { displayName: string; username: string }>;
  devices: Map<string, string>;
}> {
  const users = new Map<string, { displayName: string; username: string }>();
  const devices = new Map<string, string>();
  if (ids.userIds.length > 0) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'display_name', 'username'])
      .where('id', 'in', [...new Set(ids.userIds)])
      .execute();
    for (const row of rows) users.set(row.id, { displayName: row.display_name, username: row.username });
  }
  if (ids.deviceIds.length > 0) {
    const rows = await db
      .selectFrom('devices')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(ids.deviceIds)])
      .execute();
    for (const row of rows) devices.set(row.id, row.name);
  }
  return { users, devices };
}

/** A person as the audit screen names them: file number and names, from the synced row. */
export interface BeneficiarySummary {
  id: string;
  fileNumber: string;
  formerFileNumbers: string[];
  latinName: string;
  arabicName: string;
}

function summaryOf(id: string, state: string): BeneficiarySummary {
  const { record } = JSON.parse(state) as { record: Record<string, unknown> };
  const text = (field: string) => {
    const value = record[field];
    return typeof value === 'string' ? value.trim() : '';
  };
  const former = record['formerFileNumbers'];
  return {
    id,
    fileNumber: text('fileNumber'),
    formerFileNumbers: Array.isArray(former) ? former.filter((value) => typeof value === 'string') : [],
    latinName: [text('lastNameLatin'), text('firstNameLatin')].filter((part) => part !== '').join(' '),
    arabicName: [text('lastNameArabic'), text('firstNameArabic')].filter((part) => part !== '').join(' '),
  };
}

/** The beneficiaries among `ids` the server holds (deleted ones included: the trail names them). */
export async function findBeneficiarySummaries(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<BeneficiarySummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'state'])
    .where('table_name', '=', 'beneficiaries')
    .where('row_id', 'in', [...new Set(ids)])
    .execute();
  return rows.map((row) => summaryOf(row.row_id, row.state));
}

/**
 * Candidate beneficiaries whose stored row contains `text` (case-insensitive where the engine
 * folds case: SQLite's LIKE for ASCII, PostgreSQL's ILIKE): the caller keeps those whose file
 * number or name matches. A scan of the beneficiaries' rows: an administrator's search, not a
 * path of every request.
 */
export async function findBeneficiariesContaining(
  db: Kysely<Database>,
  engine: 'sqlite' | 'postgres',
  text: string,
  limit: number,
): Promise<BeneficiarySummary[]> {
  const pattern = `%${text.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`;
  const rows = await db
    .selectFrom('sync_rows')
    .select(['row_id', 'state'])
    .where('table_name', '=', 'beneficiaries')
    .where(
      engine === 'postgres'
        ? sql<boolean>`state ilike ${pattern} escape '\\'`
        : sql<boolean>`state like ${pattern} escape '\\'`,
    )
    .limit(limit)
    .execute();
  return rows.map((row) => summaryOf(row.row_id, row.state));
}
