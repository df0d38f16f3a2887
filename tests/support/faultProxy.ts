/**
 * A fault-injecting HTTP proxy on loopback, for the sync fault tests and benchmarks: it stands
 * between a client and a server and, request by request, delays, throttles, drops, cuts, resets,
 * hangs or duplicates. The kernel here has no netem (docs: /work/shared/docs/toolchain.md), so a
 * poor link is simulated in user space.
 *
 * It reads each request whole (head, then a Content-Length or chunked body), forwards it on a new
 * upstream connection with `Connection: close` (so the answer ends when the server closes, and
 * every request gets its own connection and its own fault), and answers the client with
 * `Connection: close` too. Modes:
 *
 * - `pass`: forward; optional latency per direction (`upDelayMs`, `downDelayMs`, per chunk) and a
 *   bandwidth limit (`bytesPerSecond`, writes paced in 1 KB chunks);
 * - `dropRequest`: close the client connection without forwarding anything;
 * - `dropResponse`: forward, read the whole answer (the server has committed), then close the
 *   client connection without answering;
 * - `cut`: forward the head and half the body, then close both sides;
 * - `reset`: answer with a TCP RST (`resetAndDestroy`), before forwarding (or after, when
 *   `afterForward`);
 * - `hang`: forward, read the answer, never send it (the client's timeout ends it);
 * - `duplicate`: send the request twice to the server (concurrently), answer with the first answer;
 * - `fail`: answer `status` with a JSON error (`code`, `internal` by default) itself, before forwarding (or after, when
 *   `afterForward`: the server committed, a gateway failed on the way back).
 *
 * The log keeps each request's body (gunzipped when sent with `Content-Encoding: gzip`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type FaultMode =
  | { kind: 'pass'; upDelayMs?: number; downDelayMs?: number; bytesPerSecond?: number }
  | { kind: 'dropRequest' }
  | { kind: 'dropResponse' }
  | { kind: 'cut' }
  | { kind: 'reset'; afterForward?: boolean }
  | { kind: 'hang' }
  | { kind: 'duplicate' }
  | { kind: 'fail'; status: number; code?: string; afterForward?: boolean };

export type ProxiedRequest = { readonly index: number; readonly method: string; readonly path: string };

export type ProxyLogEntry = ProxiedRequest & {
  readonly mode: FaultMode['kind'];
  /** Status codes of the upstream answers (two for `duplicate`, none when not forwarded). */
  readonly upstreamStatuses: number[];
  /** The request body as the server would read it (decompressed). */
  readonly body: string;
  /** Bytes on the wire: the request as received (head and body, compressed as sent). */
  readonly requestBytes: number;
  /** Bytes on the wire: the answer sent back to the client (0 when none). */
  responseBytes: number;
};

export type FaultProxy = {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Modes for the next requests, in order; when empty, `fallback` decides. */
  enqueue(...modes: FaultMode[]): void;
  /** Decides the mode of each request not covered by the queue (`pass` by default). */
  setFallback(decide: (request: ProxiedRequest) => FaultMode): void;
  readonly log: readonly ProxyLogEntry[];
  close(): Promise<void>;
};

