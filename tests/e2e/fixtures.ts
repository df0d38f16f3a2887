import { test as base, expect } from '@playwright/test';
import { BeneficiariesPage, frenchLabels } from './pages/BeneficiariesPage';
import { SignInPage } from './pages/SignInPage';
import { createActivatedUser, type Person } from './support/serverApi';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every e2e test fails on a console error or an uncaught page error: a CSP violation, a React
 * warning turned error or a crash must not pass unnoticed.
 */
export const test = base.extend<{
  consoleErrors: string[];
  /** The role of the `counsellor` fixture's account (`test.use({ role: … })` in a spec). */
  role: 'conseiller' | 'coordinateur_centre';
  counsellor: Person;
  signedIn: Person;
  beneficiaries: BeneficiariesPage;
}>({
  role: ['conseiller', { option: true }],
  /** A counsellor (or, with `role`, a coordinator) of a new centre, with a known password, prepared through the API. */
  counsellor: async ({ request, role }, use) => {
    await use(await createActivatedUser(request, role));
  },
  /** The same counsellor, signed in through the screens of a fresh browser (a new PC). */
  signedIn: async ({ page, counsellor }, use) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(counsellor.username, counsellor.password);
    await expect(page.getByRole('button', { name: `Compte de ${counsellor.displayName}` })).toBeVisible();
    await use(counsellor);
  },
  /** The beneficiaries screen (French), once signed in. */
  beneficiaries: async ({ page, signedIn }, use) => {
    const screen = new BeneficiariesPage(page, frenchLabels);
    await expect(page.getByText(signedIn.displayName)).toBeVisible();
    await screen.expectShown();
    await use(screen);
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        // Chromium reports every 4xx answer as a console error; refusals are part of the flows
        // under test (wrong password, revoked PC) and each test checks what the screen says.
        const isClientRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(
          message.text(),
        );
        if (message.type() === 'error' && !isClientRefusal) errors.push(message.text());
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

/** For a screenshot of one part of a page: the app's fixed header and status bar would cover it. */
export const withoutFixedBars = '.mantine-AppShell-header, .mantine-AppShell-footer { visibility: hidden; }';
