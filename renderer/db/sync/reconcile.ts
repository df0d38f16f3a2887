import { isCoordinatorRole, mayWriteField, writeRuleOf } from '../../../shared/auth/fieldRoles';
import type { Role } from '../../../shared/auth/roles';
import { hlcCounterDigits, hlcWallDigits, formatHlc, parseHlc, parseReplicaId } from '../../../shared/sync/hlc';
import { tombstoneField, type FieldVersion, type JsonValue } from '../../../shared/sync/merge';

/**
 * What the PC holds that the server no longer has (docs/sync-protocol.md, "A server restored from
 * a backup"): pure rules, used by the pull (renderer/db/sync/pullApply.ts) for every row it
 * receives and by the sweep of rows the server no longer lists (lostRowSweep.ts).
 *
 * A field's version on the server never goes back in time: the winner is the greatest head, and a
 * write that supersedes a version is stamped after it (the PC's clock receives every version it
 * pulls). So a server version older than the one the PC holds for that field (and not pending)
 * means the server lost the PC's version: it was restored from an earlier backup. Versions are
 * compared by their time (wall and counter) only: the PC sends a lost version again under its own
 * replica id with the same time (`rebaseHlc`), so two PCs restoring the same version write the
 * same time, and the second sees nothing older to restore.
 *
 * The tombstone differs: while a row is deleted the server sends its greatest delete, even when a
 * concurrent undelete is newer (that undelete is then a conflict's losing side). A local tombstone
 * version the row's conflicts name is therefore still on the server. A lost tombstone is sent again
 * only when the server's deletion state differs from the PC's (deleted here and live there, or the
 * reverse): when both agree there is nothing to restore.
 */

/** Characters of an HLC string before its writer: the wall, a dash, the counter. */
const hlcTimeLength = hlcWallDigits + 1 + hlcCounterDigits;

/** Whether the server's version (none: it lacks the field) is older than the PC's. */
export function isLostByServer(local: string | undefined, server: string | null | undefined): boolean {
  if (local === undefined) return false;
  if (server === undefined || server === null) return true;
  return server.slice(0, hlcTimeLength) < local.slice(0, hlcTimeLength);
}

/** The same time, written by `replicaId`: how a PC sends again a version the server lost. */
export function rebaseHlc(hlc: string, replicaId: string): string {
  const parsed = parseHlc(hlc);
  if (!parsed.ok) throw new RangeError(`not an HLC timestamp: ${hlc}`);
  return formatHlc({ ...parsed.value, replicaId });
}

export type RowComparison = {
  /** The server's version of each field of the row (HLC strings). */
  readonly serverVersions: Readonly<Record<string, string>>;
  /** The server's tombstone version (its winning delete or undelete); null for a row never deleted. */
  readonly serverTombstone: string | null;
  readonly isServerDeleted: boolean;
  /** Every version the row's open conflicts name: heads the server still holds. */
  readonly conflictHlcs: ReadonlySet<string>;
  /** The versions the PC knows (its `rowMeta`), the tombstone's (`$deleted`) included. */
  readonly known: Readonly<Record<string, FieldVersion>>;
  /** Fields, and `$deleted`, with a local op waiting: the push settles those. */
  readonly pendingFields: ReadonlySet<string>;
  /** Whether the PC holds the row (not deleted here). */
  readonly isLocalPresent: boolean;
};

export type RowRepair = {
  /** Fields whose local value and version the server lost: the PC keeps them and sends them again. */
  readonly fields: readonly string[];
  /** The deletion state the server lost, sent again; null when nothing is to be sent. */
  readonly tombstone: 'delete' | 'undelete' | null;
};

export const noRepair: RowRepair = { fields: [], tombstone: null };

/** What of a row the server sent back the PC must keep and send again. */
export function repairOf(row: RowComparison): RowRepair {
  const hasPendingTombstone = row.pendingFields.has(tombstoneField);
  let tombstone: RowRepair['tombstone'] = null;
  const localTombstone = row.known[tombstoneField]?.hlc;
  if (
    !hasPendingTombstone &&
    localTombstone !== undefined &&
    isLostByServer(localTombstone, row.serverTombstone) &&
    !row.conflictHlcs.has(localTombstone)
  ) {
    // Deleted here and live there: the server lost the delete. Live here and deleted there: the undelete.
    if (!row.isLocalPresent && !row.isServerDeleted) tombstone = 'delete';
    else if (row.isLocalPresent && row.isServerDeleted) tombstone = 'undelete';
  }
  const isPresentAfter = hasPendingTombstone
    ? row.isLocalPresent
    : tombstone === null
      ? !row.isServerDeleted
      : tombstone === 'undelete';
  // Values are only where the PC holds the row, and only matter where it stays.
  const fields =
    isPresentAfter && row.isLocalPresent
      ? Object.keys(row.known).filter(
          (field) =>
            field !== tombstoneField &&
            !row.pendingFields.has(field) &&
            isLostByServer(row.known[field]?.hlc, row.serverVersions[field]),
        )
      : [];
  return fields.length === 0 && tombstone === null ? noRepair : { fields, tombstone };
}

/** The user sending versions again: what the server's field → role table lets them write. */
export type Restorer = { readonly userId: string; readonly role: Role };

/**
 * Whether this user may send again a version the server lost (shared/auth/fieldRoles.ts): a field
 * tied to its writer (an author's id or name, a signed receipt) only by the user who wrote it —
 * the server would refuse another's id, and set another's name to the sender's; a coordinators'
 * field only by a coordinator, or on a re-created row with its open value. The others by anyone
 * who holds them. What this user may not send, the PC keeps as it is: the writer's own PC sends it.
 */
export function mayRestoreField(
  table: string,
  field: string,
  value: JsonValue,
  version: FieldVersion,
  restorer: Restorer,
  isNewRow: boolean,
): boolean {
  const rule = writeRuleOf(table, field);
  if (rule === undefined) return true;
  const writer = parseReplicaId(version.replicaId);
  const isWriter = writer.ok && writer.value.userId === restorer.userId;
  switch (rule.kind) {
    case 'self':
    case 'selfName':
      return isWriter;
    case 'fileCounsellorOrCoordinator':
      return isWriter || isCoordinatorRole(restorer.role);
    case 'coordinators':
      return mayWriteField(table, field, value, {
        userId: restorer.userId,
        role: restorer.role,
        isNewRow,
        fileCounsellorId: '',
      });
  }
}
