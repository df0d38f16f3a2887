import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';
import { BeneficiariesPage, frenchLabels } from './pages/BeneficiariesPage';
import { SignInPage } from './pages/SignInPage';
import { animationsSettled, axeViolations } from './pages/accessibility';
import { callServer, createActivatedUser, e2eAdmin, signInApi, type Person } from './support/serverApi';

const youssef = {
  lastName: 'Benali',
  firstName: 'Youssef',
  sex: 'M' as const,
  dateOfBirth: '1988-11-05',
  cin: 'BE123456',
  prefecture: 'Settat',
};

/** Cuts this page off from the server entirely, as on a PC without network. */
async function goOffline(page: Page): Promise<void> {
  await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
}

/** Sets the failed offline attempts this PC counted for a user (`masar-accounts`, renderer/db/accountRepository.ts). */
async function setOfflineFailures(page: Page, username: string, failedAttempts: number): Promise<void> {
  await changeAccount(page, username, { failedAttempts, nextAttemptAt: 0 });
}

/** Changes what this PC remembers of a user (`masar-accounts`, renderer/db/accountRepository.ts). */
async function changeAccount(page: Page, username: string, changes: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ username, changes }) =>
      new Promise<void>((resolve, reject) => {
        const opening = indexedDB.open('masar-accounts');
        opening.onerror = () => {
          reject(new Error('masar-accounts did not open'));
        };
        opening.onsuccess = () => {
          const db = opening.result;
          const store = db.transaction('accounts', 'readwrite').objectStore('accounts');
          const reading = store.index('username').get(username);
          reading.onsuccess = () => {
            const account = reading.result as Record<string, unknown> | undefined;
            if (account === undefined) {
              reject(new Error(`no account ${username} on this PC`));
              return;
            }
            const writing = store.put({ ...account, ...changes });
            writing.onsuccess = () => {
              db.close();
              resolve();
            };
          };
        };
      }),
    { username, changes },
  );
}

/** Signs in through the Arabic sign-in screen (the language already switched). */
async function signInInArabic(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'تسجيل الدخول' });
  await form.getByLabel('اسم المستخدم').fill(username);
  await form.getByLabel('كلمة المرور').fill(password);
  await form.getByRole('button', { name: 'دخول' }).click();
}

/** Signs the user out, then cuts the network: the sign-in screen of a PC offline. */
async function signOutOffline(page: Page, person: Person): Promise<SignInPage> {
  const signIn = new SignInPage(page);
  await signIn.openUserMenu(person.displayName);
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await goOffline(page);
  return signIn;
}

/** Back online: the server decides, and its yes lets the user in. */
async function signInOnlineAgain(page: Page, signIn: SignInPage, person: Person): Promise<void> {
  await page.unroute('**/api/**');
  await signIn.signIn(person.username, person.password);
  await expect(page.getByRole('button', { name: `Compte de ${person.displayName}` })).toBeVisible();
}

/** The console errors of requests a test cut off on purpose. */
function withoutNetworkErrors(errors: string[]): void {
  const kept = errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'));
  errors.splice(0, errors.length, ...kept);
}

