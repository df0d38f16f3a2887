import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { BeneficiariesPage, frenchLabels, type Person } from './pages/BeneficiariesPage';
import { CaseFileScreen, registerAndOpen } from './pages/CaseFileScreen';
import { SignInPage } from './pages/SignInPage';
import { createActivatedUser } from './support/serverApi';

const youssef: Person = {
  lastName: 'Benali',
  firstName: 'Youssef',
  lastNameArabic: 'بنعلي',
  firstNameArabic: 'يوسف',
  sex: 'M',
  dateOfBirth: '1994-03-08',
  cin: 'BK 220011',
  prefecture: 'Casablanca',
};

test.describe('the parcours of a beneficiary', () => {
  test('takes a person from admission to a validated life project, refusing each move until its requirements are filled', async ({
    page,
    beneficiaries: screen,
  }) => {
    // A whole parcours, with its refusals, both languages and accessibility checks.
    test.setTimeout(120_000);
    const file = await registerAndOpen(screen, youssef);
    await expect(file.stage).toHaveText('Étape : Accueil');
    await expect(page.getByTestId('case-file-number')).toHaveText(/^[A-Z0-9]{1,12}-\d{4}-[0-9A-Z]{5}-0001$/);

    // Nothing filled yet: the move is refused and says what is missing, in the user's words.
    await expect(page.getByTestId('parcours-missing')).toContainText('consentement');
    await file.pressForward('Diagnostic et qualification');
    await expect(file.problem).toContainText('Impossible de passer à « Diagnostic et qualification »');
    await expect(file.problem).toContainText('date de libération');
    await expect(file.stage).toHaveText('Étape : Accueil');

    // Admission: an impossible release date is refused at its field, nothing saved.
    let form = await file.edit('Modifier l’accueil', 'Modification de l’accueil');
    await form.getByLabel('Date de libération').fill('2099-01-01');
    await form.getByLabel('Date du consentement').fill('2025-07-02');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByText('La date de libération ne peut pas être dans le futur.')).toBeVisible();
    await expect(
      form.getByText('Le consentement demande sa date, son objet et qui l’a recueilli.').first(),
    ).toBeVisible();
    await form.getByLabel('Date de libération').fill('2025-06-30');
    await form.getByLabel('Objet du consentement').fill('Accompagnement à la réinsertion');
    await form.getByLabel('Consentement recueilli par').fill('Amina El Idrissi');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Accueil enregistré.')).toBeVisible();
    await expect(page.getByTestId('parcours-next')).toContainText('Tout est prêt');
    await file.pressForward('Diagnostic et qualification');
    await expect(file.stage).toHaveText('Étape : Diagnostic et qualification');

    // Diagnostic: saved incomplete first (allowed), the move says it is incomplete.
    form = await file.edit('Modifier le diagnostic', 'Modification du diagnostic');
    await form.getByLabel('Parcours professionnel').fill('Aide-cuisinier pendant quatre ans avant la détention.');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Diagnostic enregistré.')).toBeVisible();
    await file.pressForward('Projet de vie');
    await expect(file.problem).toContainText('un diagnostic complet');
    form = await file.edit('Modifier le diagnostic', 'Modification du diagnostic');
    await form.getByLabel('Compétences').fill('Cuisine, hygiène alimentaire');
    await form.getByLabel('Contraintes').fill('Logement précaire');
    await form.getByLabel('Motivation').fill('Forte, soutenu par sa famille');
    await form.getByLabel('Adéquation avec le marché du travail régional').fill('Forte demande en restauration');
    await form.getByRole('radio', { name: 'Emploi salarié' }).check();
    await form.getByLabel('Date du diagnostic').fill('2025-08-10');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Diagnostic enregistré.')).toBeVisible();
    await file.pressForward('Projet de vie');
    await expect(file.stage).toHaveText('Étape : Projet de vie');
    // A salaried job skips the handover: *Remise* is struck out in the stages.
    await expect(page.getByRole('list', { name: 'Étapes du parcours' })).toContainText('Remise (sans objet)');

    // Life project: objectives and one action (deadline passed: overdue).
    form = await file.edit('Modifier le projet de vie', 'Modification du projet de vie');
    await form.getByLabel('Objectifs professionnels').fill('Trouver un emploi de cuisinier');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Projet de vie enregistré.')).toBeVisible();
    await page.getByRole('button', { name: 'Ajouter une action' }).click();
    form = file.form('Nouvelle action');
    await form.getByLabel('Description de l’action').fill('Inscription à l’ANAPEC');
    await form.getByLabel('Échéance').fill('2026-01-15');
    await form.getByLabel('Responsable (personne ou partenaire)').fill('ANAPEC Casablanca');
    await form.getByRole('button', { name: 'Enregistrer l’action' }).click();
    await expect(page.getByTestId('action-row')).toHaveCount(1);
    await expect(page.getByTestId('action-overdue')).toHaveText('En retard');
    await file.pressForward('Validation');
    await expect(file.stage).toHaveText('Étape : Validation');

    // Back needs a comment; then forward again.
    await page.getByRole('button', { name: 'Revenir à « Projet de vie »' }).click();
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(file.problem).toHaveText('Un commentaire est obligatoire pour ce changement.');
    await page.getByLabel('Commentaire').fill('Le comité demande de préciser l’objectif social');
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(file.stage).toHaveText('Étape : Projet de vie');
    await file.pressForward('Validation');

    // Validated: the file goes on to the implementation.
    await file.pressForward('Mise en œuvre');
    await expect(file.problem).toContainText('la validation du projet de vie');
    form = await file.edit('Modifier le projet de vie', 'Modification du projet de vie');
    await form.getByLabel('Date de validation').fill('2025-09-01');
    await form.getByLabel('Validé par (personne ou comité)').fill('Comité du CAPC');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Projet de vie enregistré.')).toBeVisible();
    await file.pressForward('Mise en œuvre');
    await expect(file.stage).toHaveText('Étape : Mise en œuvre');

    // The timeline tells it all, with who moved the file.
    const timeline = page.getByTestId('case-timeline');
    await expect(timeline).toContainText('Admission — dossier ouvert');
    await expect(timeline).toContainText('Passage de « Validation » à « Mise en œuvre »');
    await expect(timeline).toContainText('Retour de « Validation » à « Projet de vie »');
    await expect(timeline).toContainText('Le comité demande de préciser l’objectif social');
    await expect(timeline).toContainText('par Amina El Idrissi');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('fr-case-file'), fullPage: true });

    // Back in the list: found by stage and by overdue action, and by file number.
    await page.getByTestId('case-back').click();
    await page.getByRole('combobox', { name: 'Étape' }).click();
    await page.getByRole('option', { name: 'Mise en œuvre' }).click();
    await expect(page.getByTestId('beneficiary-filter-count')).toHaveText('1 dossier correspond aux filtres');
    await page.getByRole('checkbox', { name: 'Action en retard' }).check();
    await expect(screen.row('BENALI Youssef')).toHaveCount(1);
    await page.getByRole('button', { name: 'Effacer les filtres' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('fr-list-filters') });

    // In Arabic, the list and the same file, mirrored.
    await page.getByText('العربية').click();
    await page.getByRole('combobox', { name: 'المرحلة' }).click();
    await page.getByRole('option', { name: 'التنفيذ' }).click();
    await expect(page.getByTestId('beneficiary-filter-count')).toHaveText('ملف واحد مطابق لعوامل التصفية');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('ar-list-filters') });
    await page.getByRole('button', { name: 'BENALI Youssef' }).click();
    await expect(file.stage).toHaveText('المرحلة: التنفيذ');
    await expect(page.getByTestId('case-timeline')).toContainText('الانتقال من «المصادقة» إلى «التنفيذ»');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('ar-case-file'), fullPage: true });
    await page.getByRole('button', { name: 'تعديل التشخيص' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('ar-case-file-diagnostic-form'), fullPage: true });
  });

  test('closes a file with its reason and reopens it where it was', async ({ page, beneficiaries: screen }) => {
    const file = await registerAndOpen(screen, { ...youssef, firstName: 'Karim', cin: 'BK 220012' });
    await page.getByRole('button', { name: 'Clôturer le dossier' }).click();
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(file.problem).toHaveText('Choisissez le motif de clôture.');
    await page.getByRole('combobox', { name: 'Motif de clôture' }).click();
    await page.getByRole('option', { name: 'Transfert' }).click();
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(file.problem).toHaveText('Un commentaire est obligatoire pour ce changement.');
    await page.getByLabel('Centre ou organisme de destination').fill('CAPC de Fès');
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(file.stage).toHaveText('Étape : Clôturé');
    await expect(page.getByTestId('parcours-panel')).toContainText('Dossier clôturé (Transfert).');

    await page.getByRole('button', { name: 'Rouvrir le dossier à « Accueil »' }).click();
    await page.getByLabel('Commentaire').fill('Transfert annulé');
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(file.stage).toHaveText('Étape : Accueil');
    await expect(page.getByTestId('case-timeline')).toContainText('Clôture (Transfert)');
    await expect(page.getByTestId('case-timeline')).toContainText('Réouverture à « Accueil »');
  });
});

