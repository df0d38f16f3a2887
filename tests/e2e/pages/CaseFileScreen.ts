import { expect, type Locator, type Page } from '@playwright/test';
import type { BeneficiariesPage, Person } from './BeneficiariesPage';

/** Chooses `option` in the Mantine select labelled `label` inside `scope`. */
export async function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Registers `person` through the form, then opens their case file from the list. */
export async function registerAndOpen(screen: BeneficiariesPage, person: Person): Promise<CaseFileScreen> {
  await screen.openForm();
  await screen.fill(person);
  await screen.save();
  await expect(screen.form).toBeHidden();
  await screen.page.getByRole('button', { name: `${person.lastName.toUpperCase()} ${person.firstName}` }).click();
  await expect(screen.page.getByTestId('case-file')).toBeVisible();
  return new CaseFileScreen(screen.page);
}

/** An equipment line of a project, as typed in the form (French formats). */
export type EquipmentInput = { designation: string; quantity: string; unitPrice: string };

/**
 * A person's case file, in French, driven through its sections and the parcours as a counsellor
 * does: nothing is written into the database behind the screens.
 */
export class CaseFileScreen {
  readonly stage: Locator;
  /** Why the last move was refused. */
  readonly problem: Locator;

  constructor(readonly page: Page) {
    this.stage = page.getByTestId('case-stage');
    this.problem = page.getByTestId('parcours-problem');
  }

  form(name: string): Locator {
    return this.page.getByRole('form', { name });
  }

  async edit(button: string, form: string): Promise<Locator> {
    await this.page.getByRole('button', { name: button }).click();
    const shown = this.form(form);
    await expect(shown).toBeVisible();
    return shown;
  }

  /** Presses the move to the next stage (which the parcours may refuse: see `problem`). */
  async pressForward(to: string): Promise<void> {
    await this.page.getByRole('button', { name: `Passer à l’étape suivante : ${to}` }).click();
  }

  /** The next stage, checked to be reached. */
  async forward(to: string): Promise<void> {
    await this.pressForward(to);
    await expect(this.stage).toHaveText(`Étape : ${to}`);
  }

  /**
   * Admission (release date, consent), a complete diagnostic oriented to an income-generating
   * project, a life project with one action and its validation, and the moves up to *validation*
   * (`toImplementation`: one more, to *mise en œuvre*).
   */
  async walkToValidation({ toImplementation = false } = {}): Promise<void> {
    let form = await this.edit('Modifier l’accueil', 'Modification de l’accueil');
    await form.getByLabel('Date de libération').fill('2025-06-30');
    await form.getByLabel('Date du consentement').fill('2025-07-02');
    await form.getByLabel('Objet du consentement').fill('Accompagnement à la réinsertion');
    await form.getByLabel('Consentement recueilli par').fill('Amina El Idrissi');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(this.page.getByText('Accueil enregistré.')).toBeVisible();
    await this.forward('Diagnostic et qualification');

    form = await this.edit('Modifier le diagnostic', 'Modification du diagnostic');
    await form.getByLabel('Parcours professionnel').fill('Aide-cuisinier pendant quatre ans.');
    await form.getByLabel('Compétences').fill('Cuisine, hygiène alimentaire');
    await form.getByLabel('Contraintes').fill('Aucune');
    await form.getByLabel('Motivation').fill('Forte');
    await form.getByLabel('Adéquation avec le marché du travail régional').fill('Forte demande en restauration');
    await form.getByRole('radio', { name: 'Projet générateur de revenus (AGR)' }).check();
    await form.getByLabel('Date du diagnostic').fill('2025-08-10');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(this.page.getByText('Diagnostic enregistré.')).toBeVisible();
    await this.forward('Projet de vie');

    form = await this.edit('Modifier le projet de vie', 'Modification du projet de vie');
    await form.getByLabel('Objectifs professionnels').fill('Ouvrir son activité');
    await form.getByLabel('Date de validation').fill('2025-09-01');
    await form.getByLabel('Validé par (personne ou comité)').fill('Comité du CAPC');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(this.page.getByText('Projet de vie enregistré.')).toBeVisible();
    await this.page.getByRole('button', { name: 'Ajouter une action' }).click();
    form = this.form('Nouvelle action');
    await form.getByLabel('Description de l’action').fill('Trouver un local');
    await form.getByLabel('Échéance').fill('2027-01-15');
    await form.getByLabel('Responsable (personne ou partenaire)').fill('Le bénéficiaire');
    await form.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await expect(this.page.getByTestId('action-row')).toHaveCount(1);
    await this.forward('Validation');
    if (toImplementation) await this.forward('Mise en œuvre');
  }

  /** The *projets générateurs de revenus* section. */
  get projects(): Locator {
    return this.page.getByTestId('section-agr');
  }

  /** A new project with its equipment and one share covering it (from the Fondation). */
  async addProject(
    title: string,
    sector: string,
    lines: readonly EquipmentInput[],
    share: { funder: string; amount: string },
  ): Promise<Locator> {
    await this.projects.getByRole('button', { name: 'Ajouter un projet' }).click();
    let form = this.form('Nouveau projet générateur de revenus');
    await form.getByLabel('Intitulé du projet').fill(title);
    await choose(this.page, form, 'Secteur', sector);
    await form.getByRole('button', { name: 'Créer le projet' }).click();
    await expect(this.projects.getByText(`Projet « ${title} » créé.`)).toBeVisible();
    const project = this.projects
      .getByTestId('agr-project')
      .filter({ has: this.page.getByRole('heading', { name: `Projet : ${title}` }) });
    for (const [index, line] of lines.entries()) {
      await project.getByRole('button', { name: 'Ajouter un équipement' }).click();
      form = this.form('Nouvel équipement');
      await form.getByLabel('Désignation').fill(line.designation);
      await form.getByLabel('Quantité').fill(line.quantity);
      await form.getByLabel('Prix unitaire (DH)').fill(line.unitPrice);
      await form.getByRole('button', { name: 'Ajouter l’équipement' }).click();
      await expect(project.getByTestId('equipment-row')).toHaveCount(index + 1);
    }
    await project.getByRole('button', { name: 'Ajouter une part' }).click();
    form = this.form('Nouvelle part de financement');
    await choose(this.page, form, 'Financeur', share.funder);
    await form.getByLabel('Montant (DH)').fill(share.amount);
    await form.getByRole('button', { name: 'Ajouter la part' }).click();
    await expect(project.getByTestId('funding-balance')).toHaveText('Les parts couvrent exactement le budget.');
    return project;
  }

  /** The committee's approval of a project for `amount`. */
  async approve(project: Locator, title: string, amount: string): Promise<void> {
    await project.getByRole('button', { name: `Enregistrer la décision du comité pour « ${title} »` }).click();
    const form = this.form(`Décision du comité pour « ${title} »`);
    await form.getByLabel('Comité').fill('CPDH de Casablanca');
    await form.getByLabel('Date de la décision').fill('2025-10-15');
    await form.getByLabel('Référence').fill('CPDH/2025/118');
    await choose(this.page, form, 'Décision', 'Approuvé');
    await form.getByLabel('Montant accordé (DH)').fill(amount);
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(project.getByTestId('decision-badge')).toHaveText('Approuvé');
  }
}
