import { expect, screenshotPath, test } from './fixtures';
import type { BeneficiariesPage, Person } from './pages/BeneficiariesPage';
import { SignInPage } from './pages/SignInPage';
import { SyncScreens } from './pages/SyncScreens';
import { damageSealedRecords, putInUserStore } from './support/userDatabase';

/**
 * A record changed on disk outside Masar (docs/security.md, "The local stores"): it no longer
 * opens, so it is read as absent — the screens go on, and say it — and the next sync pulls its
 * table again, which brings the server's row back.
 */
const salma: Person = {
  lastName: 'Berradaoui',
  firstName: 'Salmata',
  lastNameArabic: 'البراداوي',
  firstNameArabic: 'سلماتا',
  sex: 'F',
  dateOfBirth: '1992-05-17',
  cin: 'BH564312',
  prefecture: 'Casablanca',
};

/** Registers a person through the form (nothing else on the PC holds them yet). */
async function register(screen: BeneficiariesPage, person: Person): Promise<void> {
  await screen.openForm();
  await screen.fill(person);
  await screen.save();
  await expect(screen.form).toBeHidden();
}

test('a record changed on disk is set aside with a message, and the next sync brings it back', async ({
  page,
  signedIn,
  beneficiaries: screen,
}) => {
  test.setTimeout(90_000);
  await register(screen, salma);
  await new SyncScreens(page).syncNow();

  await page.getByRole('tab', { name: 'Synchronisation' }).click();
  expect(await damageSealedRecords(page, 'beneficiaries')).toBe(1);
  await page.reload();
  await new SignInPage(page).signIn(signedIn.username, signedIn.password);
  await expect(page.getByText(signedIn.displayName)).toBeVisible();
  const notice = page.getByTestId('local-data-damaged');
  await expect(notice).toHaveText(
    '1 enregistrement de ce poste ne s’ouvre plus (modifié en dehors de Masar, ou abîmé) : il est ignoré, et la prochaine synchronisation le rapporte du serveur s’il y a été envoyé.',
  );
  await expect(screen.count).toHaveText('Aucun bénéficiaire');
  await page.screenshot({ path: screenshotPath('fr-local-data-damaged') });
  await page.getByText('العربية').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(notice).toContainText('سجل واحد على هذا الجهاز لم يعد يُفتح');
  await page.screenshot({ path: screenshotPath('ar-local-data-damaged') });
  await page.getByText('Français').click();

  await new SyncScreens(page).syncNow();
  await page.getByRole('tab', { name: 'Bénéficiaires' }).click();
  await expect(screen.count).toHaveText('1 bénéficiaire');
  await expect(page.getByRole('button', { name: `${salma.lastName.toUpperCase()} ${salma.firstName}` })).toBeVisible();
});

test('a database sealed with a key that no longer opens is started anew, and the screen says what was lost', async ({
  page,
  signedIn,
  beneficiaries: screen,
}) => {
  test.setTimeout(90_000);
  await register(screen, salma);
  // As if the records had been sealed by a key no wrap opens any more (docs/security.md).
  await putInUserStore(page, 'syncMeta', [{ key: 'sealKeyCheck', value: btoa('x'.repeat(40)) }]);
  await page.reload();
  await new SignInPage(page).signIn(signedIn.username, signedIn.password);
  const notice = page.getByTestId('local-data-key-lost');
  await expect(notice).toContainText('Personne ne peut plus les lire : elles ont été effacées de ce poste');
  await expect(notice).toContainText('1 modification non synchronisée était parmi elles : elle est perdue.');
  await expect(screen.count).toHaveText('Aucun bénéficiaire');
  await page.screenshot({ path: screenshotPath('fr-local-data-key-lost') });
  await page.getByText('العربية').click();
  await expect(notice).toContainText('كان بينها تعديل واحد غير مُزامَن: وقد ضاع.');
  await page.screenshot({ path: screenshotPath('ar-local-data-key-lost') });
  // The new database works: a person registered again is kept.
  await page.getByText('Français').click();
  await register(screen, salma);
  await expect(screen.count).toHaveText('1 bénéficiaire');
});
