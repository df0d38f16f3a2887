/**
 * The database schema history, written once with Kysely's schema builder so the same steps run
 * on SQLite and PostgreSQL. Migrations are listed in code (no folder scan) so the bundled server
 * and the tests run exactly these. Never edit an applied migration: append a new one. Each
 * migration types the tables it touches as they were at that point, not as they are today.
 */
import { randomUUID } from 'node:crypto';
import { Migrator, PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { chainHash, genesisHash } from './auditChain';
import type { Database } from './schema';

type ServerMetaV1 = {
  server_meta: { key: string; value: string };
};

const migrations: Record<string, Migration> = {
  '0001-server-meta': {
    async up(db: Kysely<unknown>) {
      const v1 = db.withTables<ServerMetaV1>();
      await v1.schema
        .createTable('server_meta')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
      await v1.insertInto('server_meta').values({ key: 'database_id', value: randomUUID() }).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('server_meta').execute();
    },
  },

  /**
   * Accounts, centres, PCs and their sessions, sign-in throttling and the audit trail. Ids are
   * text UUIDs, instants ISO 8601 UTC text, booleans 0/1 integers: the same on both engines.
   */
  '0002-accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('centres')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('code', 'text', (column) => column.notNull().unique())
        .addColumn('name_fr', 'text', (column) => column.notNull())
        .addColumn('name_ar', 'text', (column) => column.notNull())
        .addColumn('region_code', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('username', 'text', (column) => column.notNull().unique())
        .addColumn('display_name', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('must_change_password', 'integer', (column) => column.notNull())
        .addColumn('one_time_password_expires_at', 'text')
        .addColumn('disabled_at', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_sign_in_at', 'text')
        .addCheckConstraint('users_username_lower_case', sql`username = lower(username)`)
        .addCheckConstraint('users_must_change_password_boolean', sql`must_change_password in (0, 1)`)
        .execute();

      await db.schema
        .createTable('user_centres')
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('centre_id', 'text', (column) => column.notNull().references('centres.id'))
        .addPrimaryKeyConstraint('user_centres_pk', ['user_id', 'centre_id'])
        .execute();
      await db.schema.createIndex('user_centres_centre_id').on('user_centres').column('centre_id').execute();

      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('secret_hash', 'text', (column) => column.notNull())
        .addColumn('centre_id', 'text', (column) => column.references('centres.id'))
        .addColumn('registered_by_user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('registered_at', 'text', (column) => column.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('last_sync_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by_user_id', 'text', (column) => column.references('users.id'))
        .execute();
      await db.schema.createIndex('devices_centre_id').on('devices').column('centre_id').execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('token_hash', 'text', (column) => column.notNull().unique())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('device_id', 'text', (column) => column.notNull().references('devices.id'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('last_seen_at', 'text', (column) => column.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('end_reason', 'text')
        .execute();
      await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_device_id').on('sessions').column('device_id').execute();

      await db.schema
        .createTable('sign_in_throttle')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('failures', 'integer', (column) => column.notNull())
        .addColumn('next_allowed_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();

      // No foreign keys: the trail names users that may not exist (a mistyped username).
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('subject_user_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('username', 'text')
        .addColumn('outcome', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'audit_events',
        'sign_in_throttle',
        'sessions',
        'devices',
        'user_centres',
        'users',
        'centres',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },

  /**
   * Sync storage (docs/sync-protocol.md): per centre a sequence (`sync_scopes`), the merged state
   * of each synced row with the scope sequence number of its last change (`sync_rows`), per
   * (scope, table) digests kept up to date with each change (`sync_digests`), per replica outbox
   * the last op applied (`sync_outboxes`) and the ops refused (`sync_rejections`), so a retried
   * push gets the same answer, and one audit row per applied op (`sync_op_log`).
   *
   * Sequence numbers are `bigint` (the PostgreSQL type parser gives them back as numbers, see
   * database.ts). HLC strings compare byte by byte: PostgreSQL needs `COLLATE "C"` (its default
   * locale collation may ignore the dashes); SQLite's default BINARY already does.
   */
  '0003-sync': {
    async up(db: Kysely<unknown>) {
      // The migration receives no engine: the adapter tells (Kysely marks getExecutor internal,
      // but it is the one place that knows which dialect runs the migration).
      const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
      const hlcType = isPostgres ? sql`text collate "C"` : sql`text`;

      await db.schema
        .createTable('sync_scopes')
        .addColumn('scope_id', 'text', (column) => column.primaryKey())
        .addColumn('last_seq', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('purged_before_seq', 'bigint', (column) => column.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('sync_rows')
        .addColumn('table_name', 'text', (column) => column.notNull())
        .addColumn('row_id', 'text', (column) => column.notNull())
        .addColumn('scope_id', 'text', (column) => column.notNull())
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('is_deleted', 'integer', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('sync_rows_pk', ['table_name', 'row_id'])
        .addCheckConstraint('sync_rows_is_deleted_boolean', sql`is_deleted in (0, 1)`)
        .execute();
      await db.schema
        .createIndex('sync_rows_scope_table_seq')
        .on('sync_rows')
        .columns(['scope_id', 'table_name', 'seq'])
        .execute();

      await db.schema
        .createTable('sync_digests')
        .addColumn('scope_id', 'text', (column) => column.notNull())
        .addColumn('table_name', 'text', (column) => column.notNull())
        .addColumn('row_count', 'bigint', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('sync_digests_pk', ['scope_id', 'table_name'])
        .execute();

      await db.schema
        .createTable('sync_outboxes')
        .addColumn('device_id', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text', (column) => column.notNull())
        .addColumn('outbox_id', 'text', (column) => column.notNull())
        .addColumn('last_applied_seq', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('sync_outboxes_pk', ['device_id', 'user_id', 'outbox_id'])
        .execute();

      await db.schema
        .createTable('sync_rejections')
        .addColumn('device_id', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text', (column) => column.notNull())
        .addColumn('outbox_id', 'text', (column) => column.notNull())
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('table_name', 'text', (column) => column.notNull())
        .addColumn('row_id', 'text', (column) => column.notNull())
        .addColumn('field', 'text', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('message_key', 'text')
        .addColumn('rejected_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('sync_rejections_pk', ['device_id', 'user_id', 'outbox_id', 'seq'])
        .execute();

      // No values: the trail says who changed which field when, the row's state holds the data.
      await db.schema
        .createTable('sync_op_log')
        .addColumn('device_id', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text', (column) => column.notNull())
        .addColumn('outbox_id', 'text', (column) => column.notNull())
        .addColumn('op_seq', 'bigint', (column) => column.notNull())
        .addColumn('batch_id', 'text', (column) => column.notNull())
        .addColumn('scope_id', 'text', (column) => column.notNull())
        .addColumn('row_seq', 'bigint', (column) => column.notNull())
        .addColumn('table_name', 'text', (column) => column.notNull())
        .addColumn('row_id', 'text', (column) => column.notNull())
        .addColumn('field', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('hlc', hlcType, (column) => column.notNull())
        .addColumn('original_hlc', hlcType)
        .addColumn('received_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('sync_op_log_pk', ['device_id', 'user_id', 'outbox_id', 'op_seq'])
        .execute();
      await db.schema.createIndex('sync_op_log_row').on('sync_op_log').columns(['table_name', 'row_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      for (const table of [
        'sync_op_log',
        'sync_rejections',
        'sync_outboxes',
        'sync_digests',
        'sync_rows',
        'sync_scopes',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  },

  /**
   * Account security (issue 14): judicial holds (`judicial_holds`, one row per user and centre
   * where the user's judicial access waits for confirmation: shared/auth/restricted.ts), and PCs
   * registered beyond a user's own allowance, pending an approval (`devices.pending_approval`,
   * `approved_at`, `approved_by_user_id`). Existing accounts get no hold and existing PCs stay
   * approved: nothing that works today stops working. The sign-in throttle's counters are cleared
   * (their keys changed shape).
   */
  '0004-account-security': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('judicial_holds')
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('centre_id', 'text', (column) => column.notNull().references('centres.id'))
        .addColumn('held_at', 'text', (column) => column.notNull())
        .addColumn('held_by_user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('reason', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('judicial_holds_pk', ['user_id', 'centre_id'])
        .execute();

      await db.schema
        .alterTable('devices')
        .addColumn('pending_approval', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('devices').addColumn('approved_at', 'text').execute();
      await db.schema
        .alterTable('devices')
        .addColumn('approved_by_user_id', 'text', (column) => column.references('users.id'))
        .execute();
      // Counting a user's recent registrations at each new PC.
      await db.schema
        .createIndex('devices_registered_by_user_id')
        .on('devices')
        .columns(['registered_by_user_id', 'registered_at'])
        .execute();

      // The throttle's keys changed shape (per PC, per account, per address): the old counters
      // (transient by nature) would never be read again.
      await db.withTables<{ sign_in_throttle: { key: string } }>().deleteFrom('sign_in_throttle').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('devices_registered_by_user_id').execute();
      for (const column of ['approved_by_user_id', 'approved_at', 'pending_approval']) {
        await db.schema.alterTable('devices').dropColumn(column).execute();
      }
      await db.schema.dropTable('judicial_holds').execute();
    },
  },

  /**
   * The audit trail becomes a hash chain (server/src/db/auditChain.ts): every entry gets its
   * number (`seq`, no gap) and `hash`; the persons an entry is about get an index table of their
   * own (covered by the hash); `audit_chain` is the head every append locks. Entries written before
   * this migration are chained here, oldest first (their `at`, then id: UUIDv7, in time order).
   * The table is rebuilt rather than altered so that `seq` and `hash` are NOT NULL on SQLite too.
   * Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on both audit tables: the
   * server has no such path, and a mistaken one fails instead of rewriting history.
   */
  '0005-audit-chain': {
    async up(db: Kysely<unknown>) {
      const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
      const v5 = db.withTables<AuditChainV5>();

      await db.schema
        .createTable('audit_events_chained')
        .addColumn('seq', 'bigint', (column) => column.notNull().unique())
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('subject_user_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('username', 'text')
        .addColumn('outcome', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull())
        .addColumn('hash', 'text', (column) => column.notNull())
        .addCheckConstraint('audit_events_seq_positive', sql`seq > 0`)
        .execute();
      await db.schema
        .createTable('audit_event_persons')
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('beneficiary_id', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('audit_event_persons_pk', ['seq', 'beneficiary_id'])
        .execute();
      await db.schema
        .createIndex('audit_event_persons_beneficiary')
        .on('audit_event_persons')
        .columns(['beneficiary_id', 'seq'])
        .execute();
      await db.schema
        .createTable('audit_chain')
        .addColumn('id', 'integer', (column) => column.primaryKey())
        .addColumn('last_seq', 'bigint', (column) => column.notNull())
        .addColumn('last_hash', 'text', (column) => column.notNull())
        .addCheckConstraint('audit_chain_single_row', sql`id = 1`)
        .execute();

      // The existing trail, oldest first, a page at a time.
      let previousHash = genesisHash;
      let seq = 0;
      let after: { at: string; id: string } | undefined;
      for (;;) {
        let query = v5.selectFrom('audit_events').selectAll().orderBy('at').orderBy('id').limit(1000);
        if (after !== undefined) {
          const { at, id } = after;
          query = query.where((eb) => eb.or([eb('at', '>', at), eb.and([eb('at', '=', at), eb('id', '>', id)])]));
        }
        const page = await query.execute();
        if (page.length === 0) break;
        const chained = page.map((row) => {
          seq += 1;
          const entry = {
            seq,
            id: row.id,
            at: row.at,
            type: row.type,
            outcome: row.outcome,
            actorUserId: row.actor_user_id,
            subjectUserId: row.subject_user_id,
            deviceId: row.device_id,
            username: row.username,
            detail: row.detail,
            beneficiaryIds: [],
          };
          previousHash = chainHash(previousHash, entry);
          return { ...row, seq, hash: previousHash };
        });
        await v5.insertInto('audit_events_chained').values(chained).execute();
        const last = page.at(-1);
        if (last === undefined) break;
        after = { at: last.at, id: last.id };
      }
      await v5.insertInto('audit_chain').values({ id: 1, last_seq: seq, last_hash: previousHash }).execute();

      await db.schema.dropTable('audit_events').execute();
      await db.schema.alterTable('audit_events_chained').renameTo('audit_events').execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
      await db.schema.createIndex('audit_events_actor').on('audit_events').column('actor_user_id').execute();
      await db.schema.createIndex('audit_events_subject').on('audit_events').column('subject_user_id').execute();

      if (isPostgres) {
        await sql
          .raw(
            `create function masar_audit_append_only() returns trigger language plpgsql as $$
             begin raise exception '% is append-only', tg_table_name; end $$`,
          )
          .execute(db);
        for (const table of ['audit_events', 'audit_event_persons']) {
          await sql
            .raw(
              `create trigger ${table}_append_only before update or delete on ${table}
               for each row execute function masar_audit_append_only()`,
            )
            .execute(db);
          await sql
            .raw(
              `create trigger ${table}_no_truncate before truncate on ${table}
               for each statement execute function masar_audit_append_only()`,
            )
            .execute(db);
        }
      } else {
        for (const table of ['audit_events', 'audit_event_persons']) {
          for (const event of ['update', 'delete']) {
            await sql
              .raw(
                `create trigger ${table}_append_only_${event} before ${event} on ${table}
                 begin select raise(abort, '${table} is append-only'); end`,
              )
              .execute(db);
          }
        }
      }
    },
    async down(db: Kysely<unknown>) {
      // Back to the unchained trail: the entries are kept, their chain and person index dropped.
      // (SQLite drops a table's triggers with it; PostgreSQL's go with their function.)
      const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
      if (isPostgres) await sql.raw('drop function masar_audit_append_only() cascade').execute(db);
      const v5 = db.withTables<AuditUnchainV5>();
      await db.schema.dropTable('audit_chain').execute();
      await db.schema.dropTable('audit_event_persons').execute();
      await db.schema
        .createTable('audit_events_unchained')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('at', 'text', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('subject_user_id', 'text')
        .addColumn('device_id', 'text')
        .addColumn('username', 'text')
        .addColumn('outcome', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull())
        .execute();
      const columns = [
        'id',
        'at',
        'type',
        'actor_user_id',
        'subject_user_id',
        'device_id',
        'username',
        'outcome',
        'detail',
      ] as const;
      await v5
        .insertInto('audit_events_unchained')
        .columns(columns)
        .expression(v5.selectFrom('audit_events').select(columns))
        .execute();
      await db.schema.dropTable('audit_events').execute();
      await db.schema.alterTable('audit_events_unchained').renameTo('audit_events').execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
    },
  },

  /**
   * The file each synced row belongs to (`file_id`: the person's id for a person's rows, the
   * person's own id for the person), so that the rules across a file's records
   * (shared/sync/fileRules.ts) read a whole file with one indexed query at push. Rows outside
   * any file (ceremonies) have none. Filled for the rows already stored from their state.
   */
  '0007-sync-file-id': {
    async up(db: Kysely<unknown>) {
      const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema.alterTable('sync_rows').addColumn('file_id', 'text').execute();
      const beneficiaryIdOfState = isPostgres
        ? sql`nullif(state::jsonb -> 'record' ->> 'beneficiaryId', '')`
        : sql`nullif(json_extract(state, '$.record.beneficiaryId'), '')`;
      await sql`update sync_rows set file_id = case when table_name = 'beneficiaries' then row_id else ${beneficiaryIdOfState} end`.execute(
        db,
      );
      await db.schema.createIndex('sync_rows_file').on('sync_rows').columns(['file_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('sync_rows_file').execute();
      await db.schema.alterTable('sync_rows').dropColumn('file_id').execute();
    },
  },

  /**
   * The per-PC, per-user secret that wraps a user's data key on that PC (docs/security.md): made
   * at the first sign-in that needs it, handed out only at a sign-in or password change on that
   * PC, deleted when the PC is revoked or the user disabled. Nothing to fill: existing PCs get
   * theirs at their next online sign-in.
   */
  '0008-device-user-keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('device_user_keys')
        .addColumn('device_id', 'text', (column) => column.notNull().references('devices.id'))
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id'))
        .addColumn('secret', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('device_user_keys_pk', ['device_id', 'user_id'])
        .execute();
      // Deleting a user's secrets on every PC when the account is disabled.
      await db.schema.createIndex('device_user_keys_user').on('device_user_keys').columns(['user_id']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('device_user_keys').execute();
    },
  },

  /**
   * The privacy of each centre's PCs (issue 15): minutes of inactivity before they lock, days of
   * offline sign-in since the last online one. Existing centres get the defaults (10, 30).
   */
  '0009-centre-privacy': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('centres')
        .addColumn('auto_lock_minutes', 'integer', (column) => column.notNull().defaultTo(10))
        .execute();
      await db.schema
        .alterTable('centres')
        .addColumn('max_offline_days', 'integer', (column) => column.notNull().defaultTo(30))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('centres').dropColumn('max_offline_days').execute();
      await db.schema.alterTable('centres').dropColumn('auto_lock_minutes').execute();
    },
  },
};

/** The audit tables as migration 0005 reads and writes them. */
type AuditEventV2 = {
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
type AuditChainV5 = {
  audit_events: AuditEventV2;
  audit_events_chained: AuditEventV2 & { seq: number; hash: string };
  audit_chain: { id: number; last_seq: number; last_hash: string };
};
type AuditUnchainV5 = {
  audit_events: AuditEventV2 & { seq: number; hash: string };
  audit_events_unchained: AuditEventV2;
};

/** Names of every migration, oldest first. */
export const migrationNames = Object.keys(migrations);

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/** How many migrations this build of the server knows: the schema version it expects. */
export const latestSchemaVersion = Object.keys(migrations).length;

function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

export interface MigrationOutcome {
  /** Names of the migrations applied by this call (empty when the database was up to date). */
  applied: string[];
  schemaVersion: number;
}

/**
 * Brings the database to the latest schema in one transaction. Safe to call on every start and
 * from several processes at once: Kysely takes an advisory lock on PostgreSQL, and on SQLite the
 * run is a `BEGIN IMMEDIATE` transaction (see database.ts).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationOutcome> {
  const { error, results = [] } = await createMigrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new Error(`Database migration ${failed ?? '(setup)'} failed: ${reason}`, { cause: error });
  }
  return {
    applied: results.filter((result) => result.status === 'Success').map((result) => result.migrationName),
    schemaVersion: await getSchemaVersion(db),
  };
}

/**
 * Brings the database up to (and including) migration `name`: each migration's test starts from the
 * schema before it, with rows as they were then.
 */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await createMigrator(db).migrateTo(name);
  if (error !== undefined) throw new Error(`Database migration to ${name} failed`, { cause: error });
}

/** The number of applied migrations; 0 for a database never migrated. */
export async function getSchemaVersion(db: Kysely<Database>): Promise<number> {
  const known = await createMigrator(db).getMigrations();
  return known.filter((migration) => migration.executedAt !== undefined).length;
}
