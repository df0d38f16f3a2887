import type { HostApi } from '../../shared/host/hostApi';

/**
 * Hosts whose `api:call` answers were already parsed with the route's response schema in this
 * renderer: the web host runs `callApi` here, so its answer is typed data on arrival. The
 * Electron host's answers crossed IPC from the main process and are parsed again on this side.
 * Parsing a 2 000-row pull answer twice cost a tenth of an initial pull (bench:sync).
 */
const parsingHosts = new WeakSet<HostApi>();

export function markAnswersParsedHere(host: HostApi): HostApi {
  parsingHosts.add(host);
  return host;
}

export function answersParsedHere(host: HostApi): boolean {
  return parsingHosts.has(host);
}
