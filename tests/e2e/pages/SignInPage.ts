import { expect, type Locator, type Page } from '@playwright/test';

/** The sign-in, password-change and lock screens (French labels unless given). */
export class SignInPage {
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.alert = page.getByRole('alert');
  }

  async goto(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  }

  async signIn(username: string, password: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Connexion' });
    await form.getByLabel('Identifiant').fill(username);
    await form.getByLabel('Mot de passe').fill(password);
    await form.getByRole('button', { name: 'Se connecter' }).click();
  }

  async changeOneTimePassword(newPassword: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Choisissez votre mot de passe' });
    await form.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
    await form.getByLabel('Confirmez le nouveau mot de passe').fill(newPassword);
    await form.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
  }

  async unlock(password: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Session verrouillée' });
    await form.getByLabel('Mot de passe').fill(password);
    await form.getByRole('button', { name: 'Déverrouiller' }).click();
  }

  async openUserMenu(displayName: string): Promise<void> {
    await this.page.getByRole('button', { name: `Compte de ${displayName}` }).click();
  }
}
