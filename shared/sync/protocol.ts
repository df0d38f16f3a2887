import { z } from 'zod';
import { isHlcText, replicaIdOfHlc } from './hlc';
import type { JsonValue } from './merge';
import { centreInfoSchema, type CentreInfo } from '../auth/schemas';

/**
 * The sync wire protocol (docs/sync-protocol.md, "Push" and "Pull"): the request and response
 * bodies of `POST /api/sync/push` and `POST /api/sync/pull`, parsed with these schemas on both
 * sides — the server before it touches its database, the client before it applies anything.
 *
 * On the wire a version is its HLC string alone: the writer (`<deviceId>.<userId>`) is the
 * string's last part, so `{hlc, replicaId}` is rebuilt with `versionFromHlc` instead of sending
 * the replica id twice. Requests and responses larger than a few kilobytes travel gzip-compressed
 * (`Content-Encoding: gzip`).
 */

/** Bumped when the wire format changes incompatibly; the server refuses other values. */
export const syncProtocolVersion = 1;
/**
 * The version of the synced entities' shape. The server accepts pushes from this version and
 * the previous ones (upgrading them), so a PC that was not updated can still send its work.
 */
export const syncSchemaVersion = 1;

/** Bounds of a push batch: ops, and bytes of the decompressed JSON body. */
export const maxOpsPerPush = 500;
export const maxPushBytes = 1_000_000;
/** Rows per pull response (all pages together); the client may ask for fewer. */
export const maxPullRows = 5_000;
export const defaultPullRows = 2_000;
/**
 * Bytes of stored row state per pull response, besides the row count: rows carrying images (a
 * signed receipt's signatures, up to 800 000 characters) must not make a response of hundreds of
 * megabytes over a poor link. A row larger than this is still sent, alone.
 */
export const maxPullStateBytes = 4_000_000;

export const hlcStringSchema = z.string().max(96).refine(isHlcText, 'not an HLC timestamp');

/** A field name: what a synced table's rows may hold (never `$…`, the tombstone pseudo-field). */
export const fieldNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/);
export const tableNameSchema = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/);
const rowIdSchema = z.uuid();
const seqSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * Any JSON value (bounded: strings ≤ 100 000 characters, arrays and objects ≤ 1 000 entries,
 * depth ≤ 20). A hand-written check rather than a recursive union of zod schemas: the server
 * validates every pushed value and every pull answer (thousands of rows) with it, and the union
 * was the most expensive part of both.
 */
export const jsonValueSchema = z.custom<JsonValue>((value) => isJsonValue(value, 0), 'not a JSON value');

function isJsonValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return value.length <= 100_000;
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth >= 20) return false;
      if (Array.isArray(value)) return value.length <= 1_000 && value.every((item) => isJsonValue(item, depth + 1));
      const prototype: unknown = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      const entries = Object.entries(value);
      return (
        entries.length <= 1_000 && entries.every(([key, item]) => key.length <= 64 && isJsonValue(item, depth + 1))
      );
    }
    default:
      return false;
  }
}

const opBase = {
  /** Contiguous per replica outbox (`outboxId`): 1, 2, 3… assigned when the op is first sent. */
  seq: seqSchema,
  table: tableNameSchema,
  rowId: rowIdSchema,
  /** When and by whom (its replica part must be the authenticated device and user). */
  hlc: hlcStringSchema,
  /** The version of the field (or of the tombstone) the writer last saw; null if none. */
  baseVersion: hlcStringSchema.nullable(),
  /** Losing sides of open conflicts this write settles (a resolution in *À vérifier*). */
  resolves: z.array(hlcStringSchema).max(20).optional(),
};

export const pushOpSchema = z.discriminatedUnion('kind', [
  z.object({ ...opBase, kind: z.literal('set'), field: fieldNameSchema, value: jsonValueSchema }).strict(),
  z
    .object({
      ...opBase,
      kind: z.literal('delete'),
      /** Per field, the versions the writer had in front of them. */
      seenVersions: z.record(fieldNameSchema, z.array(hlcStringSchema).max(20)),
    })
    .strict(),
  z.object({ ...opBase, kind: z.literal('undelete') }).strict(),
]);
export type PushOp = z.infer<typeof pushOpSchema>;

export const pullCursorSchema = z.object({
  /** A centre id. */
  scope: z.uuid(),
  table: tableNameSchema,
  /** The last scope sequence number applied locally for this table; 0 for none. */
  seq: z.number().int().min(0),
});
export type PullCursor = z.infer<typeof pullCursorSchema>;

const versionsHeader = {
  protocolVersion: z.number().int(),
  schemaVersion: z.number().int(),
  appVersion: z.string().max(40),
  /**
   * The server database this client's data came from (`null` before its first sync). A server
   * with another identity refuses with `sync-database-mismatch`: two worlds are never merged.
   */
  databaseId: z.uuid().nullable(),
};

