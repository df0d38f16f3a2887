import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../shared/api/health';
import { checkServerHealth } from './checkServerHealth';

const health: Health = {
  status: 'ok',
  version: '0.1.0',
  engine: 'sqlite',
  schemaVersion: 3,
  serverTime: 1_700_000_000_000,
};

/** A real HTTP server whose first path segment chooses how /api/health answers. */
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const [, scenario, ...rest] = (request.url ?? '').split('/');
    if (`/${rest.join('/')}` !== '/api/health') {
      response.writeHead(404).end();
      return;
    }
    switch (scenario) {
      case 'ok':
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(health));
        return;
      case 'broken':
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"x","message":"y"}}');
        return;
      case 'html':
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
        return;
      case 'other-app':
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"up"}');
        return;
      case 'silent':
        return; // never answers
      default:
        response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('checkServerHealth against a real HTTP server', () => {
  it('returns the parsed health report', async () => {
    await expect(checkServerHealth(fetch, `${baseUrl}/ok`)).resolves.toEqual({ ok: true, value: health });
  });

  it('reports a non-2xx answer as server-error', async () => {
    const result = await checkServerHealth(fetch, `${baseUrl}/broken`);
    expect(result).toMatchObject({ ok: false, error: { code: 'server-error' } });
    expect(JSON.stringify(result)).toContain('500');
  });

  it('reports a body that is not JSON as invalid-response', async () => {
    await expect(checkServerHealth(fetch, `${baseUrl}/html`)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-response' },
    });
  });

  it('reports JSON that is not a Masar health report as invalid-response', async () => {
    await expect(checkServerHealth(fetch, `${baseUrl}/other-app`)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-response' },
    });
  });

  it('reports a refused connection as server-unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    await expect(checkServerHealth(fetch, `http://127.0.0.1:${port}`)).resolves.toMatchObject({
      ok: false,
      error: { code: 'server-unreachable' },
    });
  });

  it('gives up after the timeout and reports server-unreachable', async () => {
    const started = Date.now();
    const result = await checkServerHealth(fetch, `${baseUrl}/silent`, 300);
    expect(result).toMatchObject({ ok: false, error: { code: 'server-unreachable' } });
    expect(JSON.stringify(result)).toContain('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
