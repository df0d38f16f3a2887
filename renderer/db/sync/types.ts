import type { FieldVersion, JsonValue } from '../../../shared/sync/merge';

/** One pending local op, in the order it was made (`seq`, local auto-increment). */
export type OutboxEntry = {
  readonly seq?: number;
  readonly table: string;
  readonly rowId: string;
  /** A field name, or `tombstoneField` (`$deleted`) for a delete. */
  readonly field: string;
  readonly kind: 'set' | 'delete';
  /** The new value; `true` for a delete. */
  readonly value: JsonValue;
  /** HLC string of the write. */
  readonly hlc: string;
  /** The version of this field (or of the tombstone) the writer last knew; null if none. */
  readonly baseVersion: FieldVersion | null;
  /** Delete only: the versions the writer had, per field. */
  readonly seenVersions?: Readonly<Record<string, readonly FieldVersion[]>>;
};

/** The last known version of one field of one row (`[table+rowId+field]`). */
export type StoredFieldVersion = FieldVersion & {
  readonly table: string;
  readonly rowId: string;
  readonly field: string;
};

/** Key/value state of the sync engine: `hlc` (the clock state, HLC string), `replicaId`. */
export type SyncMetaEntry = { readonly key: string; readonly value: string };
