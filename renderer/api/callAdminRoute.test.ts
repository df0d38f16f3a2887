import { describe, expect, it } from 'vitest';
import type { HostApi } from '../../shared/host/hostApi';
import { err, ok } from '../../shared/result';
import { callAdminRoute } from './callAdminRoute';

const centre = {
  id: '0190a4c2-0000-7000-8000-000000000001',
  code: 'CASA-01',
  nameFr: 'CAPC Casablanca',
  nameAr: 'مركز الدار البيضاء',
  regionCode: 'CSE',
  autoLockMinutes: 10,
  maxOfflineDays: 30,
  createdAt: '2025-01-01T00:00:00Z',
};

/** A host whose `api:call` answers with `answer`, recording the requests. */
function fakeHost(answer: (request: unknown) => Promise<unknown>) {
  const requests: unknown[] = [];
  const host = {
    'api:call': (request: unknown) => {
      requests.push(request);
      return answer(request);
    },
  } as unknown as HostApi;
  return { host, requests };
}

describe('callAdminRoute', () => {
  it('passes the route, id and body, and returns the parsed answer', async () => {
    const { host, requests } = fakeHost(() => Promise.resolve(ok({ data: { centre } })));
    const body = { code: 'CASA-01', nameFr: 'CAPC', nameAr: 'مركز', regionCode: 'CSE' as const };
    const result = await callAdminRoute(host, 'updateCentre', { id: centre.id, body });
    expect(requests).toEqual([{ route: 'updateCentre', id: centre.id, body }]);
    expect(result).toEqual(ok({ centre }));
  });

  it('passes a host error through', async () => {
    const { host } = fakeHost(() => Promise.resolve(err('no-session', 'signed in offline')));
    expect(await callAdminRoute(host, 'listUsers')).toEqual(err('no-session', 'signed in offline'));
  });

  it('refuses an answer that does not match the route', async () => {
    const { host } = fakeHost(() => Promise.resolve(ok({ data: { centres: [{ id: 'nope' }] } })));
    const result = await callAdminRoute(host, 'listCentres');
    expect(result.ok ? null : result.error.code).toBe('invalid-response');
  });

  it('turns a throwing host into an error to show', async () => {
    const { host } = fakeHost(() => Promise.reject(new Error('bridge gone')));
    const result = await callAdminRoute(host, 'listDevices');
    expect(result.ok ? null : result.error.code).toBe('internal');
  });
});
