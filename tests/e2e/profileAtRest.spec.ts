import { chromium } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseURL } from '../../playwright.config';
import { chromiumLaunchOptions } from '../support/chromium';
import { expect, test } from './fixtures';
import { BeneficiariesPage, frenchLabels, type Person } from './pages/BeneficiariesPage';
import { registerAndOpen } from './pages/CaseFileScreen';
import { SignInPage } from './pages/SignInPage';
import { SyncScreens } from './pages/SyncScreens';

/**
 * A copied profile reveals no one (docs/security.md, "The local stores"): a working day through
 * the screens in a browser whose profile is a folder of ours, then every file of that folder is
 * scanned for what was typed — each name in Latin and Arabic script, the CINs, the phones, the
 * detention establishment — in UTF-8, UTF-16 and Latin-1. The same scan finds, in the same files,
 * what Masar keeps in clear on purpose (the username in the accounts database, the table names
 * in the sync bookkeeping): it does see IndexedDB's content, so a plaintext there would be found.
 */
const karima: Person = {
  lastName: 'Lahlouyani',
  firstName: 'Karimatou',
  lastNameArabic: 'لحلوياني',
  firstNameArabic: 'كريماتو',
  sex: 'F',
  dateOfBirth: '1990-02-14',
  cin: 'BK918273',
  phone: '0661928374',
  prefecture: 'Casablanca',
};
const omar: Person = {
  lastName: 'Zerhounaoui',
  firstName: 'Omarito',
  lastNameArabic: 'الزرهوناوي',
  firstNameArabic: 'عمريتو',
  sex: 'M',
  dateOfBirth: '1985-07-01',
  cin: 'JA564738',
  phone: '0677123498',
  prefecture: 'Casablanca',
};
const nadia: Person = {
  lastName: 'Tazinouti',
  firstName: 'Nadiatou',
  lastNameArabic: 'التازينوتي',
  firstNameArabic: 'ناديتو',
  sex: 'F',
  dateOfBirth: '1979-03-21',
  cin: 'BE102938',
  phone: '0655019283',
  prefecture: 'Casablanca',
};
const establishment = 'Prison locale Oukachatou';

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Where `text` is found among the files, in UTF-8, UTF-16 (little-endian) or Latin-1. */
function foundIn(files: readonly { path: string; bytes: Buffer }[], text: string): string[] {
  const forms = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le'), Buffer.from(text, 'latin1')];
  return files.filter(({ bytes }) => forms.some((form) => bytes.includes(form))).map(({ path }) => path);
}

test('a profile copied after a working day reveals no name, CIN, phone or detention term', async ({ counsellor }) => {
  test.setTimeout(180_000);
  const profile = mkdtempSync(join(tmpdir(), 'masar-profile-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      ...chromiumLaunchOptions,
      baseURL,
      locale: 'fr-FR',
      timezoneId: 'Africa/Casablanca',
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(counsellor.username, counsellor.password);
    const screen = new BeneficiariesPage(page, frenchLabels);
    await screen.expectShown();

    const file = await registerAndOpen(screen, karima);
    const form = await file.edit('Modifier les données de détention', 'Modification des données de détention');
    await form.getByLabel('Établissement pénitentiaire').fill(establishment);
    await form.getByLabel('Date d’incarcération').fill('2022-01-10');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByTestId('section-detention')).toContainText(establishment);
    await page.getByTestId('case-back').click();
    await registerAndOpen(screen, omar);
    await page.getByTestId('case-back').click();
    await new SyncScreens(page).syncNow();
    // One more person left unsent: the outbox holds them overnight.
    await registerAndOpen(screen, nadia);
    await page.getByTestId('case-back').click();
    // Let the list's snapshot be written, as a working day would, then close the browser.
    await page.waitForTimeout(11_000);
    await context.close();

    const files = filesUnder(profile).map((path) => ({ path, bytes: readFileSync(path) }));
    expect(files.filter(({ path }) => path.includes('IndexedDB')).length).toBeGreaterThan(0);
    // What Masar keeps in clear on purpose is found: the scan sees IndexedDB's content.
    expect(foundIn(files, counsellor.username).length).toBeGreaterThan(0);
    expect(foundIn(files, 'detentionRecords').length).toBeGreaterThan(0);

    const typed = [karima, omar, nadia].flatMap((person) => [
      person.lastName,
      person.firstName,
      person.lastNameArabic ?? '',
      person.firstNameArabic ?? '',
      person.cin ?? '',
      person.phone ?? '',
    ]);
    const found = [...typed, establishment, 'Oukachatou'].flatMap((text) =>
      foundIn(files, text).map((path) => `${text} in ${path.slice(profile.length)} (${statSync(path).size} bytes)`),
    );
    expect(found).toEqual([]);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
