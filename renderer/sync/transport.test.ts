import { describe, expect, it } from 'vitest';
import type { HostApi, HostBridge } from '../../shared/host/hostApi';
import type { PullRequest } from '../../shared/sync/protocol';
import { createElectronHost } from '../host/electronHost';
import { answersParsedHere } from '../host/parsedAnswers';
import { createWebHost } from '../host/webHost';
import { createHostTransport } from './transport';

const request: PullRequest = {
  protocolVersion: 1,
  schemaVersion: 1,
  appVersion: '1.0.0',
  databaseId: null,
  cursors: [],
};
const validAnswer = {
  databaseId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  serverTime: 1_780_000_000_000,
  scopes: [],
  pages: [],
  hasMore: false,
  digests: [],
};

/** A desktop host whose main process answers `api:call` with `data`. */
function desktopHostAnswering(data: unknown): HostApi {
  const bridge = new Proxy({} as HostBridge, {
    get: () => () => Promise.resolve({ ok: true, value: { data } }),
  });
  return createElectronHost(bridge);
}

describe('the host transport', () => {
  it('parses an answer that crossed IPC before the engine sees it', async () => {
    const transport = createHostTransport(desktopHostAnswering(validAnswer));
    expect(await transport.pull(request)).toEqual({ ok: true, value: validAnswer });
  });

  it('refuses a malformed answer from the main process', async () => {
    const malformed = { ...validAnswer, pages: [{ scope: 'x', rows: 'not rows' }] };
    const pulled = await createHostTransport(desktopHostAnswering(malformed)).pull(request);
    expect(pulled).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
    const pushed = await createHostTransport(desktopHostAnswering({ status: 'nonsense' })).push({
      protocolVersion: 1,
      schemaVersion: 1,
      appVersion: '1.0.0',
      databaseId: null,
      outboxId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c',
      batchId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d',
      fromSeq: 1,
      toSeq: 1,
      ops: [],
    });
    expect(pushed).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });

  it('trusts only the web host, whose callApi parsed the answer in this renderer', () => {
    const web = createWebHost({
      version: '1.0.0',
      origin: 'https://masar.example.ma',
      storage: { getItem: () => null, setItem: () => undefined },
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    expect(answersParsedHere(web)).toBe(true);
    expect(answersParsedHere(desktopHostAnswering(validAnswer))).toBe(false);
  });
});
