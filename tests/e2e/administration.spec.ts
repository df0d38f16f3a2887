import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { SignInPage } from './pages/SignInPage';
import { createActivatedUser, e2eAdmin, unique } from './support/serverApi';

async function signOut(page: Page, name: string): Promise<void> {
  await new SignInPage(page).openUserMenu(name);
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
}

test('from a new installation to a counsellor at work: an administrator creates the centre and the account', async ({
  page,
}) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(e2eAdmin.username, e2eAdmin.password);
  await page.getByRole('tab', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Administration', level: 2 })).toBeVisible();

  const code = `AIN-${unique()}`.toUpperCase();
  await page.getByRole('button', { name: 'Nouveau centre' }).click();
  const centreForm = page.getByRole('dialog', { name: 'Nouveau centre' });
  await centreForm.getByLabel('Code du centre').fill(code.toLowerCase());
  await centreForm.getByLabel('Nom en français').fill('CAPC Aïn Sebaâ');
  await centreForm.getByLabel('Nom en arabe').fill('مركز عين السبع');
  await centreForm.getByRole('combobox', { name: 'Région' }).click();
  await page.getByRole('option', { name: 'Casablanca-Settat' }).click();
  // The centre's PCs: 10 minutes and 30 days unless set; out of bounds is said, nothing saved.
  const autoLock = centreForm.getByRole('textbox', { name: 'Verrouillage automatique des postes (minutes)' });
  const maxOffline = centreForm.getByRole('textbox', { name: 'Connexion hors ligne (jours)' });
  await expect(autoLock).toHaveValue('10');
  await expect(maxOffline).toHaveValue('30');
  await autoLock.fill('90');
  await maxOffline.fill('');
  await centreForm.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(centreForm.getByText('Un nombre entier de minutes, de 1 à 60.')).toBeVisible();
  await expect(centreForm.getByText('Un nombre entier de jours, de 1 à 90.')).toBeVisible();
  await page.screenshot({ path: screenshotPath('fr-admin-centre-privacy'), fullPage: true });
  await autoLock.fill('5');
  await maxOffline.fill('14');
  await centreForm.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(centreForm).toBeHidden();
  const centres = page.getByRole('table', { name: 'Liste des centres' });
  await expect(centres).toContainText(code);
  await expect(centres.locator('tr', { hasText: code }).getByTestId('centre-privacy')).toHaveText(
    'verrouillage après 5 minutes sans activitéhors ligne 14 jours au plus',
  );
  await page.getByText('العربية').click();
  await expect(page.getByRole('table', { name: 'قائمة المراكز' }).locator('tr', { hasText: code })).toContainText(
    'القفل بعد 5 دقائق من عدم النشاط',
  );
  await expect(page.getByText(`تم تسجيل المركز ${code}.`)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('ar-admin-centres'), fullPage: true });
  await page.getByText('Français').click();

  await page.getByRole('tab', { name: 'Utilisateurs' }).click();
  await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
  const userForm = page.getByRole('dialog', { name: 'Nouvel utilisateur' });
  const username = `h.${unique()}`;
  await userForm.getByLabel('Identifiant de connexion').fill(username);
  await userForm.getByLabel('Nom complet').fill('Hanane Berrada');
  await userForm.getByRole('combobox', { name: 'Rôle' }).click();
  await page.getByRole('option', { name: 'Conseiller', exact: true }).click();
  // The only centre an administrator sees is chosen in advance; otherwise choose it by keyboard,
  // as someone without a mouse would: type to filter, arrow down, Enter.
  if ((await userForm.getByText(code).count()) === 0) {
    await userForm.getByRole('textbox', { name: 'Centres de rattachement' }).fill(code);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
  }
  await expect(userForm).toContainText(code);
  await userForm.getByRole('button', { name: 'Enregistrer' }).click();

  const oneTimePassword = (await page.getByTestId('one-time-password').innerText()).trim();
  expect(oneTimePassword.length).toBeGreaterThanOrEqual(10);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('fr-admin-one-time-password') });
  await page.getByRole('button', { name: 'J’ai noté le mot de passe' }).click();
  await expect(page.getByRole('table', { name: 'Liste des utilisateurs' })).toContainText('Hanane Berrada');
  await page.screenshot({ path: screenshotPath('fr-admin-users'), fullPage: true });
  await signOut(page, 'Admin E2E');

  await signIn.signIn(username, oneTimePassword);
  await signIn.changeOneTimePassword('le mot de passe de Hanane');
  await expect(page.getByRole('button', { name: 'Compte de Hanane Berrada' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Administration' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Nouveau bénéficiaire' })).toBeVisible();
});

test('an administrator revokes a PC from the Postes screen', async ({ page, browser, request }) => {
  const counsellor = await createActivatedUser(request, 'conseiller', `Hajar Amrani ${unique()}`);
  // The counsellor's own PC: another browser context, i.e. another installation.
  const counsellorContext = await browser.newContext();
  const counsellorPage = await counsellorContext.newPage();
  const counsellorSignIn = new SignInPage(counsellorPage);
  await counsellorSignIn.goto();
  await counsellorSignIn.signIn(counsellor.username, counsellor.password);
  await expect(counsellorPage.getByRole('button', { name: `Compte de ${counsellor.displayName}` })).toBeVisible();

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(e2eAdmin.username, e2eAdmin.password);
  await page.getByRole('tab', { name: 'Administration' }).click();
  await page.getByRole('tab', { name: 'Postes' }).click();
  const devices = page.getByRole('table', { name: 'Liste des postes' });
  const row = devices.getByRole('row').filter({ hasText: counsellor.displayName }).filter({ hasText: 'Navigateur' });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: /^Révoquer/ }).click();
  await page.getByRole('button', { name: 'Révoquer le poste' }).click();
  await expect(row).toContainText('Révoqué');
  await page.screenshot({ path: screenshotPath('fr-admin-devices'), fullPage: true });

  await signOut(counsellorPage, counsellor.displayName);
  await counsellorSignIn.signIn(counsellor.username, counsellor.password);
  await expect(counsellorSignIn.alert).toContainText('Ce poste a été révoqué');
  await counsellorContext.close();
});

test('a coordinator administers only the users of their centre; the screens in Arabic', async ({ page, request }) => {
  const coordinator = await createActivatedUser(request, 'coordinateur_centre', 'Rachid Naciri');
  const outsider = await createActivatedUser(request, 'conseiller', 'Nadia Chraibi');
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(coordinator.username, coordinator.password);
  await page.getByRole('tab', { name: 'Administration' }).click();
  await expect(page.getByRole('button', { name: 'Nouveau centre' })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Utilisateurs' }).click();
  const users = page.getByRole('table', { name: 'Liste des utilisateurs' });
  await expect(users).toContainText('Rachid Naciri');
  await expect(users).not.toContainText(outsider.displayName);

  await page.getByText('العربية').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('table', { name: 'قائمة المستخدمين' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('ar-admin-users'), fullPage: true });
  await page.getByRole('tab', { name: 'الأجهزة' }).click();
  await expect(page.getByRole('table', { name: 'قائمة الأجهزة' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('ar-admin-devices'), fullPage: true });
});
