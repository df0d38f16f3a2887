import { expect, type Locator, type Page } from '@playwright/test';

/** The first run of a server without accounts, on the sign-in screen (French labels). */
export class FirstRunPage {
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.alert = page.getByRole('alert');
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async expectOffer(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Bienvenue dans Masar' })).toBeVisible();
  }

  async openAdministratorForm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Créer le premier administrateur' }).click();
    await expect(this.page.getByRole('heading', { name: 'Premier administrateur' })).toBeVisible();
  }

  get administratorForm(): Locator {
    return this.page.getByRole('form', { name: 'Premier administrateur' });
  }

  async fillAdministrator(fields: {
    username: string;
    displayName: string;
    password: string;
    confirmPassword?: string;
  }): Promise<void> {
    const form = this.administratorForm;
    await form.getByLabel('Identifiant de connexion').fill(fields.username);
    await form.getByLabel('Nom complet').fill(fields.displayName);
    await form.getByLabel(/^Mot de passe/).fill(fields.password);
    await form.getByLabel('Confirmez le mot de passe').fill(fields.confirmPassword ?? fields.password);
  }

  async submitAdministrator(): Promise<void> {
    await this.administratorForm.getByRole('button', { name: 'Créer et se connecter' }).click();
  }

  /** Loads the demo; the button's label in the language shown. */
  async loadDemo(label = 'Charger le centre de démonstration'): Promise<void> {
    await this.page.getByRole('button', { name: label }).click();
  }

  /** The demo accounts' table once loaded (its accessible name in the language shown). */
  demoAccounts(label = 'Comptes de démonstration'): Locator {
    return this.page.getByRole('table', { name: label });
  }

  async switchLanguage(to: 'Français' | 'العربية'): Promise<void> {
    await this.page.getByText(to, { exact: true }).click();
    await expect(this.page.locator('html')).toHaveAttribute('dir', to === 'العربية' ? 'rtl' : 'ltr');
  }
}
