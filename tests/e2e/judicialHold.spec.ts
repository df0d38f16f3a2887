import { test, expect, screenshotPath, withoutFixedBars } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { BeneficiariesPage, frenchLabels, type Person as NewPerson } from './pages/BeneficiariesPage';
import { SignInPage } from './pages/SignInPage';
import { createActivatedUser, createUserOfCentre } from './support/serverApi';

/**
 * The judicial hold (shared/auth/restricted.ts) seen from the screens: a counsellor an
 * administrator created works normally, but her case files say that her access to the detention
 * data awaits confirmation; her centre's coordinator sees the hold in Administration › Utilisateurs
 * and confirms it; at her next sign-in the detention section is hers. In French and Arabic.
 */
const person: NewPerson = {
  lastName: 'Ouazzani',
  firstName: 'Mehdi',
  lastNameArabic: 'الوزاني',
  firstNameArabic: 'مهدي',
  sex: 'M',
  dateOfBirth: '1991-11-02',
  cin: 'BJ 310044',
  prefecture: 'Casablanca',
};

test('a counsellor created by an administrator waits for her coordinator to confirm her judicial access', async ({
  page,
  request,
}) => {
  // A centre with its coordinator (confirmed by the second administrator: the centre had none),
  // and a counsellor the administrator created, who chose her password: held.
  const coordinator = await createActivatedUser(request, 'coordinateur_centre', 'Karim Bennani');
  const counsellor = await createUserOfCentre(request, coordinator.centreId, 'conseiller', 'Salma Idrissi', {
    isJudicialAccessConfirmed: false,
  });

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(counsellor.username, counsellor.password);
  const list = new BeneficiariesPage(page, frenchLabels);
  await list.expectShown();
  await list.openForm();
  await list.fill(person);
  await list.save();
  await expect(list.form).toBeHidden();
  await page.getByRole('button', { name: `${person.lastName.toUpperCase()} ${person.firstName}` }).click();

  const onHold = page.getByTestId('section-detention-on-hold');
  await expect(onHold).toContainText('Votre accès aux données judiciaires attend une confirmation');
  await expect(page.getByTestId('section-detention')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Modifier les données de détention' })).toHaveCount(0);
  await onHold.scrollIntoViewIfNeeded();
  /** The section alone: the app's fixed bars would cover it (and hold the language switch). */
  const shoot = async (name: string) => {
    const hidden = await page.addStyleTag({ content: withoutFixedBars });
    await onHold.screenshot({ path: screenshotPath(name) });
    await hidden.evaluate((style) => {
      style.parentNode?.removeChild(style);
    });
  };
  await shoot('fr-casefile-judicial-hold');
  await page.getByText('العربية').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(onHold).toContainText('ولوجك إلى المعطيات القضائية في انتظار التأكيد');
  expect(await axeViolations(page)).toEqual([]);
  await shoot('ar-casefile-judicial-hold');
  await page.getByText('Français').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

  // The coordinator, on the same PC: the hold in the users list, and the confirmation.
  await new SignInPage(page).openUserMenu(counsellor.displayName);
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await signIn.signIn(coordinator.username, coordinator.password);
  await page.getByRole('tab', { name: 'Administration' }).click();
  await page.getByRole('tab', { name: 'Utilisateurs' }).click();
  const users = page.getByRole('table', { name: 'Liste des utilisateurs' });
  const row = users.getByRole('row').filter({ hasText: counsellor.displayName });
  await expect(row.getByTestId('judicial-hold')).toHaveText('Accès judiciaire à confirmer');
  // The coordinator's own access was confirmed: no badge on their row.
  await expect(
    users.getByRole('row').filter({ hasText: coordinator.displayName }).getByTestId('judicial-hold'),
  ).toHaveCount(0);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('fr-admin-judicial-hold'), fullPage: true });

  await page.getByText('العربية').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const usersAr = page.getByRole('table', { name: 'قائمة المستخدمين' });
  const rowAr = usersAr.getByRole('row').filter({ hasText: counsellor.displayName });
  await expect(rowAr.getByTestId('judicial-hold')).toHaveText('الولوج إلى المعطيات القضائية في انتظار التأكيد');
  await rowAr.getByRole('button', { name: /^تأكيد الولوج إلى المعطيات القضائية/ }).click();
  const dialogAr = page.getByRole('dialog', {
    name: `تأكيد ولوج حساب «${counsellor.displayName}» إلى المعطيات القضائية؟`,
  });
  await expect(dialogAr).toContainText('تحقق شخصيًا');
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('ar-admin-judicial-confirm'), fullPage: true });
  await dialogAr.getByRole('button', { name: 'إلغاء' }).click();
  await expect(dialogAr).toBeHidden();

  await page.getByText('Français').click();
  await row.getByRole('button', { name: `Confirmer l’accès judiciaire — ${counsellor.displayName}` }).click();
  const dialog = page.getByRole('dialog', {
    name: `Confirmer l’accès judiciaire du compte « ${counsellor.displayName} » ?`,
  });
  await expect(dialog).toContainText('vérifié en personne');
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('fr-admin-judicial-confirm'), fullPage: true });
  await dialog.getByRole('button', { name: 'Confirmer l’accès judiciaire' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`L’accès judiciaire du compte « ${counsellor.displayName} » au centre`)).toBeVisible();
  await expect(row.getByTestId('judicial-hold')).toHaveCount(0);

  // Her next sign-in: the detention section is hers.
  await new SignInPage(page).openUserMenu(coordinator.displayName);
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await signIn.signIn(counsellor.username, counsellor.password);
  await list.expectShown();
  await page.getByRole('button', { name: `${person.lastName.toUpperCase()} ${person.firstName}` }).click();
  await expect(page.getByTestId('section-detention')).toContainText('accès restreint');
  await expect(page.getByTestId('section-detention-on-hold')).toHaveCount(0);
});
