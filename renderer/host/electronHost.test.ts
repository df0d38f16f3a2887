import { describe, expect, it } from 'vitest';
import { hostChannelNames } from '../../shared/host/channelNames';
import type { HostBridge } from '../../shared/host/hostApi';
import { createElectronHost } from './electronHost';

function bridgeAnswering(answer: (channel: string) => Promise<unknown>): HostBridge {
  return Object.fromEntries(hostChannelNames.map((c) => [c, () => answer(c)])) as unknown as HostBridge;
}

describe('ElectronHost', () => {
  it('passes a well-formed answer through', async () => {
    const host = createElectronHost(
      bridgeAnswering(() =>
        Promise.resolve({ ok: true, value: { name: 'Masar', version: '1.0.0', hostKind: 'electron' } }),
      ),
    );
    expect(await host['app:info']({})).toEqual({
      ok: true,
      value: { name: 'Masar', version: '1.0.0', hostKind: 'electron' },
    });
  });

  it('turns a malformed answer from the main process into invalid-response', async () => {
    const host = createElectronHost(bridgeAnswering(() => Promise.resolve({ ok: true, value: { name: 'Other' } })));
    expect(await host['app:info']({})).toMatchObject({ ok: false, error: { code: 'invalid-response' } });
  });

  it('turns a rejected IPC call into an internal error instead of throwing', async () => {
    const host = createElectronHost(bridgeAnswering(() => Promise.reject(new Error('channel closed'))));
    expect(await host['server:health']({})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