test.describe('correcting an identity', () => {
  test('saves only what changed, warns of a duplicate the new CIN creates, and keeps the decision', async ({
    page,
    beneficiaries: screen,
  }) => {
    await screen.openForm();
    await screen.fill({
      ...youssef,
      firstName: 'Nadia',
      sex: 'F',
      cin: 'BK 330001',
      lastNameArabic: '',
      firstNameArabic: '',
    });
    await screen.save();
    await expect(screen.form).toBeHidden();
    await registerAndOpen(screen, { ...youssef, firstName: 'Omar', cin: 'BK 330002' });

    await page.getByRole('button', { name: 'Modifier l’identité' }).click();
    const form = page.getByRole('form', { name: 'Modifier l’identité et les coordonnées' });
    await expect(form.getByLabel(/^Prénom/).first()).toHaveValue('Omar');
    await form.getByLabel(/^CIN/).fill('bk330001');
    await form.getByLabel(/^Numéro national/).fill('12345');
    await form.getByLabel(/^Date de naissance/).fill('2030-01-01');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByText('La date ne peut pas être dans le futur.')).toBeVisible();
    await expect(form.getByText('Le numéro national compte exactement 10 chiffres.')).toBeVisible();
    await form.getByLabel(/^Numéro national/).fill('12345 67890');
    await form.getByLabel(/^Date de naissance/).fill('1994-03-08');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    // The new CIN is Nadia's: the counsellor must decide before the change is saved.
    await expect(page.getByTestId('duplicate-candidate')).toHaveCount(1);
    await expect(page.getByTestId('duplicate-candidate')).toContainText('Nadia');
    await page.getByTestId('duplicate-candidate').getByRole('radio', { name: 'C’est une autre personne' }).check();
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form).toBeHidden();
    await expect(page.getByText('Identité et coordonnées enregistrées.')).toBeVisible();
    await expect(page.getByTestId('case-file')).toContainText('BK330001');
    await expect(page.getByTestId('case-file')).toContainText('1234567890');
    await expect(page.getByTestId('case-timeline')).toContainText(
      'Doublon possible examiné : C’est une autre personne',
    );

    // Saved once decided: editing again does not ask about the same pair.
    await page.getByRole('button', { name: 'Modifier l’identité' }).click();
    await form.getByLabel('Quartier, rue, numéro').fill('12, rue Ibn Battouta');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('case-file')).toContainText('12, rue Ibn Battouta');
  });
});

