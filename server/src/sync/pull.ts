/**
 * `POST /api/sync/pull` (docs/sync-protocol.md, "Pull"): the latest state of the rows changed
 * after the client's cursors, in the centres the account serves at this request (read from the
 * server's tables, administrators: every centre). A cursor on any other scope is ignored, so no
 * cursor a client sends can reach another centre's rows.
 *
 * Restricted rows (shared/auth/restricted.ts): a (scope, table) whose rows the role may not read
 * in that centre (`canAccessRow`, e.g. detention records for a regional coordinator or an
 * administrator) is left out entirely — no page, no digest (so the PC never sees a mismatch to
 * re-pull), its cursors ignored — as if the table did not exist for that account.
 *
 * The answer also says, per centre, which tables the account may read there now
 * (`readableTables`: a PC removes what it holds of the others), and how far each of this PC's
 * outboxes of the user was applied (`outboxes`: a PC that had more acknowledged learns that the
 * server lost work, a database restored from a backup, and sends it again).
 *
 * Pages, sequences and digests are read in one transaction (PostgreSQL REPEATABLE READ: one
 * snapshot), so the digests describe exactly the rows up to the cursors handed out. Sequence
 * numbers are allocated in commit order (push.ts), so a cursor never passes a row that commits
 * later.
 */
import type { Actor } from '../../../shared/auth/authorization';
import { centreScope } from '../../../shared/auth/authorization';
import { canAccessRow } from '../../../shared/auth/restricted';
import { emptyDigest } from '../../../shared/sync/digest';
import { accessOf, syncedEntities } from '../../../shared/sync/entities';
import type { AnySyncedEntity } from '../../../shared/sync/entities';
import { parseReplicaId } from '../../../shared/sync/hlc';
import { serverReplicaId } from '../../../shared/sync/admission';
import { isDeleted, openConflicts } from '../../../shared/sync/merge';
import type { Conflict } from '../../../shared/sync/merge';
import { defaultPullRows, encodeVersions, maxPullStateBytes } from '../../../shared/sync/protocol';
import { centreInfoOf } from '../../../shared/auth/schemas';
import type { Digest, PullPage, PullRequest, PullResponse, WireRow } from '../../../shared/sync/protocol';
import { auditJudicialPull } from '../audit/syncAudit';
import type { Authenticated } from '../auth/authenticate';
import type { ServerContext } from '../context';
import {
  findDisplayNames,
  findScopeSequences,
  listCentres,
  listDigests,
  listOutboxes,
  listRowsAfter,
  touchDeviceSync,
} from '../db';
import type { ScopeSequence, StoredSyncRow } from '../db';
import { parseState } from './state';

const noSequence: ScopeSequence = { lastSeq: 0, purgedBeforeSeq: 0 };

export async function readPull(
  context: ServerContext,
  auth: Authenticated,
  request: PullRequest,
  databaseId: string,
): Promise<PullResponse> {
  const { db } = context.database;
  const limit = request.limit ?? defaultPullRows;

  const response = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx): Promise<PullResponse> => {
      const centres = await listCentres(tx, centreScope(auth.actor));
      const scopeIds = centres.map((centre) => centre.id);
      const readable = readablePairs(auth.actor, scopeIds);
      const cursors = new Map<string, number>();
      for (const cursor of request.cursors) {
        const pair = pairKey(cursor.scope, cursor.table);
        if (readable.has(pair)) cursors.set(pair, cursor.seq);
      }
      const sequences = await findScopeSequences(tx, scopeIds);

      let remaining = limit;
      let remainingBytes = context.maxPullStateBytes ?? maxPullStateBytes;
      let hasMore = false;
      const pages: {
        scope: string;
        entity: AnySyncedEntity;
        rows: StoredSyncRow[];
        nextSeq: number;
        resync: boolean;
      }[] = [];
      for (const scope of scopeIds) {
        const sequence = sequences.get(scope) ?? noSequence;
        for (const entity of syncedEntities) {
          if (!readable.has(pairKey(scope, entity.table))) continue;
          const cursor = cursors.get(pairKey(scope, entity.table)) ?? 0;
          // A cursor ahead of this server (a restored database) or behind the purged tombstones.
          if (cursor > sequence.lastSeq || (cursor > 0 && cursor < sequence.purgedBeforeSeq)) {
            pages.push({ scope, entity, rows: [], nextSeq: 0, resync: true });
            hasMore = true;
            continue;
          }
          if (cursor === sequence.lastSeq) continue;
          // One more row than the budget tells whether this (scope, table) has more waiting.
          const rowBudget = remainingBytes > 0 ? remaining : 0;
          const rows = await listRowsAfter(tx, scope, entity.table, cursor, rowBudget + 1);
          const page = withinBytes(rows.slice(0, rowBudget), remainingBytes, remaining === limit);
          const isCut = rows.length > page.length;
          if (isCut) hasMore = true;
          const last = page.at(-1);
          if (last === undefined) continue;
          remaining -= page.length;
          remainingBytes -= page.reduce((bytes, row) => bytes + row.state.length, 0);
          // The whole rest of the table is in the page: the cursor may pass the other tables' seqs too.
          pages.push({ scope, entity, rows: page, nextSeq: isCut ? last.seq : sequence.lastSeq, resync: false });
        }
      }

      const wirePages = await toWirePages(tx, pages);
      const digests = hasMore ? [] : await servedDigests(tx, scopeIds, readable);
      return {
        databaseId,
        serverTime: context.now().getTime(),
        scopes: centres.map(centreInfoOf),
        readableTables: scopeIds.map((scope) => ({
          scope,
          tables: syncedEntities
            .filter((entity) => readable.has(pairKey(scope, entity.table)))
            .map((entity) => entity.table),
        })),
        outboxes: await listOutboxes(tx, auth.deviceId, auth.actor.userId),
        pages: wirePages,
        hasMore,
        digests,
      };
    });
  await touchDeviceSync(db, auth.deviceId, context.now().toISOString());
  await auditJudicialPull(context, auth, response);
  return response;
}

