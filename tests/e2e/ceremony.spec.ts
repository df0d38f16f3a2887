/**
 * A handover ceremony end to end, as in the Casablanca communiqué: 32 beneficiaries whose
 * equipment adds up to exactly 1 121 215,07 DH. Their approved projects are put in the local
 * database as a first sync would leave them; the ceremony, its list, the signatures and the
 * printing go through the screens. The printed documents are taken where the browser host hands
 * them to the print dialog, rendered to PDF by Chromium (page.pdf) and read back with pdftotext.
 */
import { test, expect, screenshotPath, withoutFixedBars } from './fixtures';
import { axeViolations } from './pages/accessibility';
import type { Person } from './pages/BeneficiariesPage';
import { SignInPage } from './pages/SignInPage';
import { catchPrintedDocuments, drawSignature, pdfText, printedDocuments } from './support/printed';
import { putInUserStore, readUserStore } from './support/userDatabase';

const target = 112_121_507;

const first: Person = {
  lastName: 'Tazi',
  firstName: 'Rachid',
  lastNameArabic: 'التازي',
  firstNameArabic: 'رشيد',
  sex: 'M',
  dateOfBirth: '1985-05-20',
  cin: 'BH 112233',
  prefecture: 'Casablanca',
};

const sectors = ['restauration', 'artisanat', 'services', 'commerce', 'agricultureElevage', 'btp'] as const;
const places = ['CS-CASABLANCA', 'CS-MOHAMMEDIA', 'CS-NOUACEUR'] as const;
const names = [
  ['Benali', 'Youssef', 'بنعلي', 'يوسف', 'M'],
  ['Alaoui', 'Fatima', 'العلوي', 'فاطمة', 'F'],
  ['Idrissi', 'Khadija', 'الإدريسي', 'خديجة', 'F'],
  ['Berrada', 'Omar', 'برادة', 'عمر', 'M'],
  ['Chraibi', 'Nadia', 'الشرايبي', 'نادية', 'F'],
  ['Ouazzani', 'Hamid', 'الوزاني', 'حميد', 'M'],
  ['Fassi', 'Said', 'الفاسي', 'سعيد', 'M'],
  ['Kettani', 'Salma', 'الكتاني', 'سلمى', 'F'],
] as const;

/** A v7-shaped UUID, stable per (kind, index). */
const uuid = (kind: number, index: number) =>
  `0190a8d4-1c2e-7a3b-9c4d-${kind.toString(16).padStart(4, '0')}${index.toString(16).padStart(8, '0')}`;

type Row = Record<string, unknown>;

/** The 32 people (the first is the one made through the form), their approved projects, lines and shares. */
function world(template: Row, at: string) {
  const beneficiaries: Row[] = [];
  const projects: Row[] = [];
  const lines: Row[] = [];
  const shares: Row[] = [];
  let total = 0;
  for (let index = 0; index < 32; index++) {
    const [last, given, lastAr, givenAr, sex] = names[index % names.length] ?? names[0];
    const id = index === 0 ? String(template.id) : uuid(1, index);
    if (index > 0)
      beneficiaries.push({
        ...template,
        id,
        lastNameLatin: `${last}${index > 7 ? ` ${String(index)}` : ''}`,
        firstNameLatin: given,
        lastNameArabic: lastAr,
        firstNameArabic: givenAr,
        sex,
        cin: `BK${String(300_000 + index)}`,
        phone: '',
        prefectureCode: places[index % places.length],
        districtCode: '',
        arrondissementCode: '',
        fileNumber: `CASA-2026-E2E00-${String(index).padStart(4, '0')}`,
        // As a first sync would bring them: files ready for a ceremony.
        stage: 'remise',
        createdAt: at,
        updatedAt: at,
      });
    const projectId = uuid(2, index);
    // Values of a few tens of thousands of dirhams; the last line makes the total exact.
    const items: [string, number, number][] =
      index < 31
        ? [
            ['Équipement principal', 1, 2_500_000 + index * 37_113],
            ['Petit matériel', 2 + (index % 3), 45_075 + index * 1_001],
          ]
        : [['Équipement principal', 1, 0]];
    if (index === 31) {
      const remainder = target - total;
      items[0] = ['Équipement principal', 1, remainder];
    }
    let budget = 0;
    items.forEach(([designation, quantity, unitPriceCentimes], position) => {
      budget += quantity * unitPriceCentimes;
      lines.push({
        id: uuid(3, index * 10 + position),
        centreId: template.centreId,
        beneficiaryId: id,
        projectId,
        designation,
        quantity,
        unitPriceCentimes,
        supplier: 'Fournisseur agréé',
        serialNumber: '',
        handoverStatus: 'prevu',
        handoverNote: '',
        createdAt: `${at.slice(0, 20)}${String(position).padStart(3, '0')}Z`,
        updatedAt: at,
      });
    });
    total += budget;
    projects.push({
      id: projectId,
      centreId: template.centreId,
      beneficiaryId: id,
      title: `Projet ${sectors[index % sectors.length]} ${String(index + 1)}`,
      sector: sectors[index % sectors.length],
      sectorOther: '',
      activity: '',
      place: '',
      marketJustification: '',
      committee: 'CPDH de Casablanca',
      decisionDate: '2026-10-15',
      decisionReference: `CPDH/2026/${String(100 + index)}`,
      decision: 'approuve',
      amountGrantedCentimes: budget,
      approvedTotalCentimes: budget,
      createdAt: at,
      updatedAt: at,
    });
    shares.push({
      id: uuid(4, index),
      centreId: template.centreId,
      beneficiaryId: id,
      projectId,
      funder: index % 2 === 0 ? 'fondation' : 'indh',
      partnerName: '',
      amountCentimes: budget,
      createdAt: at,
      updatedAt: at,
    });
  }
  if (total !== target) throw new Error(`the world adds up to ${String(total)}`);
  // The one typed through the form joins them at *remise* (the parcours has its own tests).
  beneficiaries.push({ ...template, stage: 'remise' });
  return { beneficiaries, projects, lines, shares };
}

