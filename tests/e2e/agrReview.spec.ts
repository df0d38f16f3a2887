/**
 * Two honest people, each offline, whose edits break a rule only together: the coordinator
 * approves a project on the budget she has, while the counsellor adds an equipment line and its
 * funding. The server keeps neither broken state nor silence: the approval is put back for review,
 * and *À vérifier* on the coordinator's PC shows her decision against Masar's, field by field, with
 * the person's name and the forms' own labels and values, in French and in Arabic. She keeps
 * Masar's version, approves again on the budget as it now is, and both PCs agree.
 */
import type { Page } from '@playwright/test';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { CaseFileScreen } from './pages/CaseFileScreen';
import { SyncScreens, arabicSyncLabels } from './pages/SyncScreens';
import { openPc } from './support/otherPc';
import { createUserOfCentre } from './support/serverApi';

const rachida = {
  lastName: 'Bennani',
  firstName: 'Rachida',
  lastNameArabic: 'بناني',
  firstNameArabic: 'رشيدة',
  sex: 'F' as const,
  dateOfBirth: '1987-02-14',
  cin: 'BJ 445566',
  prefecture: 'Casablanca',
};
const title = 'Snack de quartier';

async function openFile(page: Page): Promise<CaseFileScreen> {
  await page.getByRole('tab', { name: 'Bénéficiaires' }).click();
  const back = page.getByRole('button', { name: 'Retour à la liste' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('button', { name: 'BENNANI Rachida' }).click();
  await expect(page.getByTestId('case-file')).toBeVisible();
  return new CaseFileScreen(page);
}

const projectOf = (page: Page) =>
  page.getByTestId('agr-project').filter({ has: page.getByRole('heading', { name: `Projet : ${title}` }) });

test.describe('a decision broken by a colleague’s offline change', () => {
  test('is put back for review by Masar, shown whole in both languages, and decided again', async ({
    page,
    browser,
    request,
    signedIn,
    beneficiaries: screen,
  }) => {
    test.setTimeout(300_000);
    const counsellorSync = new SyncScreens(page);

    // The counsellor prepares the file up to *validation*: one line of 3 000 DH, funded.
    await screen.openForm();
    await screen.fill(rachida);
    await screen.save();
    let file = await openFile(page);
    await file.addProject(
      title,
      'Restauration',
      [{ designation: 'Four professionnel', quantity: '1', unitPrice: '3 000' }],
      {
        funder: 'Fondation Mohammed VI',
        amount: '3 000',
      },
    );
    await file.walkToValidation();
    await counsellorSync.syncNow();

    // The coordinator receives it and approves on her PC, offline for now.
    const coordinator = await createUserOfCentre(request, signedIn.centreId, 'coordinateur_centre', 'Chaima Benali');
    const errors: string[] = [];
    const other = await openPc(browser, coordinator, errors);
    const coordinatorSync = new SyncScreens(other);
    await coordinatorSync.syncNow();
    const coordinatorFile = await openFile(other);
    await coordinatorFile.approve(projectOf(other), title, '3 000');

    // Meanwhile the counsellor adds a fryer and the person's own contribution for it, and syncs.
    file = await openFile(page);
    const project = projectOf(page);
    await project.getByRole('button', { name: 'Ajouter un équipement' }).click();
    let form = page.getByRole('form', { name: 'Nouvel équipement' });
    await form.getByLabel('Désignation').fill('Friteuse');
    await form.getByLabel('Quantité').fill('1');
    await form.getByLabel('Prix unitaire (DH)').fill('500');
    await form.getByRole('button', { name: 'Ajouter l’équipement' }).click();
    await expect(project.getByTestId('equipment-row')).toHaveCount(2);
    await project.getByRole('button', { name: 'Ajouter une part' }).click();
    form = page.getByRole('form', { name: 'Nouvelle part de financement' });
    await form.getByRole('combobox', { name: 'Financeur' }).click();
    await page.getByRole('option', { name: 'Apport personnel' }).click();
    await form.getByLabel('Montant (DH)').fill('500');
    await form.getByRole('button', { name: 'Ajouter la part' }).click();
    await expect(project.getByTestId('funding-balance')).toHaveText('Les parts couvrent exactement le budget.');
    await counsellorSync.syncNow();

    // The coordinator syncs: her approval no longer covers the budget; Masar put it back for review.
    await coordinatorSync.syncNow();
    await expect(coordinatorSync.conflictsLink).toHaveText('6 à vérifier');
    await coordinatorSync.conflictsLink.click();
    const decisionCard = other.locator('[data-testid="conflict"][data-field="decision"]');
    await expect(decisionCard.getByRole('heading')).toHaveText('Bennani Rachida — Snack de quartier');
    await expect(decisionCard).toContainText('Projet générateur de revenus · Information : Décision');
    await expect(decisionCard.locator('[data-role="mine"]')).toContainText('Approuvé');
    await expect(decisionCard.locator('[data-role="theirs"]')).toContainText('(vide)');
    await expect(decisionCard.locator('[data-role="theirs"]')).toContainText('Par Masar');
    await expect(decisionCard.getByTestId('conflict-by-masar')).toContainText('Masar a remis la valeur d’avant');
    // No third value for a choice: keep one side, then decide again in the form.
    await expect(decisionCard.getByRole('button', { name: 'Modifier' })).toHaveCount(0);
    const granted = other.locator('[data-testid="conflict"][data-field="amountGrantedCentimes"]');
    await expect(granted).toContainText('Montant accordé (DH)');
    await expect(granted.locator('[data-role="mine"]')).toContainText(/^.*3\.000,00\s?MAD/);
    await expect(decisionCard).toHaveCount(1);
    expect(await axeViolations(other)).toEqual([]);
    await other.screenshot({ path: screenshotPath('fr-agr-review-by-masar'), fullPage: true });

    // The same in Arabic.
    await other.getByText('العربية').click();
    const arabicSync = new SyncScreens(other, arabicSyncLabels);
    await arabicSync.openSection('review');
    await expect(decisionCard).toContainText('مشروع مدر للدخل');
    await expect(decisionCard.locator('[data-role="mine"]')).toContainText('موافق عليه');
    await expect(decisionCard.locator('[data-role="theirs"]')).toContainText('بواسطة مسار');
    expect(await axeViolations(other)).toEqual([]);
    await other.screenshot({ path: screenshotPath('ar-agr-review-by-masar'), fullPage: true });
    await other.getByText('Français').click();

    // She keeps Masar's version of each field; the project has no decision again.
    await coordinatorSync.openSection('review');
    // One card at a time: a card leaves the list once its choice is saved.
    for (let left = await coordinatorSync.conflicts.count(); left > 0; left--) {
      await coordinatorSync.conflicts.first().getByRole('button', { name: 'Garder l’autre version' }).click();
      await expect(coordinatorSync.conflicts).toHaveCount(left - 1);
    }
    await expect(other.getByTestId('conflicts-empty')).toHaveText('Rien à vérifier.');
    await openFile(other);
    await expect(projectOf(other).getByTestId('decision-badge')).toHaveCount(0);

    // She approves the budget as it is now (3 500 DH); both PCs agree.
    await coordinatorFile.approve(projectOf(other), title, '3 500');
    await coordinatorSync.syncNow();
    await expect(coordinatorSync.conflictsLink).toHaveCount(0);
    await counsellorSync.syncNow();
    await openFile(page);
    await expect(projectOf(page).getByTestId('decision-badge')).toHaveText('Approuvé');
    await expect(counsellorSync.conflictsLink).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});
