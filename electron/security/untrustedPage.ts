import type { WebPreferences } from 'electron';

/**
 * What every Masar window gives the page it shows, which is treated as untrusted content: a
 * sandbox, no Node (nor in workers or frames), web security on with no mixed content, no webview,
 * no navigation by dropping a file, no spellchecker, and dialogs a page cannot repeat for ever.
 */
export const untrustedPageWebPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
} as const satisfies WebPreferences;
