/**
 * Serves the built renderer (Vite's `dist/renderer`) so browsers use Masar from the server:
 * real files as they are, any other page path answered with `index.html` so the client-side
 * router can take it (SPA fallback). `/api/*` is never answered with the renderer. Without a
 * build the server still starts and says how to make one.
 */
import { existsSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { SetHeadersResponse } from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiError } from './errors';
import type { ApiErrorReply } from './errors';
import { isApiPath } from './paths';

const indexFile = 'index.html';

/** The renderer folder when it holds a build, `undefined` otherwise. */
export function findRendererBuild(rendererDir: string | undefined): string | undefined {
  if (rendererDir === undefined) return undefined;
  const root = resolve(rendererDir);
  return existsSync(join(root, indexFile)) ? root : undefined;
}

/** Documents revalidate every time (a new build must show at once); Vite's hashed assets never change. */
function cacheHeadersFor(root: string): (response: SetHeadersResponse, filePath: string) => void {
  return (response, filePath) => {
    const hashedAsset = relative(root, filePath).startsWith(`assets${sep}`) && extname(filePath) !== '.html';
    response.setHeader('cache-control', hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}

export function registerRenderer(app: FastifyInstance, root: string): void {
  void app.register(fastifyStatic, {
    root,
    index: [indexFile],
    wildcard: true,
    cacheControl: false,
    dotfiles: 'ignore',
    allowedPath: (pathname) => !isApiPath(pathname),
    setHeaders: cacheHeadersFor(root),
  });
}

/**
 * A navigation to a client-side route (no file extension, or a browser asking for HTML) gets
 * the app; a missing `/assets/x.js` stays a 404 rather than HTML the browser would refuse.
 */
export function wantsRendererPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (isApiPath(request.url)) return false;
  const path = request.url.split('?', 1)[0] ?? '';
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  const accept = request.headers.accept ?? '';
  return !lastSegment.includes('.') || accept.includes('text/html');
}

export function sendRendererIndex(reply: FastifyReply): FastifyReply {
  return reply.sendFile(indexFile);
}

export const rendererNotBuilt: ApiErrorReply = apiError(
  503,
  'renderer-not-built',
  'The renderer is not built: run `npm run build:renderer` at the repository root, then reload.',
);