test.describe('signing in', () => {
  test('refuses a wrong password and an unknown user with the same message', async ({ page, counsellor }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(counsellor.username, 'pas le bon mot de passe');
    await expect(signIn.alert).toHaveText('Identifiant ou mot de passe incorrect.');
    await signIn.signIn('personne.inconnue', 'pas le bon mot de passe');
    await expect(signIn.alert).toHaveText('Identifiant ou mot de passe incorrect.');
    await page.screenshot({ path: screenshotPath('fr-sign-in-error') });
  });

  test('a first sign-in on a PC needs the server', async ({ page, counsellor, consoleErrors }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await goOffline(page);
    await signIn.signIn(counsellor.username, counsellor.password);
    await expect(signIn.alert).toContainText('Première connexion sur ce poste');
    withoutNetworkErrors(consoleErrors);
  });

  test('works offline the next day, in the same database', async ({ page, signedIn, consoleErrors }) => {
    const screen = new BeneficiariesPage(page, frenchLabels);
    await screen.openForm();
    await screen.fill(youssef);
    await screen.save();
    await expect(screen.row('BENALI Youssef')).toBeVisible();
    const signIn = new SignInPage(page);
    await signIn.openUserMenu(signedIn.displayName);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();

    await goOffline(page);
    await page.reload();
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(page.getByText('Connecté hors ligne')).toBeVisible();
    await expect(screen.row('BENALI Youssef')).toContainText('BE123456');
    await expect(screen.serverStatus).toHaveText('Serveur injoignable');
    await page.screenshot({ path: screenshotPath('fr-offline-next-day'), fullPage: true });

    await signIn.openUserMenu(signedIn.displayName);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await signIn.signIn(signedIn.username, 'un autre mot de passe');
    await expect(signIn.alert).toHaveText('Identifiant ou mot de passe incorrect.');
    withoutNetworkErrors(consoleErrors);
  });

  test('after ten wrong passwords offline, only an online sign-in lets the user in again', async ({
    page,
    signedIn,
    consoleErrors,
  }) => {
    const signIn = await signOutOffline(page, signedIn);
    // Nine failures already counted on this PC (typing them would wait a minute of growing delays).
    await setOfflineFailures(page, signedIn.username, 9);
    await signIn.signIn(signedIn.username, 'pas le bon');
    await expect(signIn.alert).toHaveText('Identifiant ou mot de passe incorrect.');

    // The tenth: even the right password is refused offline now.
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(signIn.alert).toContainText('Trop de mots de passe erronés sur ce poste');
    await expect(signIn.alert).toContainText('connectez-vous une fois en ligne');
    await page.screenshot({ path: screenshotPath('fr-online-sign-in-required') });

    await page.getByText('العربية').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await signInInArabic(page, signedIn.username, signedIn.password);
    await expect(signIn.alert).toContainText('سجّل الدخول مرة عبر الإنترنت');
    await page.screenshot({ path: screenshotPath('ar-online-sign-in-required') });
    await page.getByText('Français').click();

    // Online again: the server decides, and its yes clears the count.
    await signInOnlineAgain(page, signIn, signedIn);
    withoutNetworkErrors(consoleErrors);
  });

  test("when the centre's offline period is over, only an online sign-in lets the user in again", async ({
    page,
    signedIn,
    consoleErrors,
  }) => {
    const signIn = await signOutOffline(page, signedIn);
    // The last online sign-in on this PC, 31 days ago (the centre allows 30).
    await changeAccount(page, signedIn.username, {
      lastOnlineSignInAt: new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString(),
      serverClockOffsetMs: 0,
    });
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(signIn.alert).toContainText('plus ancienne que votre centre ne le permet');
    await page.screenshot({ path: screenshotPath('fr-offline-period-over') });
    await page.getByText('العربية').click();
    await signInInArabic(page, signedIn.username, signedIn.password);
    await expect(signIn.alert).toContainText('أكثر مما يسمح به مركزك');
    await page.screenshot({ path: screenshotPath('ar-offline-period-over') });
    await page.getByText('Français').click();

    await signInOnlineAgain(page, signIn, signedIn);
    withoutNetworkErrors(consoleErrors);
  });

  test('a user who signs in after another on the same PC never sees their data', async ({
    page,
    request,
    signedIn,
  }) => {
    const screen = new BeneficiariesPage(page, frenchLabels);
    await screen.openForm();
    await screen.fill(youssef);
    await screen.save();
    await expect(screen.row('BENALI Youssef')).toBeVisible();

    const colleague = await createActivatedUser(request, 'conseiller', 'Karim Tazi');
    const signIn = new SignInPage(page);
    await signIn.openUserMenu(signedIn.displayName);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await signIn.signIn(colleague.username, colleague.password);
    await expect(page.getByRole('button', { name: 'Compte de Karim Tazi' })).toBeVisible();
    await expect(page.getByText('Aucun bénéficiaire enregistré sur ce poste.')).toBeVisible();

    await signIn.openUserMenu('Karim Tazi');
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(screen.row('BENALI Youssef')).toBeVisible();
  });

  test('a one-time password must be replaced at the first sign-in, and cannot be used again', async ({
    page,
    request,
  }) => {
    const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
    const { centres } = await callServer(request, 'listCentres', { credentials: admin });
    const centre = centres[0];
    if (!centre) {
      const created = await createActivatedUser(request);
      expect(created).toBeTruthy();
    }
    const { centres: all } = await callServer(request, 'listCentres', { credentials: admin });
    const username = `nouvelle.${Date.now().toString(36)}`;
    const { oneTimePassword } = await callServer(request, 'createUser', {
      body: { username, displayName: 'Salma Alaoui', role: 'conseiller', centreIds: [all[0]?.id ?? ''] },
      credentials: admin,
    });

    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(username, oneTimePassword);
    await expect(page.getByRole('heading', { name: 'Choisissez votre mot de passe' })).toBeVisible();
    await signIn.changeOneTimePassword('court');
    await expect(page.getByText('Au moins 10 caractères.')).toBeVisible();
    await page.screenshot({ path: screenshotPath('fr-change-password') });
    await signIn.changeOneTimePassword('mon mot de passe à moi');
    await expect(page.getByRole('button', { name: 'Compte de Salma Alaoui' })).toBeVisible();

    await signIn.openUserMenu('Salma Alaoui');
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await signIn.signIn(username, oneTimePassword);
    await expect(signIn.alert).toHaveText('Identifiant ou mot de passe incorrect.');
  });
});

