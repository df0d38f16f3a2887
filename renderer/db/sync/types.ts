import type { RegionCode } from '../../../shared/reference/regions';
import type { HostErrorCode } from '../../../shared/result';
import type { FieldVersion, JsonValue } from '../../../shared/sync/merge';
import type { RejectionReason } from '../../../shared/sync/protocol';

/** The `field` of an `insert` entry: the whole row. */
export const rowField = '$row';

/**
 * One local op waiting for the server, in the order it was made (`seq`, local auto-increment).
 *
 * An `insert` is a row new to this PC, all its fields in one entry (`value`: field → value, the
 * scope field first; `baseVersion` null): saving a person writes one outbox record, not one per
 * field, which keeps the local database small while ops wait for the evening's sync. It exists
 * only until the ops are first numbered for a push: `expandInserts` (outboxEntries.ts) turns it
 * into the `set` ops the protocol sends, at its place in the order.
 */
export type OutboxEntry = {
  readonly seq?: number;
  readonly table: string;
  readonly rowId: string;
  /** A field name, `tombstoneField` (`$deleted`) for a delete or an undelete, `rowField` for an insert. */
  readonly field: string;
  readonly kind: 'set' | 'delete' | 'undelete' | 'insert';
  /** The new value; `true` for a delete, `false` for an undelete; the row's fields for an insert. */
  readonly value: JsonValue;
  /** HLC string of the write. */
  readonly hlc: string;
  /** The version of this field (or of the tombstone) the writer last knew; null if none. */
  readonly baseVersion: FieldVersion | null;
  /** Delete only: the versions the writer had, per field. */
  readonly seenVersions?: Readonly<Record<string, readonly FieldVersion[]>>;
  /** Losing sides of open conflicts this write settles (a resolution in *À vérifier*). */
  readonly resolves?: readonly FieldVersion[];
  /**
   * The push sequence number, assigned when the op is first put in a batch and kept until the
   * server acknowledges it: a retry sends the same numbers (the server skips what it applied).
   * Absent while the op was never sent; only such ops may be coalesced.
   */
  readonly pushSeq?: number;
  /**
   * A version the server lost, sent again by this PC (docs/sync-protocol.md, "A server restored
   * from a backup"), not a user's edit: if the server refuses it, the rejection says so, and it
   * settles itself once the server holds that version again (its writer's PC sent it).
   */
  readonly isRestore?: true;
};

/**
 * The sync metadata of one row (`[table+rowId]`), in one record so that a pulled row costs one
 * bookkeeping write, not one per field:
 *
 * - `versions`: the last known version of each field, and of the tombstone (`$deleted`);
 * - `scope` and `seq`: the row's scope and the server's scope sequence number of its last change,
 *   for the per-(scope, table) digests (index `[scope+table]`). Both absent until the server has
 *   sent the row (a row created here and not pulled back yet, or after a resync of its table).
 */
export type StoredRowMeta = {
  readonly table: string;
  readonly rowId: string;
  readonly versions: Readonly<Record<string, FieldVersion>>;
  readonly scope?: string;
  readonly seq?: number;
};

/** A version 2 `fieldVersions` record (one per field), read only by the upgrade to version 3. */
export type LegacyFieldVersion = FieldVersion & {
  readonly table: string;
  readonly rowId: string;
  readonly field: string;
};

/**
 * Key/value state of the sync engine (strings): `hlc` (the clock state, HLC string), `replicaId`,
 * `outboxId`, `databaseId`, `nextPushSeq`, `ackedSeq`, `cursor:<scope>:<table>`,
 * `reconcile:<scope>:<table>`, `lastSuccessAt`, `failedAttempts`, `clockOffsetMs`, `lastClamped`.
 */
export type SyncMetaEntry = { readonly key: string; readonly value: string };

/** An open conflict pulled from the server (`key`: `${table}/${rowId}/${field}/${losingVersion}`). */
export type StoredConflict = {
  readonly key: string;
  readonly table: string;
  readonly rowId: string;
  readonly field: string;
  readonly kind: 'concurrentEdit' | 'deleteVsEdit';
  readonly winningValue: JsonValue;
  readonly losingValue: JsonValue;
  readonly winningVersion: string;
  readonly losingVersion: string;
  readonly winningBy: string | null;
  readonly losingBy: string | null;
  /** A short label of the record (the person's name) when the conflict arrived: the row may be deleted locally. */
  readonly recordLabel: string;
};

/** One sync, kept in the journal (newest first). */
export type SyncReceipt = {
  readonly id: string;
  /** ISO instants of this PC's clock (display only). */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** `failed`: stopped before the end (`errorCode` says why); what was acknowledged stays acknowledged. */
  readonly outcome: 'ok' | 'failed';
  readonly errorCode?: HostErrorCode;
  readonly sentOps: number;
  readonly sentRecords: number;
  /** Rows the pull changed on this PC: not the rows it pushed coming back (`applyPullPage`). */
  readonly receivedRows: number;
  readonly conflictsOpened: number;
  readonly rejections: number;
  /** Ops the server re-stamped because this PC's clock was ahead. */
  readonly clampedOps: number;
  /** Server time minus this PC's time, measured at this sync (ms). */
  readonly clockOffsetMs: number | null;
  /**
   * Present when this sync found that the server had lost data this PC held (a database restored
   * from an earlier backup): the records this PC sent it again.
   */
  readonly restoredRows?: number;
  /** Present when this sync removed records its user may no longer see, by reason. */
  readonly removedRows?: {
    /** Of centres no longer among the account's. */
    readonly centre: number;
    /** Of tables the account may no longer read (judicial data). */
    readonly restricted: number;
  };
  /**
   * Present when records the account seems no longer allowed to see were kept because the server
   * was found behind (restored) within the last days: it may have lost the account's changes too.
   */
  readonly heldRows?: number;
};

/** An op the server refused, with the value that was sent. */
export type StoredRejection = {
  readonly id?: number;
  readonly table: string;
  readonly rowId: string;
  readonly field: string;
  readonly value: JsonValue;
  readonly reason: RejectionReason;
  readonly messageKey?: string;
  readonly rejectedAt: string;
  /**
   * The record was removed from this PC because its user may no longer see it (a centre taken
   * off the account, judicial data no longer readable): it cannot be sent again, and for
   * restricted tables the value sent is no longer kept (`value` null).
   */
  readonly accessLost?: true;
  /**
   * The refused op was a version the server had lost, sent again by this PC (`isRestore`): its
   * HLC. The rejection goes by itself when a pull brings that field at this version's time or
   * later (the writer's own PC restored it).
   */
  readonly restoredVersion?: string;
};

/** A centre this account serves, as the last pull listed it. */
/** A centre the account serves (shared/auth/schemas.ts `CentreInfo`), as named at sign-in or by the last pull. */
export type StoredCentre = {
  readonly id: string;
  readonly code: string;
  readonly nameFr: string;
  readonly nameAr: string;
  /** Absent on centres stored before regions were sent. */
  readonly regionCode?: RegionCode;
};
