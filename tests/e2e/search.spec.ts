import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { SignInPage } from './pages/SignInPage';
import { putInUserStore } from './support/userDatabase';

/** Names in both scripts, spelled the way several PCs would spell them. */
const people = [
  ['El Idrissi', 'Youssef', 'الإدريسي', 'يوسف'],
  ['Benali', 'Khadija', 'بنعلي', 'خديجة'],
  ['Alaoui', 'Mohammed', 'العلوي', 'محمد'],
  ['Tazi', 'Fatima', 'التازي', 'فاطمة'],
  ['Ait Ouahmane', 'Brahim', 'آيت واهمان', 'إبراهيم'],
  ['Bennani', 'Aicha', 'بناني', 'عائشة'],
] as const;

/**
 * Fills the signed-in user's local database with `count` people (what a first sync would leave
 * there); the test then reloads, and the search service reads them as it starts.
 */
async function fillLocalDatabase(page: Page, count: number) {
  await expect(page.getByTestId('beneficiary-count')).toHaveText('Aucun bénéficiaire');
  const rows = Array.from({ length: count }, (_, index) => {
    const [last, first, lastAr, firstAr] = people[index % people.length] ?? people[0];
    const stamp = new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();
    return {
      id: `0190a8d4-1c2e-7a3b-9c4d-${String(index).padStart(12, '0')}`,
      lastNameLatin: last,
      firstNameLatin: first,
      lastNameArabic: lastAr,
      firstNameArabic: firstAr,
      sex: index % 2 === 0 ? 'M' : 'F',
      dateOfBirth: `19${String(60 + (index % 40))}-0${String(1 + (index % 9))}-1${String(index % 10)}`,
      cin: `BK${String(100000 + index)}`,
      prefectureCode: 'CS-CASABLANCA',
      centreId: '0190a8d4-1c2e-7a3b-9c4d-0000000000c1',
      createdAt: stamp,
      updatedAt: stamp,
    };
  });
  await putInUserStore(page, 'beneficiaries', rows);
}

test.describe('finding people among thousands', () => {
  test('lists 3 000 people rendering only the rows on screen, and finds them by name, script or CIN', async ({
    page,
    signedIn,
    beneficiaries,
  }) => {
    await beneficiaries.expectShown();
    await fillLocalDatabase(page, 3_000);
    await page.reload();
    await new SignInPage(page).signIn(signedIn.username, signedIn.password);
    await expect(page.getByTestId('beneficiary-count')).toHaveText('3.000 bénéficiaires');

    // Virtualised: a few dozen rows in the page, the others are spacers the scroll brings in.
    const rows = page.getByTestId('beneficiary-list').locator('tbody tr[data-id]');
    expect(await rows.count()).toBeLessThan(80);
    await expect(page.getByTestId('beneficiary-list')).toHaveAttribute('aria-rowcount', '3001');
    const scroller = page.getByTestId('beneficiary-scroller');
    await scroller.evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    // Newest first: the oldest (index 0, CIN BK100000) is the last row.
    await expect(rows.last()).toContainText('BK100000');

    const search = page.getByRole('searchbox', { name: 'Rechercher' });
    // Any part of a name, any case, any spelling: Youcef finds Youssef, in both scripts.
    await search.fill('youcef idri');
    // 500 match; the 200 best are listed, and the counsellor is told to narrow the search.
    await expect(page.getByTestId('beneficiary-search-count')).toHaveText(
      'Les 200 meilleurs résultats pour « youcef idri » : précisez la recherche',
    );
    for (const text of await rows.allInnerTexts()) expect(text).toContain('EL IDRISSI Youssef');
    await page.screenshot({ path: screenshotPath('fr-search-name') });
    expect(await axeViolations(page)).toEqual([]);

    await search.fill('خديجة');
    await search.fill('خديجة بنعلي');
    await expect(page.getByTestId('beneficiary-search-count')).toHaveText(
      'Les 200 meilleurs résultats pour « خديجة بنعلي » : précisez la recherche',
    );
    await expect(rows.first()).toContainText('BENALI Khadija');

    await search.fill('bk 102 999');
    await expect(page.getByTestId('beneficiary-search-count')).toHaveText('1 résultat pour « bk 102 999 »');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('BK102999');

    await search.fill('Zerhouni');
    await expect(page.getByTestId('beneficiary-list-empty')).toHaveText('Aucun résultat pour « Zerhouni »');

    await search.fill('');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId('beneficiary-search-count')).toBeHidden();
  });

  test('searches in Arabic, right to left', async ({ page, signedIn, beneficiaries }) => {
    await beneficiaries.expectShown();
    await fillLocalDatabase(page, 600);
    await page.reload();
    await new SignInPage(page).signIn(signedIn.username, signedIn.password);
    await page.getByText('العربية').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    const search = page.getByRole('searchbox', { name: 'بحث' });
    await search.fill('عائشة');
    await expect(page.getByTestId('beneficiary-search-count')).toHaveText('100 نتيجة لـ «عائشة»');
    const rows = page.getByTestId('beneficiary-list').locator('tbody tr[data-id]');
    await expect(rows.first()).toContainText('بناني عائشة');
    await page.screenshot({ path: screenshotPath('ar-search-name') });
    expect(await axeViolations(page)).toEqual([]);
  });
});
