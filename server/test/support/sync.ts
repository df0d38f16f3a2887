/**
 * Sync fixtures: wire ops and requests built the way a PC builds them, and `SyncClient`, a
 * replica (one user on one PC, one outbox) that pushes numbered ops and follows its pull cursors
 * like the client engine does. Tests talk to the real server through `app.inject`.
 */
import { gunzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { allPrefectureCodes } from '../../../shared/reference/administrative';
import { newId } from '../../../shared/ids/uuidv7';
import { formatHlc, formatReplicaId } from '../../../shared/sync/hlc';
import type { JsonValue } from '../../../shared/sync/merge';
import {
  pullResponseSchema,
  pushResponseSchema,
  syncProtocolVersion,
  syncSchemaVersion,
  decodeVersions,
} from '../../../shared/sync/protocol';
import type { PullResponse, PushOp, PushResponse, WireRow } from '../../../shared/sync/protocol';
import type { MasarServer } from '../../src/masarServer';
import type { MasarDatabase } from '../../src/db';
import { call } from './accounts';
import type { Session, TestClock } from './accounts';

export const table = 'beneficiaries';

/** An op before the outbox numbers it. */
export type OpDraft = PushOp extends infer O ? (O extends PushOp ? Omit<O, 'seq'> : never) : never;

/** The fields of a valid new beneficiary (every value passes `beneficiarySync.fields`). */
export function beneficiaryFields(
  centreId: string,
  overrides: Record<string, JsonValue> = {},
): Record<string, JsonValue> {
  return {
    centreId,
    lastNameLatin: 'Alaoui',
    firstNameLatin: 'Amina',
    lastNameArabic: '',
    firstNameArabic: '',
    sex: 'F',
    dateOfBirth: '1990-05-01',
    cin: 'AB123456',
    prefectureCode: allPrefectureCodes[0],
    createdAt: '2025-03-10T08:00:00.000Z',
    updatedAt: '2025-03-10T08:00:00.000Z',
    ...overrides,
  };
}

/** What every sync request of the test PC starts with: the protocol, its schema, its app version. */
function requestHeader(databaseId: string | null | undefined) {
  return {
    protocolVersion: syncProtocolVersion,
    schemaVersion: syncSchemaVersion,
    appVersion: '9.9.9-test',
    databaseId: databaseId ?? null,
  };
}

export function pushBody(
  ops: readonly OpDraft[],
  options: {
    outboxId: string;
    fromSeq: number;
    databaseId?: string | null;
    seen?: readonly { scope: string; table: string; seq: number }[];
  },
): Record<string, unknown> {
  return {
    ...requestHeader(options.databaseId),
    outboxId: options.outboxId,
    batchId: newId(),
    fromSeq: options.fromSeq,
    toSeq: options.fromSeq + ops.length - 1,
    ops: ops.map((op, index) => ({ ...op, seq: options.fromSeq + index })),
    ...(options.seen === undefined ? {} : { seen: options.seen }),
  };
}

export function pullBody(
  cursors: readonly { scope: string; table: string; seq: number }[],
  options: { limit?: number; databaseId?: string | null } = {},
): Record<string, unknown> {
  return {
    ...requestHeader(options.databaseId),
    cursors,
    ...(options.limit === undefined ? {} : { limit: options.limit }),
  };
}

export type OkPush = Extract<PushResponse, { status: 'ok' }>;

/** The body of an answer, gunzipped when the server compressed it. */
export function responseJson(response: LightMyRequestResponse): unknown {
  const isGzip = response.headers['content-encoding'] === 'gzip';
  const text = isGzip ? gunzipSync(response.rawPayload).toString('utf8') : response.payload;
  return JSON.parse(text) as unknown;
}

/**
 * One replica: a user signed in on a PC, with its outbox and its clock. `wallOffsetMs` sets how far
 * its clock is from the server's (a PC 3 days ahead, 2 years behind).
 */
export class SyncClient {
  readonly replicaId: string;
  outboxId = newId();
  nextSeq = 1;
  wallOffsetMs = 0;
  private counter = 0;
  /** Cursors the client holds, `${scope}/${table}` → seq. */
  readonly cursors = new Map<string, number>();
  /** Rows pulled, latest state, by id. */
  readonly rows = new Map<string, WireRow>();

  constructor(
    readonly app: MasarServer,
    readonly session: Session,
    readonly userId: string,
    readonly clock: TestClock,
  ) {
    this.replicaId = formatReplicaId(session.deviceId, userId);
  }

  /** A fresh timestamp of this replica (increasing, like the client's HLC). */
  stamp(): string {
    this.counter += 1;
    return formatHlc({
      wall: this.clock.now().getTime() + this.wallOffsetMs,
      counter: this.counter,
      replicaId: this.replicaId,
    });
  }

  set(
    rowId: string,
    field: string,
    value: JsonValue,
    extra: { baseVersion?: string | null; resolves?: string[] } = {},
  ): OpDraft {
    return {
      kind: 'set',
      table,
      rowId,
      field,
      value,
      hlc: this.stamp(),
      baseVersion: extra.baseVersion ?? null,
      ...(extra.resolves === undefined ? {} : { resolves: extra.resolves }),
    };
  }

  /** Every field of a new beneficiary, as the form's first save produces them. */
  create(rowId: string, centreId: string, overrides: Record<string, JsonValue> = {}): OpDraft[] {
    return Object.entries(beneficiaryFields(centreId, overrides)).map(([field, value]) =>
      this.set(rowId, field, value),
    );
  }

  /** A delete with what this replica has in front of it (from its pulled copy). */
  delete(rowId: string): OpDraft {
    const row = this.rows.get(rowId);
    const seenVersions: Record<string, string[]> = {};
    for (const [field, hlc] of Object.entries(row ? decodeVersions(row) : {})) seenVersions[field] = [hlc];
    return {
      kind: 'delete',
      table,
      rowId,
      hlc: this.stamp(),
      baseVersion: row?.tombstoneVersion ?? null,
      seenVersions,
    };
  }

  /** The version of a field in this replica's pulled copy (the `baseVersion` of its next edit). */
  version(rowId: string, field: string): string | null {
    const row = this.rows.get(rowId);
    return (row ? decodeVersions(row)[field] : undefined) ?? null;
  }

  pushRaw(body: unknown): Promise<LightMyRequestResponse> {
    return call(this.app, 'syncPush', this.session, { body });
  }

  /** What this replica has pulled, as its pushes tell the server (the engine sends its cursors). */
  seen(): { scope: string; table: string; seq: number }[] {
    return [...this.cursors].map(([key, seq]) => {
      const [scope = '', cursorTable = ''] = key.split('/');
      return { scope, table: cursorTable, seq };
    });
  }

  /** Pushes the ops as the next contiguous seqs of the outbox; expects an `ok` answer. */
  async push(ops: readonly OpDraft[]): Promise<OkPush> {
    const body = pushBody(ops, { outboxId: this.outboxId, fromSeq: this.nextSeq, seen: this.seen() });
    const response = await this.pushRaw(body);
    expect(response.statusCode, response.payload).toBe(200);
    const parsed = pushResponseSchema.parse(response.json());
    if (parsed.status !== 'ok') throw new Error(`push answered ${parsed.status}`);
    this.nextSeq += ops.length;
    return parsed;
  }

  async pullOnce(limit?: number): Promise<PullResponse> {
    const cursors = [...this.cursors].map(([key, seq]) => {
      const [scope = '', cursorTable = ''] = key.split('/');
      return { scope, table: cursorTable, seq };
    });
    const response = await call(this.app, 'syncPull', this.session, {
      body: pullBody(cursors, limit === undefined ? {} : { limit }),
    });
    expect(response.statusCode, response.payload).toBe(200);
    const parsed = pullResponseSchema.parse(response.json());
    for (const page of parsed.pages) {
      for (const row of page.rows) this.rows.set(row.id, row);
      this.cursors.set(`${page.scope}/${page.table}`, page.nextSeq);
    }
    return parsed;
  }

  /** Pulls until nothing more waits; returns the last answer (the one with digests). */
  async pullAll(limit?: number): Promise<PullResponse> {
    for (let round = 0; round < 1000; round++) {
      const response = await this.pullOnce(limit);
      if (!response.hasMore) return response;
    }
    throw new Error('pull never finished');
  }
}

export async function countRows(
  database: MasarDatabase,
  tableName: 'sync_rows' | 'sync_op_log' | 'sync_outboxes' | 'sync_rejections' | 'sync_scopes' | 'audit_events',
): Promise<number> {
  const row = await database.db
    .selectFrom(tableName)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/** Row counts of every sync table: "nothing written" is these unchanged. */
export async function syncTableCounts(database: MasarDatabase): Promise<Record<string, number>> {
  const names = ['sync_rows', 'sync_op_log', 'sync_outboxes', 'sync_rejections', 'sync_scopes'] as const;
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await countRows(database, name);
  return counts;
}
