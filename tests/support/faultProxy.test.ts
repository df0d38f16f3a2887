import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFaultProxy, type FaultProxy } from './faultProxy';

/** A tiny server that records what it received whole, and echoes it. */
type Received = { path: string; body: string; isComplete: boolean };
let server: Server;
let received: Received[];
let proxy: FaultProxy;

function readBody(request: IncomingMessage): Promise<{ body: string; isComplete: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      resolve({ body: Buffer.concat(chunks).toString('utf8'), isComplete: true });
    });
    request.on('aborted', () => {
      resolve({ body: Buffer.concat(chunks).toString('utf8'), isComplete: false });
    });
    request.on('error', () => {
      resolve({ body: Buffer.concat(chunks).toString('utf8'), isComplete: false });
    });
  });
}

beforeEach(async () => {
  received = [];
  server = createServer((request, response) => {
    void readBody(request).then(({ body, isComplete }) => {
      received.push({ path: request.url ?? '', body, isComplete });
      if (!isComplete) return;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ echo: body, count: received.length }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  proxy = await startFaultProxy({ host: '127.0.0.1', port });
});

afterEach(async () => {
  await proxy.close();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

const body = JSON.stringify({ text: 'مسار '.repeat(2_000) });
const post = (path = '/echo', timeoutMs = 10_000) =>
  fetch(`${proxy.url}${path}`, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });

describe('fault proxy', () => {
  it('passes requests and answers through, with latency and a bandwidth limit', async () => {
    proxy.enqueue({ kind: 'pass' }, { kind: 'pass', upDelayMs: 30, downDelayMs: 30, bytesPerSecond: 200_000 });
    for (let i = 0; i < 2; i++) {
      const answer = await post();
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { echo: string }).echo).toBe(body);
    }
    expect(received.map((request) => request.isComplete)).toEqual([true, true]);
    expect(proxy.log.map((entry) => [entry.mode, entry.upstreamStatuses])).toEqual([
      ['pass', [200]],
      ['pass', [200]],
    ]);
  });

  it('drops a request before the server sees it', async () => {
    proxy.enqueue({ kind: 'dropRequest' });
    await expect(post()).rejects.toThrow();
    expect(received).toEqual([]);
  });

  it('drops the answer after the server handled the request', async () => {
    proxy.enqueue({ kind: 'dropResponse' });
    await expect(post()).rejects.toThrow();
    expect(received).toEqual([expect.objectContaining({ isComplete: true })]);
    expect(proxy.log[0]?.upstreamStatuses).toEqual([200]);
  });

  it('cuts a request in the middle of its body', async () => {
    proxy.enqueue({ kind: 'cut' });
    await expect(post()).rejects.toThrow();
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]?.isComplete).toBe(false);
    expect(received[0]?.body.length).toBeLessThan(Buffer.byteLength(body));
  });

  it('resets the connection, before or after the server handled the request', async () => {
    proxy.enqueue({ kind: 'reset' }, { kind: 'reset', afterForward: true });
    await expect(post()).rejects.toThrow();
    expect(received).toEqual([]);
    await expect(post()).rejects.toThrow();
    expect(received).toHaveLength(1);
  });

  it('hangs after the server answered, until the client gives up', async () => {
    proxy.enqueue({ kind: 'hang' });
    await expect(post('/echo', 300)).rejects.toThrow();
    expect(received).toHaveLength(1);
  });

  it('duplicates a request and returns one answer', async () => {
    proxy.enqueue({ kind: 'duplicate' });
    const answer = await post();
    expect(answer.status).toBe(200);
    expect(received).toHaveLength(2);
    expect(received.every((request) => request.body === body)).toBe(true);
  });

  it('switches per request with a function once the queue is empty', async () => {
    proxy.enqueue({ kind: 'pass' });
    proxy.setFallback((request) => (request.path === '/drop' ? { kind: 'dropRequest' } : { kind: 'pass' }));
    expect((await post('/a')).status).toBe(200);
    await expect(post('/drop')).rejects.toThrow();
    expect((await post('/b')).status).toBe(200);
    expect(proxy.log.map((entry) => [entry.index, entry.path, entry.mode])).toEqual([
      [0, '/a', 'pass'],
      [1, '/drop', 'dropRequest'],
      [2, '/b', 'pass'],
    ]);
  });
});
