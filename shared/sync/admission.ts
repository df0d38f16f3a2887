import type { Role } from '../auth/roles';
import { mayWriteField, mayWriteRow, writeRuleOf } from '../auth/fieldRoles';
import type { RowAccess } from '../auth/restricted';
import { accessOf, syncedEntity, type AnySyncedEntity } from './entities';
import { formatReplicaId, parseHlc } from './hlc';
import type { JsonValue } from './merge';
import { jsonEquals } from './merge';
import type { PushOp, RejectionReason } from './protocol';
import { failure, ok, type Result } from '../result';

/** The user id of the server's own writes (no user): the nil UUID. */
export const serverUserId = '00000000-0000-0000-0000-000000000000';

/**
 * The admission of one pushed op (docs/sync-protocol.md, "Admission"): pure, so that every rule is
 * tested without a database; the server loads what it needs, calls this for each op, and merges
 * only what it admits. The checks run in this order, and the first that fails is the answer:
 *
 * 1. replica — the op's timestamp names the authenticated device and user (`wrong-replica`);
 * 2. table and field — the entity is synced and the field is one of its fields (`unknown-table`,
 *    `unknown-field`); the row id is a canonical lower-case UUID (`invalid-id`);
 * 3. scope — the row's centre (stored, or set by this push for a new row) is one where the actor
 *    may access the entity's rows, and a row whose id is another's (a person's admission takes
 *    the person's id) is in its parent's centre. A refusal here is `forbidden` whether the row
 *    exists in another centre or nowhere: it never tells which;
 * 4. role for this field — shared/auth/fieldRoles.ts (`role`);
 * 5. written once — a field the server already holds on a row written once (`immutable`);
 * 6. scope change — the scope field keeps the row's centre (`scope-change`);
 * 7. value — text without NUL nor lone surrogates, NFC-normalised; then the field's shared schema,
 *    whose output is what is stored (`invalid-value` with the schema's message key). An author's
 *    name (`selfName`) is replaced by the writer's display name.
 *
 * The entity's invariants on the merged rows come after (shared/sync/fileRules.ts).
 */

/** The writer, as the server knows it at this request (never what the client claims). */
export type AdmissionActor = {
  readonly userId: string;
  readonly role: Role;
  readonly displayName: string;
  /** The replica the session authenticates: `<device id>.<user id>`. */
  readonly replicaId: string;
  /** Row access (shared/auth/restricted.ts), decided by the server's own data. */
  readonly canAccessRow: (access: RowAccess, scopeId: string) => boolean;
};

/** What the server holds of the op's row. */
export type StoredRowFacts = {
  readonly scopeId: string;
  readonly isDeleted: boolean;
  /** Fields the server holds a version of (a row written once accepts only the others). */
  readonly heldFields: ReadonlySet<string>;
};

/** The centre a row not on the server yet would take from this push. */
export type NewRowScope =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly seq: number; readonly messageKey: string }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'ok'; readonly scopeId: string };

export type OpContext = {
  readonly actor: AdmissionActor;
  readonly stored: StoredRowFacts | undefined;
  /** For a row the server does not hold. */
  readonly newScope: NewRowScope;
  /**
   * For a row whose id is its parent's (`derivedIdOf`): the parent's centre, stored or set by
   * this push; undefined when the parent is nowhere.
   */
  readonly parentScopeId: string | undefined;
  /** The counsellor who follows the row's file, as the server holds it ('' if none). */
  readonly fileCounsellorId: string;
};

/** What an admitted op is merged with: its entity, its row's centre, and for a `set` the value as checked. */
export type AdmittedOp = {
  readonly entity: AnySyncedEntity;
  readonly scopeId: string;
  /** A `set`'s value as the field's schema gave it back: what is stored (never the value as sent). */
  readonly storedValue?: JsonValue;
};

/** Why an op is refused: the rejection's reason, and for a refused value the message key saying why. */
export type OpRefusal = { readonly reason: RejectionReason; readonly messageKey?: string };

export type Admission = Result<AdmittedOp, OpRefusal>;

/**
 * The replica of the server's own writes (a field put back for review when a rule across records
 * breaks by merging, server/src/sync/pushRules.ts): no device, no user. Shown as "Masar".
 */
export const serverReplicaId = formatReplicaId(serverUserId, serverUserId);

const canonicalId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Rows whose id is another row's: a person's once-only records take the person's id (two PCs
 * filling them offline edit one row), a ceremony's line takes its project's. The field naming the
 * parent, and the parent's table.
 */
export const derivedIds: Readonly<Record<string, { readonly field: string; readonly parentTable: string }>> = {
  admissions: { field: 'beneficiaryId', parentTable: 'beneficiaries' },
  diagnostics: { field: 'beneficiaryId', parentTable: 'beneficiaries' },
  lifeProjects: { field: 'beneficiaryId', parentTable: 'beneficiaries' },
  detentionRecords: { field: 'beneficiaryId', parentTable: 'beneficiaries' },
  ceremonyLines: { field: 'projectId', parentTable: 'incomeProjects' },
};

