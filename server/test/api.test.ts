import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { healthSchema } from '../../shared/api/health';
import { apiRouteTable } from '../../shared/api/routes';
import { buildServer } from '../src/app';
import { latestSchemaVersion } from '../src/db';
import { ApiHttpError } from '../src/http/errors';
import {
  buildTestServer,
  expectApiError,
  expectNoStackTrace,
  expectSecurityHeaders,
  testVersion,
} from './support/http';
import { engines, openTestDatabase } from './support/testDatabase';
import { textCollector } from './support/textCollector';

/** Collects the server's JSON log lines. */
function logCollector(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const { stream, text } = textCollector();
  const lines = (): Record<string, unknown>[] =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => z.record(z.string(), z.unknown()).parse(JSON.parse(line)));
  return { stream, lines };
}

const personSchema = z.object({
  name: z.string().min(1),
  address: z.object({ city: z.string().min(2) }),
});

describe.each(engines)('API on %s', (engine) => {
  describe('GET /api/health', () => {
    it('answers the health body with version, engine and schema version', async () => {
      const app = await buildTestServer(engine);
      const before = Date.now();
      const response = await app.inject({ method: 'GET', url: apiRouteTable.health.path });
      const after = Date.now();

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control']).toBe('no-store');
      expectSecurityHeaders(response);
      const health = healthSchema.parse(response.json());
      expect(health).toMatchObject({ status: 'ok', version: testVersion, engine, schemaVersion: latestSchemaVersion });
      expect(health.serverTime).toBeGreaterThanOrEqual(before);
      expect(health.serverTime).toBeLessThanOrEqual(after);
    });

    it('reports schema version 0 on a database not yet migrated', async () => {
      const database = await openTestDatabase(engine, { migrate: false });
      const app = buildServer({ database, version: testVersion });
      const response = await app.inject({ method: 'GET', url: apiRouteTable.health.path });
      await app.close();
      expect(healthSchema.parse(response.json()).schemaVersion).toBe(0);
    });
  });

  describe('errors', () => {
    it('answers an unknown /api route with a JSON 404, whatever the method', async () => {
      const app = await buildTestServer(engine);
      expectApiError(await app.inject({ method: 'GET', url: '/api/nope' }), 404, 'not-found');
      expectApiError(await app.inject({ method: 'POST', url: '/api/nope', payload: { a: 1 } }), 404, 'not-found');
      expectApiError(await app.inject({ method: 'DELETE', url: apiRouteTable.health.path }), 404, 'not-found');
      expectApiError(await app.inject({ method: 'GET', url: '/api' }), 404, 'not-found');
    });

    describe('on a zod-validated POST route', () => {
      async function appWithPersonRoute(options: { bodyLimit?: number } = {}) {
        const app = await buildTestServer(engine, options);
        app.post('/api/test/people', { schema: { body: personSchema } }, (request) => ({
          greeting: `Salam ${request.body.name} from ${request.body.address.city}`,
        }));
        return app;
      }

      it('accepts a valid body', async () => {
        const app = await appWithPersonRoute();
        const response = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          payload: { name: 'Amina', address: { city: 'Fès' } },
        });
        expect(response.statusCode).toBe(200);
        expect(response.json()).toEqual({ greeting: 'Salam Amina from Fès' });
      });

      it('answers 400 invalid-request with one issue per field for a body zod refuses', async () => {
        const app = await appWithPersonRoute();
        const response = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          payload: { name: '', address: { city: 'F' } },
        });
        const { error } = expectApiError(response, 400, 'invalid-request');
        expect(error.message).toBe('The request body is invalid.');
        expect(error.issues?.map((issue) => issue.path)).toEqual(['name', 'address.city']);
        for (const issue of error.issues ?? []) expect(issue.message).not.toBe('');
      });

      it('answers 400 for a missing body object', async () => {
        const app = await appWithPersonRoute();
        const response = await app.inject({ method: 'POST', url: '/api/test/people', payload: [1, 2] });
        const { error } = expectApiError(response, 400, 'invalid-request');
        expect(error.issues?.[0]?.path).toBe('');
      });

      it('answers 400 for malformed JSON, without echoing the parser', async () => {
        const app = await appWithPersonRoute();
        const response = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          headers: { 'content-type': 'application/json' },
          payload: '{"name": "Amina",',
        });
        const { error } = expectApiError(response, 400, 'invalid-request');
        expect(error.message).toBe('The request body is not valid JSON.');
      });

      it('answers 400 for an empty JSON body and for a __proto__ key', async () => {
        const app = await appWithPersonRoute();
        const empty = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          headers: { 'content-type': 'application/json' },
          payload: '',
        });
        expectApiError(empty, 400, 'invalid-request');
        const poisoned = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          headers: { 'content-type': 'application/json' },
          payload: '{"name":"x","address":{"city":"Rabat"},"__proto__":{"admin":true}}',
        });
        expectApiError(poisoned, 400, 'invalid-request');
      });

      it('answers 413 for a body over the default 1 MiB limit', async () => {
        const app = await appWithPersonRoute();
        const payload = JSON.stringify({ name: 'x'.repeat(1024 * 1024), address: { city: 'Rabat' } });
        const response = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        const { error } = expectApiError(response, 413, 'payload-too-large');
        expect(error.message).toContain('1048576');
      });

      it('honours a custom body limit', async () => {
        const app = await appWithPersonRoute({ bodyLimit: 64 });
        const response = await app.inject({
          method: 'POST',
          url: '/api/test/people',
          payload: { name: 'x'.repeat(100), address: { city: 'Rabat' } },
        });
        expect(expectApiError(response, 413, 'payload-too-large').error.message).toContain(' 64 bytes');
      });

      it('answers 415 for a body that is not JSON', async () => {
        const app = await appWithPersonRoute();
        for (const contentType of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
          const response = await app.inject({
            method: 'POST',
            url: '/api/test/people',
            headers: { 'content-type': contentType },
            payload: 'name=Amina',
          });
          expectApiError(response, 415, 'unsupported-media-type');
        }
      });
    });

    it('answers 500 with a generic message for an unexpected error, and logs the real one', async () => {
      const logs = logCollector();
      const app = await buildTestServer(engine, { logger: { level: 'info', stream: logs.stream } });
      app.get('/api/test/boom', () => {
        throw new Error('secret detail: password=hunter2 at /srv/masar/db.ts:12:5');
      });
      app.get('/api/test/boom-async', async () => {
        await Promise.resolve();
        throw new TypeError('Cannot read properties of undefined');
      });

      for (const url of ['/api/test/boom', '/api/test/boom-async']) {
        const response = await app.inject({ method: 'GET', url });
        const { error } = expectApiError(response, 500, 'internal');
        expect(error.message).toBe('Internal server error.');
        expect(response.payload).not.toMatch(/hunter2|secret|Cannot read|\.ts/);
      }
      const failures = logs.lines().filter((line) => line['msg'] === 'request failed');
      expect(failures).toHaveLength(2);
      expect(JSON.stringify(failures[0])).toContain('hunter2');
      expect(JSON.stringify(failures[0])).toContain('"stack"');
    });

    it('answers 500 when a route returns data its response schema refuses', async () => {
      const app = await buildTestServer(engine);
      app.get(
        '/api/test/wrong-shape',
        { schema: { response: { 200: z.object({ count: z.number() }) } } },
        // The handler deliberately breaks its own contract.
        () => ({ count: 'many' }) as unknown as { count: number },
      );
      const response = await app.inject({ method: 'GET', url: '/api/test/wrong-shape' });
      expectApiError(response, 500, 'internal');
      expect(response.payload).not.toContain('many');
    });

    it('passes a deliberate ApiHttpError through with its code and message', async () => {
      const app = await buildTestServer(engine);
      app.get('/api/test/forbidden', () => {
        throw new ApiHttpError(403, 'forbidden', 'This centre is outside your scope.');
      });
      const { error } = expectApiError(
        await app.inject({ method: 'GET', url: '/api/test/forbidden' }),
        403,
        'forbidden',
      );
      expect(error.message).toBe('This centre is outside your scope.');
    });

    it('answers a malformed URL with a JSON 400', async () => {
      const app = await buildTestServer(engine);
      const response = await app.inject({ method: 'GET', url: '/api/%E0%A4%A' });
      expectApiError(response, 400, 'invalid-request');
    });

    it('answers a query-string or params validation failure with the part named', async () => {
      const app = await buildTestServer(engine);
      app.get(
        '/api/test/items/:id',
        {
          schema: {
            params: z.object({ id: z.uuid() }),
            querystring: z.object({ limit: z.coerce.number().int().max(100) }),
          },
        },
        (request) => ({ id: request.params.id, limit: request.query.limit }),
      );
      const badParams = await app.inject({ method: 'GET', url: '/api/test/items/42?limit=10' });
      expect(expectApiError(badParams, 400, 'invalid-request').error.message).toBe('The path parameters are invalid.');
      const badQuery = await app.inject({
        method: 'GET',
        url: '/api/test/items/0190a4c5-7d1e-7a3b-8f00-0123456789ab?limit=1000',
      });
      const { error } = expectApiError(badQuery, 400, 'invalid-request');
      expect(error.issues).toEqual([{ path: 'limit', message: expect.any(String) as string }]);
    });
  });

  describe('logs', () => {
    it('writes JSON lines with authorization and cookie headers redacted', async () => {
      const logs = logCollector();
      const app = await buildTestServer(engine, { logger: { level: 'info', stream: logs.stream } });
      app.get('/api/test/log-headers', (request) => {
        request.log.info({ headers: request.headers }, 'headers seen');
        return { ok: true };
      });
      const response = await app.inject({
        method: 'GET',
        url: '/api/test/log-headers',
        headers: { authorization: 'Bearer top-secret-token', cookie: 'session=abc123' },
      });
      expect(response.statusCode).toBe(200);
      const all = JSON.stringify(logs.lines());
      expect(all).not.toContain('top-secret-token');
      expect(all).not.toContain('abc123');
      const seen = logs.lines().find((line) => line['msg'] === 'headers seen');
      expect(seen?.['headers']).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]' });
    });
  });

  it('never puts a stack frame in any body it sends', async () => {
    const app = await buildTestServer(engine);
    app.get('/api/test/boom', () => {
      throw new Error('boom');
    });
    const urls = ['/api/health', '/api/nope', '/api/test/boom', '/', '/some/page', '/api/%ZZ'];
    for (const url of urls) {
      expectNoStackTrace((await app.inject({ method: 'GET', url })).payload);
    }
  });
});
