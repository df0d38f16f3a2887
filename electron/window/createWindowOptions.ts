import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The options of Masar's only window. The page is treated as untrusted content: no Node, an isolated
 * and sandboxed preload, no webviews, web security on. Devtools exist only in development builds.
 */
export function createWindowOptions(
  preloadPath: string,
  options: { allowDevTools: boolean } = { allowDevTools: false },
): BrowserWindowConstructorOptions {
  return {
    title: 'Masar',
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.allowDevTools,
    },
  };
}
