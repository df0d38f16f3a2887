import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every e2e test fails on a console error or an uncaught page error: a CSP violation, a React
 * warning turned error or a crash must not pass unnoticed.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const screenshotDir = join(import.meta.dirname, '../../test-results/screenshots');
mkdirSync(screenshotDir, { recursive: true });
export const screenshotPath = (name: string) => join(screenshotDir, `${name}.png`);
