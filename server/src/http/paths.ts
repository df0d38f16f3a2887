/** The URL space of the server: `/api/*` is the JSON API, everything else is the renderer. */
export const apiPrefix = '/api';

/** True for `/api`, `/api/…` and `/api?…`, whatever the query string. */
export function isApiPath(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path === apiPrefix || path.startsWith(`${apiPrefix}/`);
}