export const pushRequestSchema = z
  .object({
    ...versionsHeader,
    /**
     * The local outbox's identity, made when the local database is created. A wiped and rebuilt
     * database gets a new one, so its sequence starts again at 1 without being mistaken for
     * ops the server already applied.
     */
    outboxId: z.uuid(),
    /** Random per batch, for logs and tracing; idempotency comes from `seq`. */
    batchId: z.uuid(),
    fromSeq: seqSchema,
    toSeq: seqSchema,
    ops: z.array(pushOpSchema).min(1).max(maxOpsPerPush),
    /**
     * What the writer had seen of the server when it worked: its pull cursors. A rule across
     * records broken only because of changes it had not seen (a colleague's, merged after) opens
     * a review instead of refusing its work (docs/sync-protocol.md, "Rules across records").
     * Absent: treated as having seen nothing.
     */
    seen: z.array(pullCursorSchema).max(10_000).optional(),
  })
  .strict()
  .superRefine((request, context) => {
    if (request.toSeq - request.fromSeq + 1 !== request.ops.length) {
      context.addIssue({ code: 'custom', message: 'fromSeq..toSeq must cover the ops exactly', path: ['toSeq'] });
      return;
    }
    request.ops.forEach((op, index) => {
      if (op.seq !== request.fromSeq + index)
        context.addIssue({ code: 'custom', message: 'op seqs must be contiguous from fromSeq', path: ['ops', index] });
    });
  });
export type PushRequest = z.infer<typeof pushRequestSchema>;

/** Why the server refused one op. The op is acknowledged anyway: the queue never blocks. */
export const rejectionReasons = [
  /** The row's centre (server data) is not one the user serves, or the role may not write it. */
  'forbidden',
  /** The value breaks the field's shared schema. */
  'invalid-value',
  'unknown-table',
  'unknown-field',
  /**
   * A new row whose scope field (its centre) was not set in the same push. No longer answered: a
   * row the writer cannot place is `forbidden`, whether it exists elsewhere or nowhere.
   */
  'missing-scope',
  /** Moving a row to another centre through sync is not supported yet. */
  'scope-change',
  /** The op's timestamp names another device or user than the authenticated one. */
  'wrong-replica',
  /** A change to a record written once (a signed handover receipt): a correction is a new record. */
  'immutable',
  /** The row id is not a canonical (lower-case) UUID. */
  'invalid-id',
  /** The writer's role may not write this field (shared/auth/fieldRoles.ts). */
  'role',
  /**
   * The change breaks a rule across records (shared/sync/fileRules.ts), on the records as the
   * writer had them: `messageKey` says which (`errors.rule.*`).
   */
  'rule',
] as const;
export const rejectionReasonSchema = z.enum(rejectionReasons);
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;

export const rejectionSchema = z.object({
  seq: seqSchema,
  table: z.string(),
  rowId: z.string(),
  /** The field, or `$deleted` for a delete/undelete. */
  field: z.string(),
  reason: rejectionReasonSchema,
  /** For `invalid-value`: the shared schema's message key (`errors.*`). */
  messageKey: z.string().max(100).optional(),
});
export type Rejection = z.infer<typeof rejectionSchema>;