const squeeze = (text: string) => text.replace(/\s+/g, '');

test.describe('a handover ceremony', () => {
  test('32 beneficiaries, 1 121 215,07 DH to the centime on screen and in the printed summary; a PV signed, printed, corrected', async ({
    page,
    signedIn,
    beneficiaries: screen,
  }) => {
    test.setTimeout(240_000);
    // One person through the form (it gives the centre and a real row's shape), 31 as a sync would.
    await screen.openForm();
    await screen.fill(first);
    await screen.save();
    await expect(screen.form).toBeHidden();
    const [template] = await readUserStore<Row>(page, 'beneficiaries', signedIn.password);
    if (!template) throw new Error('no beneficiary');
    const rows = world(template, new Date().toISOString());
    await putInUserStore(page, 'beneficiaries', rows.beneficiaries);
    await putInUserStore(page, 'incomeProjects', rows.projects);
    await putInUserStore(page, 'equipmentLines', rows.lines);
    await putInUserStore(page, 'fundingShares', rows.shares);
    await page.reload();
    await new SignInPage(page).signIn(signedIn.username, signedIn.password);
    await expect(screen.count).toHaveText('32 bénéficiaires');

    // The ceremony, through its form (a place is required).
    await page.getByRole('tab', { name: 'Cérémonies de remise' }).click();
    await expect(page.getByTestId('ceremonies-empty')).toBeVisible();
    await page.getByRole('button', { name: 'Nouvelle cérémonie' }).click();
    const form = page.getByRole('form', { name: 'Nouvelle cérémonie de remise' });
    await form.getByLabel('Date').fill('2026-11-20');
    await form.getByRole('button', { name: 'Créer la cérémonie' }).click();
    await expect(form.getByText('Ce champ est obligatoire.')).toBeVisible();
    await form
      .getByRole('textbox', { name: /^Lieu/ })
      .fill('Siège de la préfecture d’arrondissements Al Fida-Mers Sultan');
    await form.getByLabel('Présidée par').fill('M. le Gouverneur de la préfecture d’arrondissements');
    await form.getByLabel('Partenaires présents').fill('INDH, Fondation Mohammed VI pour la Réinsertion des Détenus');
    await form.getByRole('button', { name: 'Créer la cérémonie' }).click();
    await expect(page.getByText('Cérémonie du 20 novembre 2026 créée.')).toBeVisible();
    await page.getByRole('button', { name: /^Ouvrir la cérémonie du 20 novembre 2026/ }).click();
    await expect(page.getByRole('heading', { name: 'Cérémonie du 20 novembre 2026' })).toBeVisible();

    // Every approved project of the centre is offered with its value; all 32 are added at once.
    await page.getByRole('button', { name: 'Ajouter des projets approuvés' }).click();
    const candidates = page.getByTestId('ceremony-candidates');
    await expect(candidates.getByTestId('candidate')).toHaveCount(32);
    await expect(
      candidates.getByTestId('candidate').filter({ hasText: 'TAZI Rachid' }).getByTestId('candidate-value'),
    ).toHaveText(/^\d{1,3}(\.\d{3})*,\d{2}$/);
    await candidates.getByRole('checkbox', { name: 'Tout sélectionner' }).check();
    await expect(candidates.getByTestId('candidates-chosen-total')).toHaveText(
      /^Valeur des projets sélectionnés : 1\.121\.215,07\s?MAD$/,
    );
    await candidates.getByRole('button', { name: 'Ajouter 32 projets' }).click();
    await expect(page.getByText('32 projets ajoutés à la liste.')).toBeVisible();
    await expect(page.getByTestId('ceremony-line')).toHaveCount(32);

    // The summary, in the communiqués' terms: 32 people, the total to the centime, in words.
    const summary = page.getByTestId('ceremony-summary');
    const women = rows.beneficiaries.filter((row) => row.sex === 'F').length;
    await expect(summary.getByTestId('summary-beneficiaries')).toHaveText(
      `32 bénéficiaires (${String(women)} femmes, ${String(32 - women)} hommes)`,
    );
    await expect(summary.getByTestId('summary-total')).toHaveText(/^1\.121\.215,07\s?MAD$/);
    await expect(summary.getByTestId('summary-words')).toHaveText(
      'Soit un million cent vingt et un mille deux cent quinze dirhams et sept centimes.',
    );
    await expect(summary.getByTestId('summary-by-sector').getByRole('row')).toHaveCount(7);

    // Signing Rachid's PV: refused without each item's status and without signatures, then signed on screen.
    const rachid = page.getByTestId('ceremony-line').filter({ hasText: 'TAZI Rachid' });
    await rachid.getByRole('button', { name: 'Faire signer le PV de TAZI Rachid' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Enregistrer le PV signé' }).click();
    await expect(dialog.getByText('Choisissez : remis, manquant ou remplacé.')).toHaveCount(2);
    await dialog.getByRole('button', { name: 'Tout remis' }).click();
    await expect(dialog.getByText('Choisissez : remis, manquant ou remplacé.')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Enregistrer le PV signé' }).click();
    await expect(dialog.getByText('La signature du bénéficiaire manque.')).toBeVisible();
    await expect(dialog.getByText('La signature du conseiller ou de la conseillère manque.')).toBeVisible();
    await drawSignature(page, dialog.getByTestId('beneficiary-signature'));
    await drawSignature(page, dialog.getByTestId('counsellor-signature'));
    await expect(dialog.getByText('La signature du bénéficiaire manque.')).toBeHidden();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.screenshot({ path: screenshotPath('fr-ceremony-sign') });
    await dialog.getByRole('button', { name: 'Enregistrer le PV signé' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('PV de TAZI Rachid signé.')).toBeVisible();
    await expect(rachid.getByTestId('receipt-signed')).toBeVisible();
    // Signed: no second signature, no withdrawal.
    await expect(rachid.getByRole('button', { name: 'Faire signer le PV de TAZI Rachid' })).toHaveCount(0);
    await expect(rachid.getByRole('button', { name: 'Retirer TAZI Rachid de la liste' })).toHaveCount(0);

    // Printing: the PV and the summary as the print dialog receives them.
    await catchPrintedDocuments(page);
    await rachid.getByRole('button', { name: 'Imprimer le PV de TAZI Rachid' }).click();
    await page.getByRole('menuitem', { name: 'Enregistrer en PDF…' }).click();
    await expect(page.getByText('Impression préparée.')).toBeVisible();
    await summary.getByRole('button', { name: 'Imprimer le récapitulatif' }).click();
    await page.getByRole('menuitem', { name: 'Imprimer…' }).click();
    await expect.poll(async () => (await printedDocuments(page)).length).toBe(2);
    const [pvHtml, summaryHtml] = await printedDocuments(page);
    // Every signed PV at once (one here).
    await page.getByRole('button', { name: 'Imprimer tous les PV signés' }).click();
    await page.getByRole('menuitem', { name: 'Enregistrer en PDF…' }).click();
    await expect.poll(async () => (await printedDocuments(page)).length).toBe(3);

    const pv = await pdfText(page, pvHtml ?? '', 'pv-ceremony-fr-ar');
    expect(pv).toContain('TAZI Rachid');
    expect(pv).toContain('BH112233');
    expect(pv).toContain('Équipement principal');
    expect(squeeze(pv)).toContain(squeeze('رشيد التازي'));
    const summaryText = await pdfText(page, summaryHtml ?? '', 'summary-ceremony-fr');
    expect(summaryText).toContain('1.121.215,07');
    expect(squeeze(summaryText)).toContain(
      squeeze('un million cent vingt et un mille deux cent quinze dirhams et sept centimes'),
    );
    expect(summaryText).toMatch(/32\s+bénéficiaires/);

    // A correction is a new version; the first is kept. The item found missing is corrected in it.
    await rachid.getByRole('button', { name: 'Équipements de TAZI Rachid' }).click();
    await expect(
      page.getByTestId('ceremony-items').getByRole('row').filter({ hasText: 'Petit matériel' }),
    ).toContainText('Remis');
    await rachid.getByRole('button', { name: 'Corriger le PV de TAZI Rachid' }).click();
    await dialog.getByRole('combobox', { name: 'Remise de « Petit matériel »' }).click();
    await page.getByRole('option', { name: 'Manquant' }).click();
    await dialog.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await expect(dialog.getByText('Précisez par quoi il est remplacé, ou pourquoi il manque.')).toBeVisible();
    await dialog
      .getByRole('textbox', { name: 'Précision pour « Petit matériel »' })
      .fill('Non livré par le fournisseur');
    await drawSignature(page, dialog.getByTestId('beneficiary-signature'));
    await drawSignature(page, dialog.getByTestId('counsellor-signature'));
    await dialog.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await expect(dialog.getByText('Ce champ est obligatoire.')).toBeVisible();
    await dialog.getByLabel('Motif de la correction').fill('Petit matériel non livré le jour de la cérémonie');
    await dialog.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await expect(page.getByText('PV de TAZI Rachid corrigé (version 2).')).toBeVisible();
    const receipts = await readUserStore<{ version: number; supersedesId: string }>(
      page,
      'handoverReceipts',
      signedIn.password,
    );
    expect(receipts.map((receipt) => receipt.version).sort()).toEqual([1, 2]);
    // The missing item leaves the total: the summary says so to the centime.
    await expect(summary.getByTestId('summary-total')).not.toHaveText(/^1\.121\.215,07/);

    expect(await axeViolations(page)).toEqual([]);
    await page
      .getByTestId('ceremony-page')
      .screenshot({ path: screenshotPath('fr-ceremony'), style: withoutFixedBars });

    // In Arabic: the same ceremony, mirrored, and its summary printed in Arabic.
    await page.getByText('العربية').click();
    await expect(page.getByRole('heading', { name: /^حفل / })).toBeVisible();
    // 11–99 take the accusative singular (16 women and 16 men: the French line above says so).
    expect(women).toBe(16);
    await expect(summary.getByTestId('summary-beneficiaries')).toHaveText('32 مستفيدًا (16 امرأة، 16 رجلًا)');
    // Messages already on screen follow the language.
    await expect(page.getByText('تم تصحيح محضر رشيد التازي (النسخة 2).')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
    await page
      .getByTestId('ceremony-page')
      .screenshot({ path: screenshotPath('ar-ceremony'), style: withoutFixedBars });
    await summary.getByRole('button', { name: 'طباعة الحصيلة' }).click();
    await page.getByRole('menuitem', { name: 'طباعة…' }).click();
    await expect.poll(async () => (await printedDocuments(page)).length).toBe(4);
    const arabicSummary = await pdfText(page, (await printedDocuments(page))[3] ?? '', 'summary-ceremony-ar');
    expect(squeeze(arabicSummary)).toContain(squeeze('لفائدة 32 مستفيدا'));
    expect(squeeze(arabicSummary)).toContain(squeeze('درهما'));

    // Back in French: the list of ceremonies, and the handover on the beneficiary's own file.
    await page.getByText('Français').click();
    await page.getByRole('button', { name: 'Retour aux cérémonies' }).click();
    await expect(page.getByTestId('ceremony-row')).toContainText(['20 novembre 2026']);
    await expect(page.getByTestId('ceremony-row')).toContainText(['32']);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Bénéficiaires' }).click();
    await page.getByRole('searchbox', { name: 'Rechercher' }).fill('tazi');
    await page.getByRole('button', { name: 'TAZI Rachid' }).click();
    await expect(page.getByTestId('agr-handover')).toContainText('procès-verbal signé le');
    await expect(page.getByTestId('agr-handover')).toContainText('(version 2)');
    await expect(page.getByTestId('case-timeline')).toContainText(
      'Procès-verbal de remise de « Projet restauration 1 » corrigé (version 2)',
    );
    await expect(page.getByTestId('section-agr').getByText('Manquant')).toBeVisible();
  });
});