/**
 * The first rows whose stored states fit in `budget` characters; the first row of a response is
 * always taken (`isFirst`), however large, so that one big row never stalls the pull.
 */
function withinBytes(rows: readonly StoredSyncRow[], budget: number, isFirst: boolean): StoredSyncRow[] {
  const taken: StoredSyncRow[] = [];
  let used = 0;
  for (const row of rows) {
    if (used + row.state.length > budget && !(isFirst && taken.length === 0)) break;
    taken.push(row);
    used += row.state.length;
  }
  return taken;
}

function pairKey(scope: string, table: string): string {
  return `${scope}/${table}`;
}

/**
 * The (scope, table) pairs whose rows this account may read: a served centre, and a table whose
 * access class the role may read there (restricted rows: per row's centre and role, so per pair).
 */
function readablePairs(actor: Actor, scopeIds: readonly string[]): Set<string> {
  const pairs = new Set<string>();
  for (const scope of scopeIds) {
    for (const entity of syncedEntities) {
      if (canAccessRow(actor, accessOf(entity), scope)) pairs.add(pairKey(scope, entity.table));
    }
  }
  return pairs;
}

/** Every readable (scope, table), also those without rows (count 0). */
async function servedDigests(
  tx: Parameters<typeof listDigests>[0],
  scopeIds: readonly string[],
  readable: ReadonlySet<string>,
): Promise<Digest[]> {
  const stored = new Map(
    (await listDigests(tx, scopeIds)).map((digest) => [pairKey(digest.scopeId, digest.table), digest]),
  );
  return scopeIds.flatMap((scope) =>
    syncedEntities.flatMap((entity) => {
      if (!readable.has(pairKey(scope, entity.table))) return [];
      const digest = stored.get(pairKey(scope, entity.table)) ?? emptyDigest;
      return [{ scope, table: entity.table, count: digest.count, hash: digest.hash }];
    }),
  );
}

type RowWithConflicts = { row: StoredSyncRow; wire: Omit<WireRow, 'conflicts'>; conflicts: Conflict[] };

async function toWirePages(
  tx: Parameters<typeof findDisplayNames>[0],
  pages: readonly { scope: string; entity: AnySyncedEntity; rows: StoredSyncRow[]; nextSeq: number; resync: boolean }[],
): Promise<PullPage[]> {
  const built = pages.map((page) => ({
    page,
    rows: page.rows.map((row): RowWithConflicts => {
      const state = parseState(row.state);
      const deleted = isDeleted(state);
      const versions: Record<string, string> = {};
      for (const [field, version] of Object.entries(state.versions)) versions[field] = version.hlc;
      // The winning tombstone head: the greatest delete while deleted, else the greatest undelete.
      const tombstone = state.tombstone.find((head) => head.isDeleted === deleted);
      const conflicts = openConflicts(state, {
        entity: page.entity.table,
        entityId: row.rowId,
        reviewFields: page.entity.reviewFields,
      });
      return {
        row,
        wire: {
          id: row.rowId,
          seq: row.seq,
          deleted,
          record: { ...state.record },
          ...encodeVersions(versions),
          tombstoneVersion: tombstone?.version.hlc ?? null,
        },
        conflicts,
      };
    }),
  }));

  // The "who" of conflicts: display names of the users named by the replica ids.
  const userIds = new Set<string>();
  for (const { rows } of built) {
    for (const { conflicts } of rows) {
      for (const conflict of conflicts) {
        for (const version of [conflict.winningVersion, conflict.losingVersion]) {
          const replica = parseReplicaId(version.replicaId);
          if (replica.ok) userIds.add(replica.value.userId);
        }
      }
    }
  }
  const names = await findDisplayNames(tx, [...userIds]);
  const nameOf = (replicaId: string): string | null => {
    // The server's own writes (a field put back for review, pushRules.ts) are Masar's.
    if (replicaId === serverReplicaId) return 'Masar';
    const replica = parseReplicaId(replicaId);
    return replica.ok ? (names.get(replica.value.userId) ?? null) : null;
  };

  return built.map(({ page, rows }) => ({
    scope: page.scope,
    table: page.entity.table,
    rows: rows.map(({ wire, conflicts }) => ({
      ...wire,
      conflicts: conflicts.map((conflict) => ({
        kind: conflict.kind,
        field: conflict.field,
        winningValue: conflict.winningValue,
        losingValue: conflict.losingValue,
        winningVersion: conflict.winningVersion.hlc,
        losingVersion: conflict.losingVersion.hlc,
        winningBy: nameOf(conflict.winningVersion.replicaId),
        losingBy: nameOf(conflict.losingVersion.replicaId),
      })),
    })),
    removed: [],
    nextSeq: page.nextSeq,
    resyncRequired: page.resync,
  }));
}
