import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../shared/host/contract';
import type { Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Logger } from '../logger';
import { createLoopbackIpc } from './loopbackIpc';
import type { AppWebContents, HostHandler, IpcFrame, IpcInvokeEvent } from './registerHandler';
import { createTrustedSenderCheck, registerHandler } from './registerHandler';

const mainFrame: IpcFrame = { url: 'masar://app/', parent: null, processId: 7, frameToken: 'main-frame' };
const appWebContents: AppWebContents = { mainFrame };
const trusted: IpcInvokeEvent = { sender: appWebContents, senderFrame: mainFrame };
const frame = (overrides: Partial<IpcFrame>): IpcFrame => ({ ...mainFrame, ...overrides });

function setUp<C extends 'settings:setServerUrl' | 'app:info'>(channel: C, handler: HostHandler<C>) {
  const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const ipc = createLoopbackIpc();
  const spy = vi.fn(handler);
  registerHandler(
    ipc.ipcMain,
    channel,
    spy as HostHandler<C>,
    createTrustedSenderCheck(() => appWebContents),
    log,
  );
  const call = (event: IpcInvokeEvent, ...args: unknown[]) =>
    ipc.invoke(event, `masar:${channel}`, ...args) as Promise<Result<unknown>>;
  return { call, spy, log, ipc };
}

const settings: Settings = { serverUrl: 'https://masar.example.ma', language: 'fr', autoLockMinutes: 10 };
const saveUrl: HostHandler<'settings:setServerUrl'> = ({ serverUrl }) =>
  Promise.resolve(ok({ ...settings, serverUrl }));

describe('registerHandler: the sender', () => {
  it('serves the main frame of the app window on masar://app', async () => {
    const { call, spy } = setUp('settings:setServerUrl', saveUrl);
    await expect(call(trusted, { serverUrl: 'https://srv.example.ma/' })).resolves.toEqual(
      ok({ ...settings, serverUrl: 'https://srv.example.ma' }),
    );
    expect(spy).toHaveBeenCalledExactlyOnceWith({ serverUrl: 'https://srv.example.ma' });
  });

  it.each<[string, IpcInvokeEvent]>([
    [
      'the main frame once on another URL',
      { sender: appWebContents, senderFrame: frame({ url: 'https://evil.example/' }) },
    ],
    ['a masar frame on another host', { sender: appWebContents, senderFrame: frame({ url: 'masar://evil/' }) }],
    [
      'a subframe',
      { sender: appWebContents, senderFrame: frame({ parent: mainFrame, frameToken: 'child', processId: 8 }) },
    ],
    [
      'a parentless frame that is not the main frame',
      { sender: appWebContents, senderFrame: frame({ frameToken: 'fenced' }) },
    ],
    ['a frame of another process', { sender: appWebContents, senderFrame: frame({ processId: 99 }) }],
    ['a missing sender frame', { sender: appWebContents, senderFrame: null }],
    ['another webContents', { sender: { mainFrame }, senderFrame: mainFrame }],
  ])('refuses %s without calling the handler', async (_name, event) => {
    const { call, spy, log } = setUp('settings:setServerUrl', saveUrl);
    const result = await call(event, { serverUrl: 'https://srv.example.ma' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(spy).not.toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalled();
  });

  it('refuses everyone once the app window is destroyed', async () => {
    const ipc = createLoopbackIpc();
    const spy = vi.fn(saveUrl);
    const destroyed = {
      get mainFrame(): IpcFrame {
        throw new Error('Object has been destroyed');
      },
    };
    const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    registerHandler(
      ipc.ipcMain,
      'settings:setServerUrl',
      spy,
      createTrustedSenderCheck(() => destroyed),
      log,
    );
    const result = await ipc.invoke({ sender: destroyed, senderFrame: mainFrame }, 'masar:settings:setServerUrl', {
      serverUrl: 'https://a.ma',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses everyone while the app window does not exist', async () => {
    const ipc = createLoopbackIpc();
    const spy = vi.fn(saveUrl);
    const log: Logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    registerHandler(
      ipc.ipcMain,
      'settings:setServerUrl',
      spy,
      createTrustedSenderCheck(() => undefined),
      log,
    );
    const result = await ipc.invoke(trusted, 'masar:settings:setServerUrl', { serverUrl: 'https://a.ma' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('registerHandler: the request', () => {
  it.each([
    ['a wrong type', { serverUrl: 42 }],
    ['a non-http URL', { serverUrl: 'file:///etc/passwd' }],
    ['credentials in the URL', { serverUrl: 'https://user:pw@srv.example.ma' }],
    ['an unknown key', { serverUrl: 'https://srv.example.ma', admin: true }],
    ['no request at all', undefined],
  ])('refuses %s without calling the handler', async (_name, request) => {
    const { call, spy } = setUp('settings:setServerUrl', saveUrl);
    const result = await call(trusted, request);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('registerHandler: the answer', () => {
  it('turns an answer that breaks the contract into an internal error', async () => {
    const { call, log } = setUp('app:info', () =>
      Promise.resolve(ok({ name: 'Masar', version: '', hostKind: 'electron' } as const)),
    );
    await expect(call(trusted, {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.error).toHaveBeenCalled();
  });

  it('sends only what the contract declares', async () => {
    const { call } = setUp('app:info', () =>
      Promise.resolve(ok({ name: 'Masar', version: '1.0.0', hostKind: 'electron', token: 'secret' } as const)),
    );
    await expect(call(trusted, {})).resolves.toEqual(ok({ name: 'Masar', version: '1.0.0', hostKind: 'electron' }));
  });

  it('passes a handler error through', async () => {
    const { call } = setUp('app:info', () => Promise.resolve(err('server-unreachable', 'offline')));
    await expect(call(trusted, {})).resolves.toEqual(err('server-unreachable', 'offline'));
  });

  it('turns an exception into a generic internal error, without the stack', async () => {
    const { call, log } = setUp('app:info', () => Promise.reject(new Error('EACCES: /home/conseiller/secret')));
    const result = await call(trusted, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/EACCES|conseiller|at .*\.ts/);
    expect(log.error).toHaveBeenCalled();
  });

  it('also catches a handler that throws synchronously', async () => {
    const { call } = setUp('app:info', () => {
      throw new TypeError('boom');
    });
    await expect(call(trusted, {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
