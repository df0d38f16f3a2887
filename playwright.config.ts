import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './tests/support/chromium';

/**
 * End-to-end tests of the renderer in the browser host: the real central server (SQLite in a
 * throwaway folder) serves the built renderer (`npm run build:renderer` first), and Debian's
 * Chromium drives it. Playwright cannot download its own browsers on these machines.
 */
const port = Number(process.env.MASAR_E2E_PORT ?? 41731);
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Africa/Casablanca',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: 'npx tsx tests/e2e/support/startServer.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      MASAR_DATA_DIR: join(tmpdir(), `masar-e2e-${port}`),
      MASAR_RENDERER_DIR: join(import.meta.dirname, 'dist/renderer'),
      LOG_LEVEL: 'warn',
      // Every test signs its users in from fresh browsers and API clients, each a new PC: the two
      // administrators register hundreds in a run. The allowance itself is tested on the server
      // (server/test/signInSecurity.test.ts); here it would only make PCs wait for an approval.
      MASAR_NEW_PC_ALLOWANCE: '9999',
    },
    gracefulShutdown: { signal: 'SIGTERM', timeout: 3000 },
  },
});
