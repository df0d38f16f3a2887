/**
 * Navigation, window and permission guards. The renderer shows personal data of people under
 * judicial follow-up: it must never turn into a browser. Every webContents stays on `masar://app`,
 * opens no window, attaches no webview, and is granted no permission; the only way out is the
 * system browser, for https links to an allow-listed host.
 */
import type { Logger } from '../logger';
import { isAppUrl } from '../protocol/appProtocol';
import { parseUrl } from './parseUrl';

/** Hosts whose https pages may be opened in the system browser. */
export const externalHostAllowList: readonly string[] = ['fm6reinsertion.ma', 'www.fm6reinsertion.ma'];

export function isAllowedExternalUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    externalHostAllowList.includes(parsed.hostname)
  );
}

/** For logs: scheme and host only, since paths and queries may carry personal data. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(invalid URL)';
  }
}

export type NavigationEvent = { readonly url: string; preventDefault(): void };
type NavigationListener = (event: NavigationEvent) => void;

/** The part of Electron's WebContents the guards use. */
export type GuardedWebContents = {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', listener: NavigationListener): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
};

export type GuardOptions = {
  openExternal: (url: string) => Promise<void>;
  log: Logger;
};

export function applyWebContentsGuards(contents: GuardedWebContents, { openExternal, log }: GuardOptions): void {
  const stayInApp = (kind: string) => (event: NavigationEvent) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn(`[guards] ${kind} blocked: ${describeUrl(event.url)}`);
  };
  contents.on('will-navigate', stayInApp('navigation'));
  contents.on('will-frame-navigate', stayInApp('frame navigation'));
  contents.on('will-redirect', stayInApp('redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('[guards] webview blocked');
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      openExternal(url).catch((error: unknown) => {
        log.error('[guards] could not open the system browser', error);
      });
    } else {
      log.warn(`[guards] window.open blocked: ${describeUrl(url)}`);
    }
    return { action: 'deny' };
  });
}

/** The part of Electron's Session the guards use. */
export type PermissionSession = {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
};

/** Camera, microphone, geolocation, notifications, clipboard reads…: Masar needs none of them. */
export function denyAllPermissions(session: PermissionSession, log: Logger): void {
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log.warn(`[guards] permission request denied: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
