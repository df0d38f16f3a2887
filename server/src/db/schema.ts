/**
 * The TypeScript shape of the central database as Kysely sees it once every migration has run.
 * Migrations declare their own frozen shapes; this file always describes the latest one.
 *
 * Portability: both engines store the same types. Ids are UUIDv7 text, instants are ISO 8601
 * UTC strings (`Date#toISOString`, so they sort as text and compare in JavaScript), booleans
 * are integers 0/1 (SQLite has no boolean).
 */
import type { Generated } from 'kysely';

/** Key/value facts about the database itself (its identity, later the sync epoch…). */
export interface ServerMetaTable {
  key: string;
  value: string;
}

/** A post-release accompaniment centre (CAPC). */
export interface CentresTable {
  id: string;
  /** Upper-case, unique: the short name staff use ("CAPC-FES"). */
  code: string;
  name_fr: string;
  name_ar: string;
  /** One of `shared/reference/regions.ts`. */
  region_code: string;
  /** Inactivity before the centre's PCs lock (migration 0009). */
  auto_lock_minutes: Generated<number>;
  /** Days of offline sign-in allowed since the last online one (migration 0009). */
  max_offline_days: Generated<number>;
  created_at: string;
}

export interface UsersTable {
  id: string;
  /** Lower-case, unique. */
  username: string;
  display_name: string;
  /** One of `shared/auth/roles.ts`. */
  role: string;
  /** argon2id PHC string; never the password. */
  password_hash: string;
  /** 1 after a creation or a reset: only the password change is allowed until it is done. */
  must_change_password: number;
  /**
   * While the password is a one-time password: the instant it stops signing in (72 h after
   * the reset, or the instant of its first successful sign-in, which consumes it). `null` for
   * a password the user chose.
   */
  one_time_password_expires_at: string | null;
  disabled_at: string | null;
  created_at: string;
  last_sign_in_at: string | null;
}

export interface UserCentresTable {
  user_id: string;
  centre_id: string;
}

/** A PC registered by a user's first sign-in on it. */
export interface DevicesTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the device secret; the secret itself is only ever on the PC. */
  secret_hash: string;
  /** The first centre of the user who registered it; `null` when that user had none (administrator). */
  centre_id: string | null;
  registered_by_user_id: string;
  registered_at: string;
  last_seen_at: string | null;
  last_sync_at: string | null;
  revoked_at: string | null;
  revoked_by_user_id: string | null;
  /** 1 for a PC registered beyond its user's allowance until someone approves it: it cannot sign in. */
  pending_approval: number;
  approved_at: string | null;
  approved_by_user_id: string | null;
}

/**
 * The secret that wraps a user's data key on one PC (docs/security.md), in clear: it is worth
 * something only with that PC's copy of the wrapped key, and only while the PC and the user are
 * in good standing (deleted at revocation and at disabling).
 */
export interface DeviceUserKeysTable {
  device_id: string;
  user_id: string;
  /** 32 random bytes, base64url. */
  secret: string;
  created_at: string;
}

/**
 * A user's judicial access in one centre waiting for confirmation (shared/auth/restricted.ts): put
 * by an account change made by someone without judicial access there, deleted by the confirmation.
 */
export interface JudicialHoldsTable {
  user_id: string;
  centre_id: string;
  held_at: string;
  /** The actor of the change that put (or renewed) the hold: never the one who confirms it alone. */
  held_by_user_id: string;
  /** `judicialHoldReasons` */
  reason: string;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 (hex) of the session token. */
  token_hash: string;
  user_id: string;
  device_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ended_at: string | null;
  /** `sessionEndReasons` */
  end_reason: string | null;
}

/** Consecutive failed sign-ins per key (account and PC, account, address): see `server/src/auth/throttle.ts`. */
export interface SignInThrottleTable {
  key: string;
  failures: number;
  next_allowed_at: string;
  updated_at: string;
}

/**
 * The audit trail (server/src/db/audit.ts): append-only, hash-chained (auditChain.ts). Who, what,
 * when, from which PC, outcome: sign-ins, account changes, sync, consultations, exports.
 */
