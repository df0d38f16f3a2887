import { test, expect, screenshotPath } from './fixtures';
import { SignInPage } from './pages/SignInPage';
import { e2eAdmin } from './support/serverApi';

/**
 * *Nouveau bénéficiaire* is offered only to those who can register someone
 * (`canRegisterBeneficiary`): an administrator of headquarters, attached to no centre, sees it
 * disabled with the reason, before filling anything — in French and in Arabic.
 */
test('an administrator without a centre is not offered Nouveau bénéficiaire, and is told why', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(e2eAdmin.username, e2eAdmin.password);
  await expect(page.getByRole('button', { name: 'Compte de Admin E2E' })).toBeVisible();

  const button = page.getByRole('button', { name: 'Nouveau bénéficiaire' });
  const reason = page.getByTestId('new-beneficiary-needs-centre');
  await expect(button).toBeDisabled();
  await expect(reason).toHaveText(/^Votre compte n’est rattaché à aucun centre : vous ne pouvez pas enregistrer/);
  await expect(button).toHaveAccessibleDescription(/Votre compte n’est rattaché à aucun centre/);
  await expect(page.getByText('Commencez par « Nouveau bénéficiaire »')).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByText('العربية', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('button', { name: 'مستفيد جديد' })).toBeDisabled();
  await expect(reason).toContainText('حسابك غير مرتبط بأي مركز');
  await page.screenshot({ path: screenshotPath('ar-new-beneficiary-needs-centre') });
});
