/** `new URL` without the exception: an unparsable URL is simply not a trusted one. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
