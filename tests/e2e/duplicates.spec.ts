import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { BeneficiariesPage, arabicLabels, type Person } from './pages/BeneficiariesPage';
import { readUserStore } from './support/userDatabase';

const amina: Person = {
  lastName: 'El Idrissi',
  firstName: 'Amina',
  lastNameArabic: 'الإدريسي',
  firstNameArabic: 'أمينة',
  sex: 'F',
  dateOfBirth: '1994-03-21',
  cin: 'BK654321',
  prefecture: 'Mohammedia',
};
/** The same woman typed by a colleague: another spelling, no Arabic, the CIN with a space. */
const aminaAgain: Person = { ...amina, lastName: 'Idrissi', lastNameArabic: '', firstNameArabic: '', cin: 'bk 654321' };

/** The decisions stored in the user's local database. */
function storedDecisions(page: Page, password: string) {
  return readUserStore<{ decision: string; reasons: string[]; otherBeneficiaryId: string }>(
    page,
    'duplicateDecisions',
    password,
  );
}

test.describe('possible duplicates before saving', () => {
  test('warns with the reasons, asks a decision for each, keeps it, and opens the existing file', async ({
    page,
    signedIn,
    beneficiaries: screen,
  }) => {
    await screen.openForm();
    await screen.fill(amina);
    await screen.save();
    await expect(screen.count).toHaveText('1 bénéficiaire');

    await screen.openForm();
    await screen.fill(aminaAgain);
    await screen.save();
    const panel = page.getByTestId('duplicate-panel');
    await expect(panel).toBeVisible();
    const candidate = panel.getByTestId('duplicate-candidate');
    await expect(candidate).toHaveCount(1);
    await expect(candidate).toContainText('EL IDRISSI Amina');
    await expect(candidate).toContainText('الإدريسي أمينة');
    await expect(candidate).toContainText('Même CIN');
    await expect(candidate).toContainText('Nom proche, date de naissance voisine');
    await page.screenshot({ path: screenshotPath('fr-duplicate-warning') });
    expect(await axeViolations(page)).toEqual([]);

    // Nothing is saved until a decision is taken for the person shown.
    await screen.save();
    await expect(
      panel.getByText('Choisissez une décision pour chaque personne proposée avant d’enregistrer.'),
    ).toBeVisible();
    // Focus goes to the undecided choice (whose message is then read), not left on *Enregistrer*.
    await expect(candidate.getByRole('radio').first()).toBeFocused();
    await expect(screen.count).toHaveText('1 bénéficiaire');

    await candidate.getByRole('radio', { name: 'Même personne : fusionner plus tard' }).check();
    await screen.save();
    await expect(screen.form).toBeHidden();
    await expect(screen.count).toHaveText('2 bénéficiaires');
    const [decision] = await storedDecisions(page, signedIn.password);
    expect(decision).toMatchObject({ decision: 'mergeLater', reasons: ['sameCin', 'similarName'] });

    // A third time: *Ouvrir* drops the entry and opens the file of the person already there.
    await screen.openForm();
    await screen.fill(aminaAgain);
    await screen.save();
    await expect(page.getByTestId('duplicate-candidate')).toHaveCount(2);
    await page.getByTestId('duplicate-candidate').first().getByRole('button', { name: 'Ouvrir' }).click();
    await expect(screen.form).toBeHidden();
    await expect(page.getByTestId('case-file')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2 })).toContainText('Amina');
    await page.getByTestId('case-back').click();
    await expect(screen.count).toHaveText('2 bénéficiaires');
    expect(await storedDecisions(page, signedIn.password)).toHaveLength(1);
  });

  test('finds the same phone however it is typed, and refuses a wrong number at its field', async ({
    page,
    beneficiaries: screen,
  }) => {
    await screen.openForm();
    await screen.fill({ ...amina, phone: '06 61 23 45 67' });
    await screen.save();
    await expect(screen.count).toHaveText('1 bénéficiaire');

    // Someone else entirely, but with the same number typed the international way.
    await screen.openForm();
    await screen.fill({
      lastName: 'Tazi',
      firstName: 'Omar',
      sex: 'M',
      dateOfBirth: '1980-06-02',
      phone: '0661',
      prefecture: 'Settat',
    });
    await screen.save();
    expect(await screen.errorOf('Téléphone')).toBe('Numéro de téléphone invalide (exemple : 06 12 34 56 78).');
    await screen.field('Téléphone').fill('+212 661 23 45 67');
    await screen.save();
    const candidate = page.getByTestId('duplicate-candidate');
    await expect(candidate).toHaveCount(1);
    await expect(candidate).toContainText('Même téléphone');
    await expect(candidate).toContainText('06 61 23 45 67');
    await candidate.getByRole('radio', { name: 'C’est une autre personne' }).check();
    await screen.save();
    await expect(screen.count).toHaveText('2 bénéficiaires');

    // The list finds both by the number, typed any way.
    await page.getByRole('searchbox', { name: 'Rechercher' }).fill('0661234567');
    await expect(screen.list.locator('tbody tr[data-id]')).toHaveCount(2);
  });

  test('is complete in Arabic', async ({ page, signedIn, beneficiaries: screen }) => {
    await screen.openForm();
    await screen.fill(amina);
    await screen.save();
    await expect(screen.count).toHaveText('1 bénéficiaire');
    await page.getByText('العربية').click();
    const arabic = new BeneficiariesPage(page, arabicLabels);
    await arabic.openForm();
    await arabic.fill({ ...aminaAgain, prefecture: 'المحمدية' });
    await arabic.save();
    const candidate = page.getByTestId('duplicate-candidate');
    await expect(candidate).toContainText('نفس رقم البطاقة الوطنية');
    await expect(candidate.getByRole('radio', { name: 'إنه شخص آخر' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('ar-duplicate-warning') });
    expect(await axeViolations(page)).toEqual([]);
    await candidate.getByRole('radio', { name: 'إنه شخص آخر' }).check();
    await arabic.save();
    await expect(arabic.form).toBeHidden();
    expect(await storedDecisions(page, signedIn.password)).toEqual([expect.objectContaining({ decision: 'distinct' })]);
  });
});
