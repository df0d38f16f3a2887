import { test, expect, screenshotPath, withoutFixedBars } from './fixtures';
import { axeViolations } from './pages/accessibility';
import type { Person } from './pages/BeneficiariesPage';
import { CaseFileScreen, choose, registerAndOpen } from './pages/CaseFileScreen';

const fatima: Person = {
  lastName: 'Alaoui',
  firstName: 'Fatima',
  lastNameArabic: 'العلوي',
  firstNameArabic: 'فاطمة',
  sex: 'F',
  dateOfBirth: '1988-11-02',
  cin: 'BE 481516',
  prefecture: 'Casablanca',
};

/** Amounts as Chromium formats them (fr-MA): thin or no-break spaces are read as spaces. */
const money = (text: string) => new RegExp(text.replace(/\./g, '\\.').replace(/ /g, '\\s?'));

test.describe('income-generating projects', () => {
  // The centre's coordinator builds the project with the file and records the committee's decision.
  test.use({ role: 'coordinateur_centre' });

  test('a coordinator builds a project’s budget and funding, refused until the shares add up, then records the committee’s approval', async ({
    beneficiaries: screen,
  }) => {
    test.setTimeout(120_000);
    const page = (await registerAndOpen(screen, fatima)).page;
    const section = page.getByTestId('section-agr');
    await expect(section.getByTestId('agr-empty')).toBeVisible();

    // The project: its title and sector are required.
    await section.getByRole('button', { name: 'Ajouter un projet' }).click();
    let form = page.getByRole('form', { name: 'Nouveau projet générateur de revenus' });
    await form.getByRole('button', { name: 'Créer le projet' }).click();
    await expect(form.getByText('Ce champ est obligatoire.').first()).toBeVisible();
    await form.getByLabel('Intitulé du projet').fill('Atelier de couture');
    await choose(page, form, 'Secteur', 'Artisanat');
    await form.getByLabel('Lieu d’implantation').fill('Derb Sultan, Al Fida');
    await form.getByLabel('Activité').fill('Retouches et confection de tenues traditionnelles');
    await form.getByRole('button', { name: 'Créer le projet' }).click();
    await expect(section.getByText('Projet « Atelier de couture » créé.')).toBeVisible();
    const project = section.getByTestId('agr-project');
    await expect(project.getByRole('heading', { name: 'Projet : Atelier de couture' })).toBeVisible();

    // Equipment: absurd quantities and prices are refused at their fields, nothing saved.
    await project.getByRole('button', { name: 'Ajouter un équipement' }).click();
    form = page.getByRole('form', { name: 'Nouvel équipement' });
    await form.getByLabel('Désignation').fill('Machine à coudre industrielle');
    await form.getByLabel('Quantité').fill('-3');
    await form.getByLabel('Prix unitaire (DH)').fill('12 345,678');
    await form.getByRole('button', { name: 'Ajouter l’équipement' }).click();
    await expect(form.getByText('Indiquez un nombre entier d’unités, au moins 1.')).toBeVisible();
    await expect(form.getByText('Au plus deux chiffres après la virgule (les centimes).')).toBeVisible();
    await expect(project.getByTestId('equipment-row')).toHaveCount(0);
    await form.getByLabel('Quantité').fill('2');
    await form.getByLabel('Prix unitaire (DH)').fill('12 345,07');
    await form.getByLabel('Fournisseur').fill('Singer Maroc');
    await form.getByRole('button', { name: 'Ajouter l’équipement' }).click();
    await expect(project.getByTestId('equipment-row')).toHaveCount(1);
    await project.getByRole('button', { name: 'Ajouter un équipement' }).click();
    form = page.getByRole('form', { name: 'Nouvel équipement' });
    await form.getByLabel('Désignation').fill('Table de coupe');
    await form.getByLabel('Prix unitaire (DH)').fill('3.500');
    await form.getByRole('button', { name: 'Ajouter l’équipement' }).click();
    await expect(project.getByTestId('equipment-row')).toHaveCount(2);
    // 2 × 12 345,07 + 3 500,00, computed to the centime.
    await expect(project.getByTestId('equipment-budget')).toHaveText('28.190,14');

    // Funding: a partner needs a name; the shares must cover the budget exactly.
    await project.getByRole('button', { name: 'Ajouter une part' }).click();
    form = page.getByRole('form', { name: 'Nouvelle part de financement' });
    await choose(page, form, 'Financeur', 'Fondation Mohammed VI');
    await form.getByLabel('Montant (DH)').fill('20000');
    await form.getByRole('button', { name: 'Ajouter la part' }).click();
    await expect(project.getByTestId('funding-balance')).toHaveText(
      money('Il manque 8.190,14 MAD pour couvrir le budget.'),
    );

    // The file is still at *accueil*: the committee's decision is not offered yet, and the screen says why.
    await expect(project.getByTestId('decision-not-yet')).toHaveText(
      'La décision du comité s’enregistre à partir de l’étape « Validation » : le dossier est à l’étape « Accueil ». Faites-le avancer depuis le parcours.',
    );
    await expect(
      project.getByRole('button', { name: 'Enregistrer la décision du comité pour « Atelier de couture »' }),
    ).toHaveCount(0);
    await new CaseFileScreen(page).walkToValidation();
    await expect(project.getByTestId('decision-not-yet')).toHaveCount(0);

    // A favourable decision now is refused, with the reason, and nothing is recorded.
    await project
      .getByRole('button', { name: 'Enregistrer la décision du comité pour « Atelier de couture »' })
      .click();
    form = page.getByRole('form', { name: 'Décision du comité pour « Atelier de couture »' });
    await form.getByLabel('Comité').fill('CPDH de Casablanca');
    await form.getByLabel('Date de la décision').fill('2026-10-15');
    await form.getByLabel('Référence').fill('CPDH/2026/118');
    await choose(page, form, 'Décision', 'Approuvé');
    await form.getByLabel('Montant accordé (DH)').fill('28 190,14');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByTestId('decision-blockers')).toContainText(
      'les parts de financement ne couvrent pas exactement le budget',
    );
    await form.getByRole('button', { name: 'Annuler' }).click();
    await expect(project.getByTestId('decision-badge')).toHaveCount(0);

    await project.getByRole('button', { name: 'Ajouter une part' }).click();
    form = page.getByRole('form', { name: 'Nouvelle part de financement' });
    await choose(page, form, 'Financeur', 'Autre partenaire');
    await form.getByLabel('Montant (DH)').fill('8 190,14');
    await form.getByRole('button', { name: 'Ajouter la part' }).click();
    await expect(form.getByLabel('Nom du partenaire')).toHaveAttribute('aria-invalid', 'true');
    await form.getByLabel('Nom du partenaire').fill('Association Al Amal');
    await form.getByRole('button', { name: 'Ajouter la part' }).click();
    await expect(project.getByTestId('funding-balance')).toHaveText('Les parts couvrent exactement le budget.');
    await expect(project.getByTestId('funding-total')).toHaveText('28.190,14');

    await project
      .getByRole('button', { name: 'Enregistrer la décision du comité pour « Atelier de couture »' })
      .click();
    form = page.getByRole('form', { name: 'Décision du comité pour « Atelier de couture »' });
    await form.getByLabel('Comité').fill('CPDH de Casablanca');
    await form.getByLabel('Date de la décision').fill('2026-10-15');
    await form.getByLabel('Référence').fill('CPDH/2026/118');
    await choose(page, form, 'Décision', 'Approuvé');
    await form.getByLabel('Montant accordé (DH)').fill('28 190,14');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(project.getByText('Décision du comité enregistrée.')).toBeVisible();
    await expect(project.getByTestId('decision-badge')).toHaveText('Approuvé');
    await expect(page.getByTestId('case-timeline')).toContainText(
      '« Atelier de couture » : Approuvé par le comité (CPDH de Casablanca)',
    );

    // A line removed after the decision: the changed budget is pointed out.
    await project.getByRole('button', { name: 'Retirer l’équipement « Table de coupe »' }).click();
    await page
      .getByRole('dialog', { name: 'Retirer « Table de coupe » du budget ?' })
      .getByRole('button', { name: 'Retirer', exact: true })
      .click();
    await expect(project.getByTestId('equipment-row')).toHaveCount(1);
    await expect(project.getByTestId('decision-budget-changed')).toContainText(money('28.190,14 MAD approuvés'));
    await expect(project.getByTestId('funding-balance')).toHaveText(
      money('Les parts dépassent le budget de 3.500,00 MAD.'),
    );

    expect(await axeViolations(page)).toEqual([]);
    await section.screenshot({ path: screenshotPath('fr-income-project'), style: withoutFixedBars });

    await page.getByText('العربية').click();
    await expect(section.getByRole('heading', { name: 'المشاريع المدرة للدخل' })).toBeVisible();
    await expect(project.getByTestId('decision-badge')).toHaveText('موافق عليه');
    expect(await axeViolations(page)).toEqual([]);
    await section.screenshot({ path: screenshotPath('ar-income-project'), style: withoutFixedBars });
    await project.getByRole('button', { name: 'إضافة معدات' }).click();
    await page.getByRole('form', { name: 'معدات جديدة' }).getByRole('button', { name: 'إضافة المعدات' }).click();
    await expect(page.getByRole('form', { name: 'معدات جديدة' }).getByText('هذا الحقل إجباري.').first()).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await section.screenshot({ path: screenshotPath('ar-income-project-line-form'), style: withoutFixedBars });
  });
});
