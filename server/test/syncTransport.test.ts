import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiRouteTable } from '../../shared/api/routes';
import { newId } from '../../shared/ids/uuidv7';
import { pullResponseSchema, pushResponseSchema, syncProtocolVersion } from '../../shared/sync/protocol';
import { getDatabaseId } from '../src/db';
import { acceptsGzip } from '../src/http/compression';
import { buildAccountsServer, credentialHeaders, seedCentre, seedUser, signIn } from './support/accounts';
import type { Session } from './support/accounts';
import { expectApiError } from './support/http';
import { pullBody, pushBody, responseJson, SyncClient, syncTableCounts } from './support/sync';
import { engines } from './support/testDatabase';

describe.each(engines)('sync transport on %s', (engine) => {
  async function setup(options: { bodyLimit?: number } = {}) {
    const server = await buildAccountsServer(engine, options);
    const { app, database, clock } = server;
    const centre = await seedCentre(database, 'CAPC-FES');
    const user = await seedUser(database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] });
    const session = await signIn(app, user);
    const client = new SyncClient(app, session, user.id, clock);
    return { ...server, centre, session, client };
  }

  function postRaw(
    setupResult: { app: SyncClient['app']; session: Session },
    body: string | Buffer,
    headers: Record<string, string> = {},
    url: string = apiRouteTable.syncPush.path,
  ) {
    return setupResult.app.inject({
      method: 'POST',
      url,
      headers: { ...credentialHeaders(setupResult.session), 'content-type': 'application/json', ...headers },
      payload: body,
    });
  }

  it('accepts a gzip request body and gzips a large answer when the client accepts it', async () => {
    const context = await setup();
    const { client, centre } = context;
    const rowId = newId();
    const body = JSON.stringify(pushBody(client.create(rowId, centre.id), { outboxId: client.outboxId, fromSeq: 1 }));
    const pushed = await postRaw(context, gzipSync(body), { 'content-encoding': 'gzip' });
    expect(pushed.statusCode, pushed.payload).toBe(200);
    expect(pushResponseSchema.parse(pushed.json())).toMatchObject({ status: 'ok', ackSeq: 11 });

    const pulled = await postRaw(
      context,
      JSON.stringify(pullBody([])),
      { 'accept-encoding': 'gzip, deflate' },
      apiRouteTable.syncPull.path,
    );
    expect(pulled.statusCode).toBe(200);
    expect(pulled.headers['content-encoding']).toBe('gzip');
    expect(pulled.headers['vary']).toBe('accept-encoding');
    expect(pulled.headers['x-content-type-options']).toBe('nosniff');
    const parsed = pullResponseSchema.parse(responseJson(pulled));
    expect(parsed.pages[0]?.rows.map((row) => row.id)).toEqual([rowId]);

    const plain = await postRaw(context, JSON.stringify(pullBody([])), {}, apiRouteTable.syncPull.path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(pullResponseSchema.parse(plain.json()).pages).toHaveLength(1);
  });

  it('refuses a cut gzip body with 400 and writes nothing', async () => {
    const context = await setup();
    const before = await syncTableCounts(context.database);
    const body = JSON.stringify(
      pushBody(context.client.create(newId(), context.centre.id), { outboxId: newId(), fromSeq: 1 }),
    );
    const compressed = gzipSync(body);
    const response = await postRaw(context, compressed.subarray(0, compressed.length - 20), {
      'content-encoding': 'gzip',
    });
    expectApiError(response, 400, 'invalid-request');
    expect(await syncTableCounts(context.database)).toEqual(before);
  });

  it('refuses malformed JSON with 400 and writes nothing', async () => {
    const context = await setup();
    const before = await syncTableCounts(context.database);
    const body = JSON.stringify(
      pushBody(context.client.create(newId(), context.centre.id), { outboxId: newId(), fromSeq: 1 }),
    );
    expectApiError(await postRaw(context, body.slice(0, -5)), 400, 'invalid-request');
    expect(await syncTableCounts(context.database)).toEqual(before);
  });

  it('refuses a body that breaks the push schema with 400 and writes nothing', async () => {
    const context = await setup();
    const before = await syncTableCounts(context.database);
    const body = pushBody(context.client.create(newId(), context.centre.id), { outboxId: newId(), fromSeq: 1 });
    const response = await context.client.pushRaw({ ...body, toSeq: 99 });
    const { error } = expectApiError(response, 400, 'invalid-request');
    expect(error.issues?.map((issue) => issue.path)).toContain('toSeq');
    expect(await syncTableCounts(context.database)).toEqual(before);
  });

  it('refuses a body over the limit with 413 and writes nothing', async () => {
    const context = await setup({ bodyLimit: 8 * 1024 });
    const before = await syncTableCounts(context.database);
    const rowId = newId();
    const ops = [context.client.set(rowId, 'lastNameArabic', 'ا'.repeat(6000))];
    expectApiError(
      await context.client.pushRaw(pushBody(ops, { outboxId: newId(), fromSeq: 1 })),
      413,
      'payload-too-large',
    );
    expect(await syncTableCounts(context.database)).toEqual(before);
  });

  it('cuts a gzip bomb at the decompressed limit with 413 and writes nothing', async () => {
    const context = await setup();
    const before = await syncTableCounts(context.database);
    // 64 MB of spaces inflate from about 64 KB: far under the 1 MiB limit on the wire.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await postRaw(context, bomb, { 'content-encoding': 'gzip' });
    const { error } = expectApiError(response, 413, 'payload-too-large');
    expect(error.message).toMatch(/decompressed/);
    expect(await syncTableCounts(context.database)).toEqual(before);
  });

  it('refuses an unknown content encoding with 415', async () => {
    const context = await setup();
    expectApiError(await postRaw(context, '{}', { 'content-encoding': 'br' }), 415, 'unsupported-media-type');
  });

  it('answers 426 to another protocol version or a newer schema, even when the body would not parse', async () => {
    const context = await setup();
    const { client, centre } = context;
    const body = pushBody(client.create(newId(), centre.id), { outboxId: client.outboxId, fromSeq: 1 });
    expectApiError(
      await client.pushRaw({ ...body, protocolVersion: syncProtocolVersion + 1, futureField: true }),
      426,
      'sync-version-unsupported',
    );
    expectApiError(await client.pushRaw({ ...body, schemaVersion: 99 }), 426, 'sync-version-unsupported');
    expectApiError(
      await postRaw(context, JSON.stringify({ ...pullBody([]), protocolVersion: 0 }), {}, apiRouteTable.syncPull.path),
      426,
      'sync-version-unsupported',
    );
    // An older schema is accepted: a PC that was not updated still sends its work.
    const older = await client.pushRaw({ ...body, schemaVersion: 0 });
    expect(older.statusCode).toBe(200);
  });

  it("answers 409 to a client whose data came from another server database, and accepts this server's id", async () => {
    const context = await setup();
    const { client, centre, database } = context;
    const before = await syncTableCounts(database);
    const body = pushBody(client.create(newId(), centre.id), {
      outboxId: client.outboxId,
      fromSeq: 1,
      databaseId: newId(),
    });
    expectApiError(await client.pushRaw(body), 409, 'sync-database-mismatch');
    const pull = await postRaw(
      context,
      JSON.stringify(pullBody([], { databaseId: newId() })),
      {},
      apiRouteTable.syncPull.path,
    );
    expectApiError(pull, 409, 'sync-database-mismatch');
    expect(await syncTableCounts(database)).toEqual(before);

    const databaseId = await getDatabaseId(database.db);
    const accepted = await client.pushRaw({ ...body, databaseId });
    expect(accepted.json()).toMatchObject({ status: 'ok', databaseId });
  });
});

describe('Accept-Encoding', () => {
  it('allows gzip when listed or covered by *, unless its quality is 0', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0, *')).toBe(false);
    expect(acceptsGzip('br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
  });
});