test.describe('restricted detention data', () => {
  test('a counsellor records detention data with its date rules; a regional coordinator never sees the section', async ({
    page,
    request,
    beneficiaries: screen,
  }) => {
    await registerAndOpen(screen, { ...youssef, firstName: 'Hamid', cin: 'BK 220013' });
    const file = new CaseFileScreen(page);
    let form = await file.edit('Modifier l’accueil', 'Modification de l’accueil');
    await form.getByLabel('Date de libération').fill('2025-06-30');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Accueil enregistré.')).toBeVisible();

    await expect(page.getByTestId('section-detention')).toContainText('accès restreint');
    form = await file.edit('Modifier les données de détention', 'Modification des données de détention');
    await form.getByLabel('Établissement pénitentiaire').fill('Prison locale Oukacha');
    await form.getByLabel('Date d’incarcération').fill('2025-09-01');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(form.getByText('L’incarcération doit précéder la libération.')).toBeVisible();
    await form.getByLabel('Date d’incarcération').fill('2022-01-10');
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Données de détention enregistrées.')).toBeVisible();
    await expect(page.getByTestId('section-detention')).toContainText('Prison locale Oukacha');

    // Another user, a regional coordinator, on this PC: no detention section on their files.
    const regional = await createActivatedUser(request, 'coordinateur_regional', 'Rachid Tazi');
    await page.getByRole('button', { name: 'Compte de Amina El Idrissi' }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await new SignInPage(page).signIn(regional.username, regional.password);
    const theirs = new BeneficiariesPage(page, frenchLabels);
    await theirs.expectShown();
    await registerAndOpen(theirs, { ...youssef, firstName: 'Said', cin: 'BK 220014' });
    await expect(page.getByTestId('section-admission')).toBeVisible();
    await expect(page.getByTestId('section-detention')).toHaveCount(0);
    await expect(page.getByText('Détention — données restreintes')).toHaveCount(0);
  });
});