const pass: FaultMode = { kind: 'pass' };

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const queue: FaultMode[] = [];
  let fallback: (request: ProxiedRequest) => FaultMode = () => pass;
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  let count = 0;

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    void readRequest(client).then(async (request) => {
      if (!request) return;
      const proxied: ProxiedRequest = { index: count++, method: request.method, path: request.path };
      const mode = queue.shift() ?? fallback(proxied);
      const entry: ProxyLogEntry = {
        ...proxied,
        mode: mode.kind,
        upstreamStatuses: [],
        body: decodedBody(request),
        requestBytes: Buffer.byteLength(request.head, 'latin1') + request.body.length,
        responseBytes: 0,
      };
      log.push(entry);
      try {
        await handle(client, request, mode, entry, target, sockets);
      } catch {
        client.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    enqueue: (...modes) => queue.push(...modes),
    setFallback: (decide) => {
      fallback = decide;
    },
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

type RawRequest = { method: string; path: string; head: string; body: Buffer };

async function handle(
  client: Socket,
  request: RawRequest,
  mode: FaultMode,
  entry: ProxyLogEntry,
  target: { host: string; port: number },
  sockets: Set<Socket>,
): Promise<void> {
  const bytes = Buffer.concat([Buffer.from(request.head, 'latin1'), request.body]);
  const forward = async (link: { upDelayMs?: number; bytesPerSecond?: number } = {}) => {
    const answer = await exchange(target, bytes, link, sockets);
    entry.upstreamStatuses.push(statusOf(answer));
    return answer;
  };
  switch (mode.kind) {
    case 'pass': {
      const answer = await forward(mode);
      entry.responseBytes = answer.length;
      await send(client, answer, { delayMs: mode.downDelayMs ?? 0, bytesPerSecond: mode.bytesPerSecond });
      client.end();
      return;
    }
    case 'dropRequest':
      client.destroy();
      return;
    case 'dropResponse':
      await forward();
      client.destroy();
      return;
    case 'cut': {
      const upstream = connect(target);
      sockets.add(upstream);
      upstream.on('error', () => undefined);
      await new Promise<void>((resolve) => upstream.once('connect', resolve));
      const half = Buffer.from(request.head, 'latin1').length + Math.floor(request.body.length / 2);
      await new Promise<void>((resolve) =>
        upstream.write(bytes.subarray(0, half), () => {
          resolve();
        }),
      );
      // Let the server read what arrived before the line goes dead.
      await new Promise((resolve) => setTimeout(resolve, 20));
      upstream.destroy();
      client.destroy();
      return;
    }
    case 'reset':
      if (mode.afterForward) await forward();
      client.resetAndDestroy();
      return;
    case 'hang':
      await forward();
      // Never answers: the client gives up (its timeout), then the socket closes.
      return;
    case 'fail': {
      if (mode.afterForward) await forward();
      const payload = JSON.stringify({
        error: { code: mode.code ?? 'internal', message: 'injected by the fault proxy' },
      });
      const answer = [
        `HTTP/1.1 ${mode.status} Injected`,
        'content-type: application/json',
        `content-length: ${Buffer.byteLength(payload)}`,
        'connection: close',
        '',
        payload,
      ].join('\r\n');
      await send(client, Buffer.from(answer, 'utf8'), { delayMs: 0 });
      client.end();
      return;
    }
    case 'duplicate': {
      const [first] = await Promise.all([forward(), forward()]);
      entry.responseBytes = first.length;
      await send(client, first, { delayMs: 0 });
      client.end();
      return;
    }
  }
}

/** One request on a fresh upstream connection; the whole answer (the server closes after it). */
function exchange(
  target: { host: string; port: number },
  bytes: Buffer,
  link: { upDelayMs?: number; bytesPerSecond?: number },
  sockets: Set<Socket>,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const upstream = connect(target);
    sockets.add(upstream);
    const chunks: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => chunks.push(chunk));
    upstream.on('error', reject);
    upstream.on('close', () => {
      sockets.delete(upstream);
      resolve(Buffer.concat(chunks));
    });
    upstream.once('connect', () => {
      void send(upstream, bytes, { delayMs: link.upDelayMs ?? 0, bytesPerSecond: link.bytesPerSecond }).catch(reject);
    });
  });
}

/** Writes with a latency before the first byte and, if limited, paced 1 KB chunks. */
async function send(socket: Socket, bytes: Buffer, link: { delayMs: number; bytesPerSecond?: number | undefined }) {
  if (link.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, link.delayMs));
  if (!link.bytesPerSecond) {
    await new Promise<void>((resolve) =>
      socket.write(bytes, () => {
        resolve();
      }),
    );
    return;
  }
  const bytesPerSecond = link.bytesPerSecond;
  const chunk = 1024;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const piece = bytes.subarray(offset, offset + chunk);
    await new Promise<void>((resolve) =>
      socket.write(piece, () => {
        resolve();
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, (piece.length / bytesPerSecond) * 1000));
  }
}

function decodedBody(request: RawRequest): string {
  const isGzip = /\r\ncontent-encoding:\s*gzip/i.test(request.head);
  if (!isGzip) return request.body.toString('utf8');
  try {
    return gunzipSync(request.body).toString('utf8');
  } catch {
    return '';
  }
}

function statusOf(answer: Buffer): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer.subarray(0, 20).toString('latin1'));
  return match?.[1] ? Number(match[1]) : 0;
}

/**
 * Reads one request from the client: its head (with `Connection: close` put in place of the
 * client's) and its body. Undefined if the client went away first.
 */
function readRequest(client: Socket): Promise<RawRequest | undefined> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let head: { text: string; bodyStart: number; length: number | 'chunked'; method: string; path: string } | null =
      null;
    const finish = (result: RawRequest | undefined) => {
      client.off('data', onData);
      client.off('close', onClose);
      resolve(result);
    };
    const onClose = () => {
      finish(undefined);
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!head) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = buffer.subarray(0, end).toString('latin1');
        const [requestLine = '', ...lines] = text.split('\r\n');
        const [method = '', path = ''] = requestLine.split(' ');
        const header = (name: string) =>
          lines
            .find((line) => line.toLowerCase().startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim();
        const isChunked = header('transfer-encoding')?.toLowerCase().includes('chunked') ?? false;
        const kept = lines.filter((line) => !/^(connection|keep-alive):/i.test(line));
        head = {
          text: [requestLine, ...kept, 'Connection: close', '', ''].join('\r\n'),
          bodyStart: end + 4,
          length: isChunked ? 'chunked' : Number(header('content-length') ?? '0'),
          method,
          path,
        };
      }
      const body = buffer.subarray(head.bodyStart);
      const isComplete =
        head.length === 'chunked' ? body.includes(Buffer.from('0\r\n\r\n')) : body.length >= head.length;
      if (!isComplete) return;
      finish({ method: head.method, path: head.path, head: head.text, body });
    };
    client.on('data', onData);
    client.on('close', onClose);
  });
}