test.describe('locking', () => {
  test('Verrouiller hides the work, and only the same password opens it again; Escape on a half-filled form asks first', async ({
    page,
    signedIn,
  }) => {
    const screen = new BeneficiariesPage(page, frenchLabels);
    await screen.openForm();
    await screen.field('Nom').fill('Benali');
    // Escape on a half-filled form asks before throwing it away; keeping it keeps what was typed.
    await page.keyboard.press('Escape');
    const question = page.getByRole('dialog', { name: 'Abandonner les modifications ?' });
    await expect(question).toBeVisible();
    await question.getByRole('button', { name: 'Continuer la saisie' }).click();
    await expect(question).toBeHidden();
    await expect(screen.field('Nom')).toHaveValue('Benali');
    await page.keyboard.press('Escape');
    await question.getByRole('button', { name: 'Abandonner', exact: true }).click();
    await expect(screen.form).toBeHidden();
    const signIn = new SignInPage(page);
    await signIn.openUserMenu(signedIn.displayName);
    await page.getByRole('menuitem', { name: 'Verrouiller' }).click();

    await expect(page.getByRole('heading', { name: 'Session verrouillée' })).toBeVisible();
    await expect(page.getByRole('button', { name: frenchLabels.newButton })).toBeHidden();
    await page.screenshot({ path: screenshotPath('fr-locked') });
    await signIn.unlock('pas le bon');
    await expect(signIn.alert).toHaveText('Identifiant ou mot de passe incorrect.');
    await signIn.unlock(signedIn.password);
    await expect(page.getByRole('button', { name: frenchLabels.newButton })).toBeVisible();
  });

  test('locks by itself after the chosen inactivity delay', async ({ page, counsellor }) => {
    await page.clock.install();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(counsellor.username, counsellor.password);
    await signIn.openUserMenu(counsellor.displayName);
    await page.getByRole('menuitem', { name: 'Après 5 min d’inactivité' }).click();

    const screen = new BeneficiariesPage(page, frenchLabels);
    await screen.openForm();
    await screen.field('Nom').fill('Benali');
    await page.clock.fastForward('04:00');
    await expect(page.getByRole('heading', { name: 'Session verrouillée' })).toBeHidden();
    await page.clock.fastForward('01:05');
    await expect(page.getByRole('heading', { name: 'Session verrouillée' })).toBeVisible();
    // Back to real time for the animations of the lock screen.
    await page.clock.resume();
    await signIn.unlock(counsellor.password);
    await expect(screen.field('Nom')).toHaveValue('Benali');
  });

  test('offers the inactivity delays the centre allows, named in Arabic with the noun each number calls for', async ({
    page,
    request,
    counsellor,
  }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(counsellor.username, counsellor.password);
    // A new centre locks its PCs after 10 minutes at most: longer delays are not offered.
    await signIn.openUserMenu(counsellor.displayName);
    await expect(page.getByRole('menuitem', { name: /^Après \d+ min/ })).toHaveText([
      'Après 5 min d’inactivité',
      'Après 10 min d’inactivité',
    ]);
    await page.keyboard.press('Escape');

    // The administrator allows an hour; the next online sign-in brings it.
    const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
    const { centres } = await callServer(request, 'listCentres', { credentials: admin });
    const centre = centres.find((item) => item.id === counsellor.centreId);
    if (centre === undefined) throw new Error('the counsellor has no centre');
    await callServer(request, 'updateCentre', {
      id: centre.id,
      body: {
        code: centre.code,
        nameFr: centre.nameFr,
        nameAr: centre.nameAr,
        regionCode: centre.regionCode,
        autoLockMinutes: 60,
      },
      credentials: admin,
    });
    await signIn.openUserMenu(counsellor.displayName);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await signIn.signIn(counsellor.username, counsellor.password);
    await page.getByText('العربية').click();
    await page.getByRole('button', { name: `حساب ${counsellor.displayName}` }).click();
    // 3–10: the plural (دقائق); 11–99: the singular (دقيقة). Not "بعد 5 دقيقة".
    await expect(page.getByRole('menuitem')).toContainText([
      'بعد 5 دقائق من عدم النشاط',
      'بعد 10 دقائق من عدم النشاط',
      'بعد 15 دقيقة من عدم النشاط',
      'بعد 30 دقيقة من عدم النشاط',
      'بعد 60 دقيقة من عدم النشاط',
    ]);
    // The menu fades in: taken once it is fully there.
    await animationsSettled(page);
    await page.screenshot({ path: screenshotPath('ar-user-menu') });
  });
});

