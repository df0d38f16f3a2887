import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger';
import type { GuardedWebContents, NavigationEvent, PermissionSession } from './guards';
import { applyWebContentsGuards, denyAllPermissions, isAllowedExternalUrl } from './guards';

const silentLog = (): Logger => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

type Listener = (event: never) => void;

class FakeWebContents implements GuardedWebContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Emits a navigation-like event; true when a listener prevented it. */
  emit(name: string, url = ''): boolean {
    let isPrevented = false;
    const event: NavigationEvent = {
      url,
      preventDefault: () => {
        isPrevented = true;
      },
    };
    for (const listener of this.listeners.get(name) ?? []) (listener as (event: NavigationEvent) => void)(event);
    return isPrevented;
  }

  openWindow(url: string) {
    if (this.windowOpenHandler === undefined) throw new Error('no window open handler');
    return this.windowOpenHandler({ url });
  }
}

function guarded() {
  const contents = new FakeWebContents();
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  applyWebContentsGuards(contents, { openExternal, log: silentLog() });
  return { contents, openExternal };
}

describe('navigation guards', () => {
  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s stays within masar://app', (event) => {
    const { contents } = guarded();
    expect(contents.emit(event, 'masar://app/beneficiaires')).toBe(false);
    expect(contents.emit(event, 'masar://app/')).toBe(false);
    expect(contents.emit(event, 'https://fm6reinsertion.ma/')).toBe(true);
    expect(contents.emit(event, 'https://evil.example/')).toBe(true);
    expect(contents.emit(event, 'file:///etc/passwd')).toBe(true);
    expect(contents.emit(event, 'masar://other/')).toBe(true);
    expect(contents.emit(event, 'javascript:alert(1)')).toBe(true);
    expect(contents.emit(event, 'http://127.0.0.1:8787/')).toBe(true);
  });

  it('prevents attaching a webview', () => {
    const { contents } = guarded();
    expect(contents.emit('will-attach-webview')).toBe(true);
  });
});

describe('window.open', () => {
  it('is always denied, and opens allow-listed https pages in the system browser', () => {
    const { contents, openExternal } = guarded();
    expect(contents.openWindow('https://fm6reinsertion.ma/actualites')).toEqual({ action: 'deny' });
    expect(contents.openWindow('https://www.fm6reinsertion.ma/')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([
      ['https://fm6reinsertion.ma/actualites'],
      ['https://www.fm6reinsertion.ma/'],
    ]);
  });

  it('never opens http, other hosts, other schemes or the app itself', () => {
    const { contents, openExternal } = guarded();
    for (const url of [
      'http://fm6reinsertion.ma/',
      'https://fm6reinsertion.ma.evil.example/',
      'https://evilfm6reinsertion.ma/',
      'https://user@fm6reinsertion.ma/',
      'https://fm6reinsertion.ma:8443/',
      'https://example.org/',
      'file:///C:/Windows/System32/calc.exe',
      'masar://app/',
      'smb://fm6reinsertion.ma/share',
    ]) {
      expect(contents.openWindow(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('survives the system browser failing to open', async () => {
    const log = silentLog();
    const contents = new FakeWebContents();
    applyWebContentsGuards(contents, { openExternal: () => Promise.reject(new Error('no browser')), log });
    expect(contents.openWindow('https://fm6reinsertion.ma/')).toEqual({ action: 'deny' });
    await vi.waitFor(() => {
      expect(log.error).toHaveBeenCalled();
    });
  });
});

describe('isAllowedExternalUrl', () => {
  it('accepts https on the Fondation site only', () => {
    expect(isAllowedExternalUrl('https://fm6reinsertion.ma/')).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.FM6REINSERTION.MA/contact')).toBe(true);
    expect(isAllowedExternalUrl('https://sub.fm6reinsertion.ma/')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});

describe('denyAllPermissions', () => {
  it('answers false to every permission request and check', () => {
    let requestHandler: Parameters<PermissionSession['setPermissionRequestHandler']>[0] | undefined;
    let checkHandler: Parameters<PermissionSession['setPermissionCheckHandler']>[0] | undefined;
    denyAllPermissions(
      {
        setPermissionRequestHandler: (handler) => {
          requestHandler = handler;
        },
        setPermissionCheckHandler: (handler) => {
          checkHandler = handler;
        },
      },
      silentLog(),
    );

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown']) {
      const callback = vi.fn();
      requestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(checkHandler?.({}, permission)).toBe(false);
    }
    expect(requestHandler).toBeDefined();
    expect(checkHandler).toBeDefined();
  });
});