const refuse = (reason: RejectionReason, messageKey?: string): Admission =>
  failure(messageKey === undefined ? { reason } : { reason, messageKey });

export function admitOp(op: PushOp, context: OpContext): Admission {
  const { actor, stored } = context;
  // 1. Replica.
  const parsed = parseHlc(op.hlc);
  if (!parsed.ok || parsed.value.replicaId !== actor.replicaId) return refuse('wrong-replica');
  // 2. Table, field, id.
  const entity = syncedEntity(op.table);
  if (entity === undefined) return refuse('unknown-table');
  if (op.kind === 'set' && !Object.hasOwn(entity.fields, op.field)) return refuse('unknown-field');
  if (!canonicalId.test(op.rowId)) return refuse('invalid-id');
  // 3. Scope.
  const access = accessOf(entity);
  let scopeId: string;
  if (stored !== undefined) {
    if (!actor.canAccessRow(access, stored.scopeId)) return refuse('forbidden');
    scopeId = stored.scopeId;
  } else {
    const scope = context.newScope;
    if (scope.kind === 'invalid' && scope.seq === op.seq) return refuse('invalid-value', scope.messageKey);
    if (scope.kind !== 'ok') return refuse('forbidden');
    const derived = derivedIds[op.table];
    if (derived !== undefined && context.parentScopeId !== scope.scopeId) return refuse('forbidden');
    scopeId = scope.scopeId;
  }
  // 4. Role for this field (a row rule covers its deletes too).
  const writeContext = {
    userId: actor.userId,
    role: actor.role,
    isNewRow: stored === undefined,
    fileCounsellorId: context.fileCounsellorId,
  };
  if (op.kind === 'set') {
    if (!mayWriteField(op.table, op.field, op.value, writeContext)) return refuse('role');
  } else if (!mayWriteRow(op.table, writeContext)) {
    return refuse('role');
  }
  // 5. Written once.
  if (entity.writeOnce === true && stored !== undefined) {
    const isFirstWrite = op.kind === 'set' && !stored.isDeleted && !stored.heldFields.has(op.field);
    if (!isFirstWrite) return refuse('immutable');
  }
  if (op.kind !== 'set') return ok({ entity, scopeId });
  // 6. Scope change.
  if (op.field === entity.scopeField && !jsonEquals(op.value, scopeId)) return refuse('scope-change');
  // A derived id names its parent in the field it derives from.
  const derived = derivedIds[op.table];
  if (derived !== undefined && op.field === derived.field && op.value !== op.rowId)
    return refuse('invalid-value', 'errors.derivedId');
  // 7. Value.
  const rule = writeRuleOf(op.table, op.field);
  const given = rule?.kind === 'selfName' ? actor.displayName : op.value;
  const cleaned = cleanText(given);
  if (!cleaned.ok) return refuse('invalid-value', cleaned.error);
  const checked = entity.fields[op.field]?.safeParse(cleaned.value);
  if (!checked?.success) return refuse('invalid-value', checked?.error.issues[0]?.message ?? 'errors.invalid');
  return ok({ entity, scopeId, storedValue: checked.data as JsonValue });
}

/**
 * A NUL, or a UTF-16 surrogate without its pair (in `u` mode a pair is one code point, so only a
 * lone surrogate matches the range): text no database should be asked to store.
 */
// eslint-disable-next-line no-control-regex -- the NUL is what this looks for
const forbiddenCharacter = /\u0000|[\uD800-\uDFFF]/u;

/**
 * Every string of a JSON value NFC-normalised (the same name typed on two keyboards is one value),
 * or a refusal when one holds a NUL or a lone surrogate.
 */
export function cleanText(value: JsonValue): Result<JsonValue, 'errors.invalidCharacters'> {
  if (typeof value === 'string') {
    if (forbiddenCharacter.test(value)) return failure('errors.invalidCharacters');
    return ok(value.normalize('NFC'));
  }
  if (value === null || typeof value !== 'object') return ok(value);
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value as readonly JsonValue[]) {
      const cleaned = cleanText(item);
      if (!cleaned.ok) return cleaned;
      items.push(cleaned.value);
    }
    return ok(items);
  }
  const entries: [string, JsonValue][] = [];
  for (const [key, item] of Object.entries(value)) {
    const cleaned = cleanText(item);
    if (!cleaned.ok) return cleaned;
    if (forbiddenCharacter.test(key)) return failure('errors.invalidCharacters');
    entries.push([key.normalize('NFC'), cleaned.value]);
  }
  return ok(Object.fromEntries(entries));
}
