/**
 * What a push reads before it admits anything (server/src/sync/push.ts, step 3): the rows its ops
 * name, locked whether they exist or not, with what admission needs — the centre each new row
 * takes from this push, the parents of derived ids, the counsellor of each signed receipt's file.
 *
 * Lock order matters on PostgreSQL: the row keys' advisory locks first (sorted, `lockRowKeys`),
 * then the scopes written (`lockScopes`), reading the rows again each time more scopes are locked.
 */
import type { Actor } from '../../../shared/auth/authorization';
import { canAccessRow } from '../../../shared/auth/restricted';
import { derivedIds, type NewRowScope, type OpContext } from '../../../shared/sync/admission';
import { accessOf, syncedEntity } from '../../../shared/sync/entities';
import type { AnySyncedEntity } from '../../../shared/sync/entities';
import type { PushOp } from '../../../shared/sync/protocol';
import { existingCentreIds, findSyncRows, lockRowKeys, lockScopes } from '../db';
import type { Queryable, StoredSyncRow } from '../db';
import { parseState } from './state';

/** `table/rowId`: the identity of a synced row. */
export type RowKey = string;
export const rowKey = (table: string, rowId: string): RowKey => `${table}/${rowId}`;

/**
 * What the request says about a row the server does not have yet (its first `set` of the scope
 * field), with the centre it claims even when refused (for the audit of the attempt).
 */
export type ClaimedScope = NewRowScope & { claimed?: string };

/** The rows a push names, as read under its locks, and what admission needs of them. */
export type PushRows = {
  /** The stored rows (the ops' rows and the parents of derived ids), read once the scopes were locked. */
  readonly rows: ReadonlyMap<RowKey, StoredSyncRow>;
  /** For each row not stored: the centre this push gives it. */
  readonly newScopes: ReadonlyMap<RowKey, ClaimedScope>;
  /** For each signed receipt: the counsellor who follows its file ('' if none). */
  readonly counsellors: ReadonlyMap<RowKey, string>;
};

const canonicalId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The rows the ops name (locked, existing or not), and those admission needs: the parents of
 * derived ids; then the scopes this push may write, locked, and the rows read again.
 */
export async function lockAndReadRows(tx: Queryable, actor: Actor, ops: readonly PushOp[]): Promise<PushRows> {
  const loadable = ops.filter((op) => syncedEntity(op.table) !== undefined && canonicalId.test(op.rowId));
  const keys = new Map<RowKey, { table: string; rowId: string }>();
  for (const op of loadable) {
    keys.set(rowKey(op.table, op.rowId), { table: op.table, rowId: op.rowId });
    const derived = derivedIds[op.table];
    if (derived !== undefined)
      keys.set(rowKey(derived.parentTable, op.rowId), { table: derived.parentTable, rowId: op.rowId });
  }
  await lockRowKeys(tx, [...keys.keys()]);
  let rows = await loadRows(tx, [...keys.values()]);
  const newScopes = await newRowScopes(tx, actor, loadable, rows);
  const locked = new Set<string>();
  for (;;) {
    const needed = [...writableScopes(actor, rows, newScopes)].filter((scopeId) => !locked.has(scopeId));
    if (needed.length === 0) break;
    await lockScopes(tx, needed);
    for (const scopeId of needed) locked.add(scopeId);
    rows = await loadRows(tx, [...keys.values()]);
  }
  const counsellors = await fileCounsellors(tx, ops, rows);
  return { rows, newScopes, counsellors };
}

/** What admission knows of an op's row (shared/sync/admission.ts's `OpContext`, but the actor). */
export function rowContext(op: PushOp, read: PushRows): Omit<OpContext, 'actor'> {
  const { rows, newScopes, counsellors } = read;
  const row = rowKey(op.table, op.rowId);
  const stored = rows.get(row);
  const derived = derivedIds[op.table];
  const parentKey = derived === undefined ? undefined : rowKey(derived.parentTable, op.rowId);
  const parentScope = parentKey === undefined ? undefined : scopeOf(rows.get(parentKey), newScopes.get(parentKey));
  return {
    stored:
      stored === undefined
        ? undefined
        : { scopeId: stored.scopeId, isDeleted: stored.isDeleted, heldFields: heldFieldsOf(stored) },
    newScope: newScopes.get(row) ?? { kind: 'missing' },
    parentScopeId: parentScope,
    fileCounsellorId: counsellors.get(row) ?? '',
  };
}

/** The centre an op refused as `forbidden` named: its row's, stored or claimed ('' if none). */
export function claimedCentreOf(op: PushOp, read: PushRows): string {
  const row = rowKey(op.table, op.rowId);
  return read.rows.get(row)?.scopeId ?? claimedScope(read.newScopes.get(row));
}

/** The fields the server holds a version of (a row written once takes only the others). */
function heldFieldsOf(stored: StoredSyncRow): Set<string> {
  return new Set(Object.keys(parseState(stored.state).versions));
}

/** The stored rows named, by row key. */
async function loadRows(
  tx: Queryable,
  named: readonly { table: string; rowId: string }[],
): Promise<Map<RowKey, StoredSyncRow>> {
  const idsByTable = new Map<string, Set<string>>();
  for (const { table, rowId } of named) {
    const ids = idsByTable.get(table);
    if (ids === undefined) idsByTable.set(table, new Set([rowId]));
    else ids.add(rowId);
  }
  const rows = new Map<RowKey, StoredSyncRow>();
  for (const [table, ids] of idsByTable) {
    for (const row of await findSyncRows(tx, table, [...ids])) rows.set(rowKey(table, row.rowId), row);
  }
  return rows;
}