export const pushResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    databaseId: z.uuid(),
    /** Every op up to here is settled (applied or rejected): the client removes them. */
    ackSeq: z.number().int().min(0),
    /** Rejections among this request's ops (the same on a retry: they are stored). */
    rejections: z.array(rejectionSchema),
    /** Conflicts opened by this request's ops, on review fields (details arrive with the pull). */
    conflicts: z.array(z.object({ table: z.string(), rowId: z.string(), field: z.string() })),
    /** Seqs of this request's ops stamped more than 5 minutes in the server's future, re-stamped. */
    clamped: z.array(seqSchema),
    serverTime: z.number().int(),
  }),
  z.object({
    /**
     * The server has applied this outbox only up to `lastAppliedSeq`, below `fromSeq - 1`
     * (e.g. its database was restored from a backup). The client renumbers its unacknowledged
     * ops from `lastAppliedSeq + 1` and sends again: nothing above it was applied.
     */
    status: z.literal('gap'),
    databaseId: z.uuid(),
    lastAppliedSeq: z.number().int().min(0),
    serverTime: z.number().int(),
  }),
]);
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullRequestSchema = z
  .object({
    ...versionsHeader,
    /** Cursors the client holds; scopes/tables it has none for start at 0. Unknown scopes are ignored. */
    cursors: z.array(pullCursorSchema).max(10_000),
    limit: z.number().int().min(1).max(maxPullRows).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const wireConflictSchema = z.object({
  kind: z.enum(['concurrentEdit', 'deleteVsEdit']),
  field: z.string(),
  winningValue: jsonValueSchema,
  losingValue: jsonValueSchema,
  winningVersion: hlcStringSchema,
  losingVersion: hlcStringSchema,
  /** Display names of the writers, from the server's users table (null if unknown). */
  winningBy: z.string().nullable(),
  losingBy: z.string().nullable(),
});
export type WireConflict = z.infer<typeof wireConflictSchema>;

/**
 * The latest state of a row (not its history). Its field versions are sent once per distinct
 * HLC: `hlcs` lists them and `versions` maps each field to an index in it (a record saved in one
 * go has one HLC for all its fields; 96 characters each, they were most of a pulled row).
 */
export const wireRowSchema = z
  .object({
    id: rowIdSchema,
    /** The scope sequence number of the row's last change. */
    seq: seqSchema,
    deleted: z.boolean(),
    /** Field → winning value (kept while deleted, so an undelete restores it). */
    record: z.record(z.string(), jsonValueSchema),
    /** The distinct HLCs of the winning values. */
    hlcs: z.array(hlcStringSchema).max(1_000),
    /** Field → index in `hlcs` of the HLC of its winning value (`decodeVersions`). */
    versions: z.record(z.string(), z.number().int().min(0)),
    /** HLC of the winning delete or undelete; null for a row never deleted. */
    tombstoneVersion: hlcStringSchema.nullable(),
    conflicts: z.array(wireConflictSchema),
  })
  .refine((row) => Object.values(row.versions).every((index) => index < row.hlcs.length), {
    error: 'a version index is outside hlcs',
    path: ['versions'],
  });
export type WireRow = z.infer<typeof wireRowSchema>;

/** Field → HLC, as a wire row's `hlcs` and `versions` (each distinct HLC once). */
export function encodeVersions(versions: Readonly<Record<string, string>>): Pick<WireRow, 'hlcs' | 'versions'> {
  const hlcs: string[] = [];
  const indexes = new Map<string, number>();
  const encoded: Record<string, number> = {};
  for (const [field, hlc] of Object.entries(versions)) {
    let index = indexes.get(hlc);
    if (index === undefined) {
      index = hlcs.push(hlc) - 1;
      indexes.set(hlc, index);
    }
    encoded[field] = index;
  }
  return { hlcs, versions: encoded };
}

/** Field → HLC of a wire row. */
export function decodeVersions(row: Pick<WireRow, 'hlcs' | 'versions'>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [field, index] of Object.entries(row.versions)) {
    const hlc = row.hlcs[index];
    if (hlc !== undefined) decoded[field] = hlc;
  }
  return decoded;
}

export const pullPageSchema = z.object({
  scope: z.uuid(),
  table: tableNameSchema,
  rows: z.array(wireRowSchema),
  /**
   * Ids of rows that left this scope (moved to a centre the client does not serve). The only
   * case where a client removes a row because of the server; absence from a page never does.
   */
  removed: z.array(rowIdSchema),
  /** The cursor to store with this page, in the same local transaction. */
  nextSeq: z.number().int().min(0),
  /**
   * The client's cursor is unusable (older than the tombstones kept, or ahead of this server's
   * sequence): it pulls this table again from 0, keeping its outbox. `rows` is then empty.
   */
  resyncRequired: z.boolean(),
});
export type PullPage = z.infer<typeof pullPageSchema>;

/** Count and XOR of `rowDigestHash(id, seq)` over a scope's rows of one table (shared/sync/digest.ts). */
export const digestSchema = z.object({
  scope: z.uuid(),
  table: tableNameSchema,
  count: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{16}$/),
});
export type Digest = z.infer<typeof digestSchema>;

/** A centre the account serves, as the PC keeps it (shared/auth/schemas.ts). */
export const scopeInfoSchema = centreInfoSchema;
export type ScopeInfo = CentreInfo;

export const pullResponseSchema = z.object({
  databaseId: z.uuid(),
  serverTime: z.number().int(),
  /** The centres the account serves now (decided by the server at this request). */
  scopes: z.array(scopeInfoSchema),
  /** One page per (scope, table) that had changes after its cursor, or needs a resync. */
  pages: z.array(pullPageSchema),
  /** More changes wait: pull again with the new cursors. */
  hasMore: z.boolean(),
  /**
   * Only in the last response (`hasMore` false): per (scope, table), the digest of the rows up to
   * the cursors just given, computed in the same read transaction. On mismatch the client pulls
   * that table again from 0, keeping its outbox.
   */
  digests: z.array(digestSchema),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

/** Rebuilds a version from its wire form (the HLC string names its writer). */
export function versionFromHlc(hlc: string): { hlc: string; replicaId: string } {
  return { hlc, replicaId: replicaIdOfHlc(hlc) };
}
