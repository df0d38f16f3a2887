import type { BrowserWindowConstructorOptions } from 'electron';
import { untrustedPageWebPreferences } from '../security/untrustedPage';

/** The part of the screen a window may use (Electron's `screen.getPrimaryDisplay().workAreaSize`). */
export type WorkArea = { readonly width: number; readonly height: number };

/** The size Masar prefers, and the smallest it is laid out for. */
const preferred = { width: 1280, height: 800 };
const smallest = { width: 960, height: 560 };

/**
 * The options of Masar's only window. The page is treated as untrusted content: no Node, an isolated
 * and sandboxed preload, no webviews, web security on. Devtools exist only in development builds.
 *
 * The window fits the screen it opens on: a prefecture PC's 1366×768 screen at 125 % leaves a work
 * area of about 1093×576, smaller than the preferred size (and than a fixed minimum would be), so
 * the window would open with its bottom — the status bar, a dialog's buttons — under the taskbar.
 */
export function createWindowOptions(
  preloadPath: string,
  options: { allowDevTools: boolean; workArea?: WorkArea } = { allowDevTools: false },
): BrowserWindowConstructorOptions {
  const area = options.workArea ?? preferred;
  const fit = (wanted: number, available: number) => Math.max(1, Math.min(wanted, Math.floor(available)));
  return {
    title: 'Masar',
    width: fit(preferred.width, area.width),
    height: fit(preferred.height, area.height),
    minWidth: fit(smallest.width, area.width),
    minHeight: fit(smallest.height, area.height),
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      ...untrustedPageWebPreferences,
      preload: preloadPath,
      experimentalFeatures: false,
      devTools: options.allowDevTools,
    },
  };
}
