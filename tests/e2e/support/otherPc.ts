import { expect, type Browser, type Page } from '@playwright/test';
import { test } from '../fixtures';
import { SignInPage } from '../pages/SignInPage';
import type { Person } from './serverApi';

/**
 * Another PC: a browser context of its own (its own IndexedDB and device token), signed in through
 * the screens. Its console errors and page errors are collected in `errors`, which the test checks
 * (the fixture that fails a test on them watches the first PC only).
 */
export async function openPc(browser: Browser, person: Person, errors: string[]): Promise<Page> {
  const { baseURL, locale, timezoneId } = test.info().project.use;
  const context = await browser.newContext({ baseURL, locale, timezoneId });
  const page = await context.newPage();
  page.on('console', (message) => {
    const isClientRefusal = /^Failed to load resource: the server responded with a status of 4\d\d/.test(
      message.text(),
    );
    if (message.type() === 'error' && !isClientRefusal) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(person.username, person.password);
  await expect(page.getByRole('button', { name: `Compte de ${person.displayName}` })).toBeVisible();
  return page;
}
