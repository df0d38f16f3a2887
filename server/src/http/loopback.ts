/**
 * Whether a request comes from the server's own machine: the first-run routes (no account yet)
 * answer only there. Decided from the TCP connection, never from what the client says:
 * - the socket's remote address, not `request.ip`, which follows `X-Forwarded-For` as soon as
 *   `trustProxy` is set;
 * - a request that a reverse proxy forwarded (`Forwarded`, `X-Forwarded-*`, `X-Real-IP`, `Via`) is
 *   not local even when the proxy runs on this machine: behind nginx on the same host every client
 *   connects from 127.0.0.1. A client can add these headers, which only refuses itself;
 * - the `Host` must name the loopback too (`localhost`, `127.x.x.x`, `[::1]`): a page of another
 *   site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own name there, and
 *   could otherwise reach these routes from a browser on this machine.
 * Headers are only ever reasons to say no.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';

const proxyHeaders = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'];

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6 (a server listening on `::`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const ipv4 = address.toLowerCase().replace(/^::ffff:/, '');
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

/** `localhost`, `127.0.0.1:8787`, `[::1]:8787`… (a port or none). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const value = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  const name = bracketed === null ? value.replace(/:\d+$/, '') : bracketed[1];
  return name === 'localhost' || isLoopbackAddress(name);
}

export function isForwarded(headers: IncomingHttpHeaders): boolean {
  return proxyHeaders.some((name) => headers[name] !== undefined);
}

export function isLoopbackRequest(request: FastifyRequest): boolean {
  return (
    isLoopbackAddress(request.raw.socket.remoteAddress) &&
    !isForwarded(request.headers) &&
    isLoopbackHost(request.headers.host)
  );
}