export interface AuditEventsTable {
  /** 1, 2, 3… in append order, without a gap. */
  seq: number;
  id: string;
  at: string;
  type: string;
  actor_user_id: string | null;
  subject_user_id: string | null;
  device_id: string | null;
  /** The username typed at a sign-in, even when no such user exists. */
  username: string | null;
  outcome: string;
  /** JSON object with non-secret details (ids, roles, changed fields): never a password or token. */
  detail: string;
  /** SHA-256 (hex) of the previous entry's hash and this entry's canonical serialisation. */
  hash: string;
}

/** The persons (beneficiary ids) an audit entry is about: the *person* filter's index, in the hash. */
export interface AuditEventPersonsTable {
  seq: number;
  beneficiary_id: string;
}

/** The chain head, one row (`id` 1): locked by every append, so appends never fork the chain. */
export interface AuditChainTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

/** A sync scope (a centre): the sequence numbering every change of its rows, in commit order. */
export interface SyncScopesTable {
  scope_id: string;
  last_seq: number;
  /** Changes below this seq are forgotten (tombstones purged): older cursors must resync. */
  purged_before_seq: number;
}

/** The merged state of one synced row. */
export interface SyncRowsTable {
  table_name: string;
  row_id: string;
  scope_id: string;
  /** The scope sequence number of the row's last change. */
  seq: number;
  is_deleted: number;
  /** JSON of the row's `RecordState` (shared/sync/merge.ts): values, versions, siblings, tombstone. */
  state: string;
  /** The person whose file the row belongs to (shared/sync/entities.ts `fileIdOf`); null outside files. */
  file_id: string | null;
}

/** Count and XOR hash of `(row id, seq)` over a scope's rows of one table (shared/sync/digest.ts). */
export interface SyncDigestsTable {
  scope_id: string;
  table_name: string;
  row_count: number;
  hash: string;
}

/** How far the server applied one replica outbox (a local database of a user on a PC). */
export interface SyncOutboxesTable {
  device_id: string;
  user_id: string;
  outbox_id: string;
  last_applied_seq: number;
  updated_at: string;
}

/** An op refused (and acknowledged): kept so that a retried push gets the same answer. */
export interface SyncRejectionsTable {
  device_id: string;
  user_id: string;
  outbox_id: string;
  seq: number;
  table_name: string;
  row_id: string;
  field: string;
  reason: string;
  message_key: string | null;
  rejected_at: string;
}

/** One row per applied op: who, from which PC, which field, with which timestamp, when received. */
export interface SyncOpLogTable {
  device_id: string;
  user_id: string;
  outbox_id: string;
  op_seq: number;
  batch_id: string;
  scope_id: string;
  /** The scope seq the row got from the push that applied this op. */
  row_seq: number;
  table_name: string;
  row_id: string;
  /** The field, or `$deleted` for a delete or undelete. */
  field: string;
  kind: string;
  /** The timestamp as applied (the server's time when it was clamped). */
  hlc: string;
  /** The timestamp the PC sent, when it was clamped; null otherwise. */
  original_hlc: string | null;
  received_at: string;
}

export interface Database {
  server_meta: ServerMetaTable;
  centres: CentresTable;
  users: UsersTable;
  user_centres: UserCentresTable;
  devices: DevicesTable;
  device_user_keys: DeviceUserKeysTable;
  judicial_holds: JudicialHoldsTable;
  sessions: SessionsTable;
  sign_in_throttle: SignInThrottleTable;
  audit_events: AuditEventsTable;
  audit_event_persons: AuditEventPersonsTable;
  audit_chain: AuditChainTable;
  sync_scopes: SyncScopesTable;
  sync_rows: SyncRowsTable;
  sync_digests: SyncDigestsTable;
  sync_outboxes: SyncOutboxesTable;
  sync_rejections: SyncRejectionsTable;
  sync_op_log: SyncOpLogTable;
}

/** Keys of `server_meta` written by migrations. */
export const serverMetaKeys = {
  /** Random UUID minted by the first migration: the database's identity in the sync protocol. */
  databaseId: 'database_id',
} as const;

/** Why a session ended. */
export const sessionEndReasons = [
  'signed-out',
  'user-disabled',
  'password-changed',
  'password-reset',
  'device-revoked',
] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

/** Why a judicial hold was put: the account change that gave the judicial role or centre. */
export const judicialHoldReasons = ['user-create', 'password-reset', 'role-change', 'centre-added'] as const;
export type JudicialHoldReason = (typeof judicialHoldReasons)[number];
