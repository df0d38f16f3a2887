/**
 * The `masar://app` protocol serves the built renderer. The window never loads `file://` (every
 * local file would share its origin) nor a network origin; only files inside the renderer folder
 * are reachable, whatever the URL says, and every response carries the renderer's CSP.
 * The handler is a plain `(Request) => Promise<Response>` so it runs under Node in tests.
 */
import type { CustomScheme } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { rendererContentSecurityPolicy } from '../../shared/security/contentSecurityPolicy';
import { parseUrl } from '../security/parseUrl';

export const appScheme = 'masar';
export const appHost = 'app';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/`;

/** Standard + secure gives the scheme an origin, `'self'` in the CSP, and a secure context. */
export const appCustomScheme: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** True only for `masar://app/...` exactly: no other host, port or credentials. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

const mimeTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function mimeTypeOf(fileName: string): string {
  return mimeTypes[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

function securityHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': rendererContentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
  });
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * Turns the URL path into path segments relative to the renderer folder, or null when it could
 * reach outside it. Decoding happens here, after the URL parser, so `%2e%2e%2f`, `%5c` and encoded
 * absolute paths are judged on what they decode to.
 */
function safeSegments(pathname: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const segments = decoded.split('/').slice(1);
  const isUnsafe = segments.some(
    (segment, index) =>
      (segment === '' && index !== segments.length - 1) ||
      segment === '.' ||
      segment === '..' ||
      /[\\:\0]/.test(segment),
  );
  return isUnsafe ? null : segments.filter((segment) => segment !== '');
}

/** What the handler reads of the request: Electron passes a whole `Request`. */
export type ProtocolRequest = Pick<Request, 'url' | 'method'>;

/**
 * Serves `rendererRoot` at `masar://app/`. Paths without an extension are routes of the single-page
 * app and get `index.html`; a missing asset is a 404, never the index (a wrong MIME type would hide it).
 */
export function createAppProtocolHandler(rendererRoot: string): (request: ProtocolRequest) => Promise<Response> {
  const root = path.resolve(rendererRoot);

  return async (request) => {
    if (!isAppUrl(request.url)) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const headers = securityHeaders('text/plain; charset=utf-8');
      headers.set('Allow', 'GET, HEAD');
      return new Response('Method not allowed', { status: 405, headers });
    }

    const segments = safeSegments(new URL(request.url).pathname);
    if (segments === null) return notFound();
    const last = segments.at(-1);
    const relative = last === undefined || path.extname(last) === '' ? ['index.html'] : segments;

    const filePath = path.resolve(root, ...relative);
    const fromRoot = path.relative(root, filePath);
    const isOutside = fromRoot === '..' || fromRoot.startsWith(`..${path.sep}`) || path.isAbsolute(fromRoot);
    if (fromRoot === '' || isOutside) return notFound();

    try {
      if (!(await stat(filePath)).isFile()) return notFound();
      const body = request.method === 'HEAD' ? null : await readFile(filePath);
      return new Response(body, { status: 200, headers: securityHeaders(mimeTypeOf(filePath)) });
    } catch {
      return notFound();
    }
  };
}
