import { describe, expect, it, vi } from 'vitest';
import { hostChannelNames } from '../../shared/host/channelNames';
import { createBridge } from './createBridge';

describe('createBridge', () => {
  it('exposes exactly one function per channel of the contract, and nothing else', () => {
    const bridge = createBridge(() => Promise.resolve(undefined));
    expect(Object.keys(bridge).sort()).toEqual([...hostChannelNames].sort());
    for (const channel of hostChannelNames) expect(typeof bridge[channel]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('invokes the prefixed IPC channel with the request, and returns the answer untouched', async () => {
    const invoke = vi.fn((channel: string, request: unknown) => Promise.resolve({ channel, request }));
    const bridge = createBridge(invoke);

    await expect(bridge['settings:setServerUrl']({ serverUrl: 'http://x' })).resolves.toEqual({
      channel: 'masar:settings:setServerUrl',
      request: { serverUrl: 'http://x' },
    });
    await bridge['app:info']({});
    expect(invoke.mock.calls.map(([channel]) => channel)).toEqual(['masar:settings:setServerUrl', 'masar:app:info']);
  });
});
