/**
 * gzip on the wire, both ways (the sync protocol sends bodies of up to a megabyte over poor links):
 *
 * - Requests with `Content-Encoding: gzip` are decompressed as they stream in, and the route's
 *   body limit applies to the DEcompressed bytes: a small zip bomb is cut at the limit (413) and
 *   its inflation stopped, never buffered. A body that is not valid gzip (cut, corrupt) is a 400;
 *   any other encoding is a 415.
 * - API answers larger than `minCompressedBytes` are gzip-compressed when `Accept-Encoding`
 *   allows it.
 */
import { Transform } from 'node:stream';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { httpError } from './errors';
import { isApiPath } from './paths';

/** Below this, compression costs more than it saves. */
export const minCompressedBytes = 1024;

const gzipAsync = promisify(gzip);

export function registerCompression(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'identity' || encoding === '') return payload;
    if (encoding !== 'gzip' && encoding !== 'x-gzip') {
      throw httpError('unsupported-media-type', 'Unsupported content encoding: send gzip or no encoding.');
    }
    return gunzipWithin(payload, request.routeOptions.bodyLimit);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isApiPath(request.url) || reply.hasHeader('content-encoding')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (Buffer.byteLength(payload) < minCompressedBytes) return payload;
    void reply.header('vary', 'accept-encoding');
    if (!acceptsGzip(request.headers['accept-encoding'])) return payload;
    void reply.header('content-encoding', 'gzip');
    // Fastify sets content-length from the payload this hook returns.
    reply.removeHeader('content-length');
    return gzipAsync(payload);
  });
}

/** A stream Fastify's body reader can use: `receivedEncodedLength` is what came off the socket. */
type DecodedStream = Transform & { receivedEncodedLength: number };

/**
 * The request body, inflated, failing with 413 as soon as more than `limit` bytes come out. On
 * failure the inflater is destroyed at once: a bomb never inflates further than the limit.
 */
function gunzipWithin(source: Readable, limit: number): DecodedStream {
  let decodedBytes = 0;
  const gunzip = createGunzip();
  const output = Object.assign(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        decodedBytes += chunk.length;
        if (decodedBytes > limit) {
          callback(httpError('payload-too-large', `The decompressed request body is larger than ${limit} bytes.`));
          return;
        }
        callback(null, chunk);
      },
    }),
    { receivedEncodedLength: 0 },
  );
  const stop = (): void => {
    source.unpipe(gunzip);
    gunzip.destroy();
    // Read the rest of the request and drop it, so the connection stays usable for the answer.
    source.resume();
  };
  source.on('data', (chunk: Buffer) => {
    output.receivedEncodedLength += chunk.length;
  });
  source.on('error', (error) => {
    stop();
    output.destroy(error);
  });
  gunzip.on('error', () => {
    stop();
    output.destroy(httpError('invalid-request', 'The request body is not valid gzip.'));
  });
  output.on('error', stop);
  source.pipe(gunzip).pipe(output);
  return output;
}

/** `gzip` (or `*`) with a non-zero quality, and not refused by name. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let gzipQuality: number | undefined;
  let anyQuality: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const qualityParameter = parameters.find((parameter) => parameter.startsWith('q='));
    const quality = qualityParameter === undefined ? 1 : Number(qualityParameter.slice(2));
    const usable = Number.isFinite(quality) ? quality : 0;
    if (name === 'gzip' || name === 'x-gzip') gzipQuality = usable;
    else if (name === '*') anyQuality = usable;
  }
  return (gzipQuality ?? anyQuality ?? 0) > 0;
}