/**
 * The centre of each row the server does not have: the value of the request's first `set` of the
 * entity's scope field on that row. It must be a centre that exists and where the actor may access
 * the entity's rows (server data, read at this request: the centres served, and the role for
 * restricted rows).
 */
async function newRowScopes(
  tx: Queryable,
  actor: Actor,
  ops: readonly PushOp[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
): Promise<Map<RowKey, ClaimedScope>> {
  const scopeOps = new Map<RowKey, { op: PushOp & { kind: 'set' }; entity: AnySyncedEntity }>();
  for (const op of ops) {
    const entity = syncedEntity(op.table);
    const key = rowKey(op.table, op.rowId);
    if (
      entity === undefined ||
      rows.has(key) ||
      scopeOps.has(key) ||
      op.kind !== 'set' ||
      op.field !== entity.scopeField
    )
      continue;
    scopeOps.set(key, { op, entity });
  }
  const values = [...scopeOps.values()].flatMap(({ op }) => (typeof op.value === 'string' ? [op.value] : []));
  const existing = await existingCentreIds(tx, [...new Set(values)]);
  const scopes = new Map<RowKey, ClaimedScope>();
  for (const [key, { op, entity }] of scopeOps) {
    const checked = entity.fields[op.field]?.safeParse(op.value);
    if (!checked?.success || typeof op.value !== 'string') {
      scopes.set(key, {
        kind: 'invalid',
        seq: op.seq,
        messageKey: checked?.error?.issues[0]?.message ?? 'errors.invalid',
      });
    } else if (!canAccessRow(actor, accessOf(entity), op.value)) {
      scopes.set(key, { kind: 'forbidden', claimed: op.value });
    } else if (!existing.has(op.value)) {
      // Only an administrator gets here (anyone else serves existing centres only).
      scopes.set(key, { kind: 'invalid', seq: op.seq, messageKey: 'errors.centreUnknown' });
    } else {
      scopes.set(key, { kind: 'ok', scopeId: op.value });
    }
  }
  return scopes;
}

/** The scopes this push may write: those of stored rows the actor may access, and valid new rows'. */
function writableScopes(
  actor: Actor,
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
  newScopes: ReadonlyMap<RowKey, ClaimedScope>,
): Set<string> {
  const scopes = new Set<string>();
  for (const row of rows.values()) {
    const entity = syncedEntity(row.table);
    if (entity !== undefined && canAccessRow(actor, accessOf(entity), row.scopeId)) scopes.add(row.scopeId);
  }
  for (const [key, scope] of newScopes) if (!rows.has(key) && scope.kind === 'ok') scopes.add(scope.scopeId);
  return scopes;
}

/** A row's centre: stored, or set by this push for a new row; undefined when neither. */
function scopeOf(stored: StoredSyncRow | undefined, scope: ClaimedScope | undefined): string | undefined {
  if (stored !== undefined) return stored.scopeId;
  return scope?.kind === 'ok' ? scope.scopeId : undefined;
}

function claimedScope(scope: ClaimedScope | undefined): string {
  return scope?.kind === 'ok' ? scope.scopeId : (scope?.claimed ?? '');
}

/**
 * For the signed receipts among the ops: the counsellor who follows each one's file
 * (`beneficiaries.followedById`, as the server holds it or as this push sets it), by row key.
 */
async function fileCounsellors(
  tx: Queryable,
  ops: readonly PushOp[],
  rows: ReadonlyMap<RowKey, StoredSyncRow>,
): Promise<Map<RowKey, string>> {
  const personOf = new Map<RowKey, string>();
  for (const op of ops) {
    if (op.table !== 'handoverReceipts') continue;
    const key = rowKey(op.table, op.rowId);
    const stored = rows.get(key);
    const storedPerson = stored === undefined ? undefined : parseState(stored.state).record.beneficiaryId;
    if (typeof storedPerson === 'string') personOf.set(key, storedPerson);
    else if (op.kind === 'set' && op.field === 'beneficiaryId' && typeof op.value === 'string')
      personOf.set(key, op.value);
  }
  if (personOf.size === 0) return new Map();
  const people = await findSyncRows(tx, 'beneficiaries', [...new Set(personOf.values())]);
  const textOf = (value: unknown) => (typeof value === 'string' ? value : '');
  const followedBy = new Map(
    people.map((person) => [person.rowId, textOf(parseState(person.state).record.followedById)]),
  );
  for (const op of ops) {
    if (op.table === 'beneficiaries' && op.kind === 'set' && op.field === 'followedById' && !followedBy.has(op.rowId))
      followedBy.set(op.rowId, textOf(op.value));
  }
  // A receipt whose person is nowhere yet has no counsellor: only a coordinator may sign it.
  const counsellors = new Map<RowKey, string>();
  for (const [key, personId] of personOf) counsellors.set(key, followedBy.get(personId) ?? '');
  // Every op of a receipt row needs it, including those before its `beneficiaryId`.
  return counsellors;
}