/** The names of the user databases this browser holds (`masar-<userId>`). */
async function userDatabases(page: Page): Promise<string[]> {
  return page.evaluate(async () =>
    (await indexedDB.databases())
      .map((info) => info.name ?? '')
      .filter((name) => name.startsWith('masar-') && name !== 'masar-accounts'),
  );
}

/** One person registered and not synchronised: the work the PC holds when it is cut off. */
async function unsentWork(page: Page): Promise<void> {
  const screen = new BeneficiariesPage(page, frenchLabels);
  await screen.openForm();
  await screen.fill(youssef);
  await screen.save();
  await expect(screen.form).toBeHidden();
}

const erasedUnsent =
  '1 modification non synchronisée a été effacée avec elles : le serveur refuse le travail d’un poste révoqué ou d’un compte désactivé.';

test.describe('cut off by an administrator', () => {
  test('a revoked PC is refused at its next contact, erases its users’ data saying what was unsent, and is refused offline from then on', async ({
    page,
    request,
    signedIn,
    consoleErrors,
  }) => {
    await unsentWork(page);
    expect(await userDatabases(page)).toEqual([`masar-${signedIn.id}`]);
    const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
    const { devices } = await callServer(request, 'listDevices', { credentials: admin });
    const pc = devices.find((d) => d.registeredByUserId === signedIn.id && d.name !== 'Playwright');
    expect(pc, 'the browser registered itself as a PC').toBeTruthy();
    await callServer(request, 'revokeDevice', { id: pc?.id ?? '', credentials: admin });

    const signIn = new SignInPage(page);
    await signIn.openUserMenu(signedIn.displayName);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(signIn.alert).toHaveText(
      `Ce poste a été révoqué : il ne peut plus se connecter à Masar. Adressez-vous à l’administrateur. Les données de tous les comptes de ce poste ont été effacées, avec les clés qui les ouvraient. ${erasedUnsent}`,
    );
    await page.screenshot({ path: screenshotPath('fr-revoked-erased') });
    expect(await userDatabases(page)).toEqual([]);

    await goOffline(page);
    await page.reload();
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(signIn.alert).toHaveText(
      'Ce poste a été révoqué : il ne peut plus se connecter à Masar. Adressez-vous à l’administrateur.',
    );
    await page.screenshot({ path: screenshotPath('fr-revoked') });
    withoutNetworkErrors(consoleErrors);
  });

  test('a disabled user is refused online, their data erased saying what was unsent, then refused offline', async ({
    page,
    request,
    signedIn,
    consoleErrors,
  }) => {
    await unsentWork(page);
    const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
    await callServer(request, 'disableUser', { id: signedIn.id, credentials: admin });
    const signIn = new SignInPage(page);
    await signIn.openUserMenu(signedIn.displayName);
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByText('العربية').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await signInInArabic(page, signedIn.username, signedIn.password);
    await expect(signIn.alert).toContainText('مُسحت بيانات هذا الحساب على هذا الجهاز');
    await expect(signIn.alert).toContainText('مُسح معها تعديل واحد غير مُزامَن');
    await page.screenshot({ path: screenshotPath('ar-disabled-erased') });
    await page.getByText('Français').click();
    expect(await userDatabases(page)).toEqual([]);
    // Offline, the PC no longer knows the account: only the server could let it in, and it refuses.
    await goOffline(page);
    await signIn.signIn(signedIn.username, signedIn.password);
    await expect(signIn.alert).toHaveText(
      'Première connexion sur ce poste : le serveur doit être joignable. Réessayez une fois connecté au réseau.',
    );
    withoutNetworkErrors(consoleErrors);
  });
});

test('the sign-in screen is accessible and mirrored in Arabic', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await page.getByText('العربية').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'تسجيل الدخول' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('ar-sign-in') });
});
