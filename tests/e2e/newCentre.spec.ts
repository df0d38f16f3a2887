/**
 * A new centre's first handover ceremony as its counsellor and its coordinator live it, through
 * the screens only. On the counsellor's fresh PC, before any sync: three people registered (file
 * numbers with the centre's code), the ceremony opened and its sheet printed (the centre's name in
 * the header). Through the parcours to *validation*, where the counsellor sees the committee's
 * decision is the coordination's; synced. On the coordinator's PC: the three approvals; synced.
 * Back on the counsellor's PC: the files moved on, listed (the one not ready waits, and says why),
 * two PVs signed with each item's status; synced. On the coordinator's PC: the ceremony held — the
 * two files move on to *suivi* by the coordinator, the missing PV is listed —, summary and PV
 * printed; synced; and the counsellor's PC receives it all: stages, statuses, totals, read-only
 * projects, in French and Arabic. Nothing is written into the database behind the screens.
 */
import type { Page } from '@playwright/test';
import { fileNumberPrefix } from '../../shared/beneficiary/fileNumber';
import { test, expect, screenshotPath, withoutFixedBars } from './fixtures';
import { axeViolations } from './pages/accessibility';
import type { Person as Registered } from './pages/BeneficiariesPage';
import { CaseFileScreen, type EquipmentInput } from './pages/CaseFileScreen';
import { SyncScreens } from './pages/SyncScreens';
import { openPc } from './support/otherPc';
import { catchPrintedDocuments, drawSignature, nextPrintedText } from './support/printed';
import { callServer, createUserOfCentre, e2eAdmin, signInApi } from './support/serverApi';

const district = 'Aïn Sebaâ-Hay Mohammadi';

type Beneficiary = Registered & {
  listName: string;
  project: { title: string; sector: string; lines: EquipmentInput[]; total: string };
};

const rachida: Beneficiary = {
  lastName: 'Bennani',
  firstName: 'Rachida',
  lastNameArabic: 'بناني',
  firstNameArabic: 'رشيدة',
  sex: 'F',
  dateOfBirth: '1987-02-14',
  cin: 'BJ 445566',
  prefecture: 'Casablanca',
  district,
  listName: 'BENNANI Rachida',
  project: {
    title: 'Snack de quartier',
    sector: 'Restauration',
    lines: [
      { designation: 'Four professionnel', quantity: '1', unitPrice: '18 500' },
      { designation: 'Réfrigérateur', quantity: '1', unitPrice: '7 250,50' },
    ],
    total: '25 750,50',
  },
};
const youssef: Beneficiary = {
  lastName: 'Amrani',
  firstName: 'Youssef',
  lastNameArabic: 'العمراني',
  firstNameArabic: 'يوسف',
  sex: 'M',
  dateOfBirth: '1990-07-01',
  cin: 'BK 778899',
  prefecture: 'Casablanca',
  district,
  listName: 'AMRANI Youssef',
  project: {
    title: 'Atelier de menuiserie',
    sector: 'Artisanat',
    lines: [
      { designation: 'Scie circulaire', quantity: '1', unitPrice: '9 800' },
      { designation: 'Établi', quantity: '2', unitPrice: '2 150,25' },
    ],
    total: '14 100,50',
  },
};
const omar: Beneficiary = {
  lastName: 'Ziani',
  firstName: 'Omar',
  lastNameArabic: 'الزياني',
  firstNameArabic: 'عمر',
  sex: 'M',
  dateOfBirth: '1985-03-03',
  cin: 'BH 102030',
  prefecture: 'Mohammedia',
  listName: 'ZIANI Omar',
  project: {
    title: 'Épicerie de quartier',
    sector: 'Commerce',
    lines: [{ designation: 'Présentoirs', quantity: '3', unitPrice: '1 200' }],
    total: '3 600',
  },
};

/** Amounts as Chromium formats them (fr-MA): thin or no-break spaces are read as any space. */
const money = (text: string) => new RegExp(`^${text.replace(/\./g, '\\.').replace(/ /g, '\\s?')}$`);
const squeeze = (text: string) => text.replace(/\s+/g, '');

/** The centre of the counsellor, as the administrator made it. */
async function centreOf(request: Parameters<typeof signInApi>[0], centreId: string) {
  const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
  const { centres } = await callServer(request, 'listCentres', { credentials: admin });
  const centre = centres.find((candidate) => candidate.id === centreId);
  if (!centre) throw new Error('no centre');
  return centre;
}

async function openFile(page: Page, listName: string): Promise<CaseFileScreen> {
  await page.getByRole('tab', { name: 'Bénéficiaires' }).click();
  // The tab keeps the file last opened there: back to the list first.
  const back = page.getByRole('button', { name: 'Retour à la liste' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('button', { name: listName }).click();
  await expect(page.getByTestId('case-file')).toBeVisible();
  return new CaseFileScreen(page);
}

async function openCeremony(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('tab', { name: 'Cérémonies de remise' }).click();
  await page.getByRole('button', { name }).click();
  await expect(page.getByTestId('ceremony-page')).toBeVisible();
}

test.describe('a new centre’s first ceremony', () => {
  test('from registration on a PC that never synced to a ceremony held by the coordinator, the same on both PCs', async ({
    page,
    browser,
    request,
    signedIn,
    beneficiaries: screen,
  }) => {
    test.setTimeout(600_000);
    const centre = await centreOf(request, signedIn.centreId);
    const prefix = fileNumberPrefix(centre.code);
    expect(prefix).not.toBe('CAPC');
    const counsellorSync = new SyncScreens(page);

    // 1. Three people registered before any sync: their numbers carry the centre's code.
    const numbers = new Map<string, string>();
    for (const [index, person] of [rachida, youssef, omar].entries()) {
      await screen.openForm();
      await screen.fill(person);
      await screen.save();
      await expect(screen.form).toBeHidden();
      await page.getByRole('button', { name: person.listName }).click();
      const number = page.getByTestId('case-file-number');
      await expect(number).toHaveText(new RegExp(`^${prefix}-\\d{4}-[0-9A-Z]{5}-000${String(index + 1)}$`));
      numbers.set(person.listName, (await number.textContent()) ?? '');
      if (person.district !== undefined) await expect(page.getByTestId('case-district')).toContainText(district);
      await page.getByRole('button', { name: 'Retour à la liste' }).click();
    }

    // 2. The ceremony opened before any sync: its préfecture list starts with the centre's region,
    // and its sheet, printed now, carries the centre's name.
    await page.getByRole('tab', { name: 'Cérémonies de remise' }).click();
    await page.getByRole('button', { name: 'Nouvelle cérémonie' }).click();
    const form = page.getByRole('form', { name: 'Nouvelle cérémonie de remise' });
    await form.getByLabel('Date').fill('2026-11-27');
    await form.getByRole('textbox', { name: /^Lieu/ }).fill(`Siège de la préfecture d’arrondissements ${district}`);
    await form.getByRole('combobox', { name: 'Préfecture / province' }).click();
    await expect(page.getByRole('option').first()).toHaveText('Casablanca');
    await page.getByRole('option', { name: 'Casablanca', exact: true }).click();
    await form.getByLabel('Présidée par').fill('Le Secrétaire général de la préfecture d’arrondissements');
    await form.getByRole('button', { name: 'Créer la cérémonie' }).click();
    const ceremonyName = /^Ouvrir la cérémonie du 27 novembre 2026/;
    await openCeremony(page, ceremonyName);
    // Holding it is the coordination's: the counsellor is told so.
    await expect(page.getByTestId('hold-by-coordination')).toBeVisible();
    await catchPrintedDocuments(page);
    await page.getByTestId('ceremony-summary').getByRole('button', { name: 'Imprimer le récapitulatif' }).click();
    await page.getByRole('menuitem', { name: 'Imprimer…' }).click();
    expect(await nextPrintedText(page, 0, 'summary-before-sync')).toContain(centre.nameFr);

    // 3. Each file through the parcours to *validation*; the decision is the coordination's.
    for (const person of [rachida, youssef, omar]) {
      const file = await openFile(page, person.listName);
      const project = await file.addProject(person.project.title, person.project.sector, person.project.lines, {
        funder: 'Fondation Mohammed VI',
        amount: person.project.total,
      });
      await expect(project.getByTestId('decision-not-yet')).toContainText('« Accueil »');
      await file.walkToValidation();
      await expect(project.getByTestId('decision-by-coordination')).toBeVisible();
    }
    await counsellorSync.syncNow();

    // 4. The coordinator, on a PC of their own, records the three approvals.
    const coordinator = await createUserOfCentre(request, signedIn.centreId, 'coordinateur_centre', 'Karim Tazi');
    const errors: string[] = [];
    const other = await openPc(browser, coordinator, errors);
    const coordinatorSync = new SyncScreens(other);
    await coordinatorSync.syncNow();
    for (const person of [rachida, youssef, omar]) {
      const file = await openFile(other, person.listName);
      const project = file.projects
        .getByTestId('agr-project')
        .filter({ has: other.getByRole('heading', { name: `Projet : ${person.project.title}` }) });
      await file.approve(project, person.project.title, person.project.total);
    }
    await coordinatorSync.syncNow();

    // 5. The counsellor receives them and moves the files on; Omar's stays at validation for now.
    await counsellorSync.syncNow();
    for (const person of [rachida, youssef]) {
      const file = await openFile(page, person.listName);
      await file.forward('Mise en œuvre');
      if (person === rachida) await file.forward('Remise');
    }

    // Only files at *mise en œuvre* or *remise* are offered; Omar's waits, and the screen says why.
    await openCeremony(page, ceremonyName);
    await page.getByRole('button', { name: 'Ajouter des projets approuvés' }).click();
    const candidates = page.getByTestId('ceremony-candidates');
    await expect(candidates.getByTestId('candidate')).toHaveCount(2);
    await expect(candidates.getByTestId('candidates-waiting')).toContainText(
      'ZIANI Omar — « Épicerie de quartier » : dossier à l’étape « Validation »',
    );
    await candidates.getByRole('checkbox', { name: 'Tout sélectionner' }).check();
    await expect(candidates.getByTestId('candidates-chosen-total')).toHaveText(
      /^Valeur des projets sélectionnés : 39\.851,00\s?MAD$/,
    );
    expect(await axeViolations(page)).toEqual([]);
    await candidates.screenshot({ path: screenshotPath('fr-ceremony-candidates') });
    await candidates.getByRole('button', { name: 'Ajouter 2 projets' }).click();
    await expect(page.getByText('2 projets ajoutés à la liste.')).toBeVisible();
    const omarFile = await openFile(page, omar.listName);
    await omarFile.forward('Mise en œuvre');
    await openCeremony(page, ceremonyName);
    await page.getByRole('button', { name: 'Ajouter des projets approuvés' }).click();
    await candidates.getByRole('checkbox', { name: 'Tout sélectionner' }).check();
    await candidates.getByRole('button', { name: 'Ajouter 1 projet' }).click();
    await expect(page.getByTestId('ceremony-line')).toHaveCount(3);

    // 6. Two PVs signed by the counsellor who follows the files; each item's status is asked.
    const dialog = page.getByRole('dialog');
    const signPv = async (person: Beneficiary, statuses: () => Promise<void>) => {
      await page.getByRole('button', { name: `Faire signer le PV de ${person.listName}` }).click();
      await dialog.getByRole('button', { name: 'Enregistrer le PV signé' }).click();
      await expect(dialog.getByText('Choisissez : remis, manquant ou remplacé.').first()).toBeVisible();
      await statuses();
      await drawSignature(page, dialog.getByTestId('beneficiary-signature'));
      await drawSignature(page, dialog.getByTestId('counsellor-signature'));
      await dialog.getByRole('button', { name: 'Enregistrer le PV signé' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByText(`PV de ${person.listName} signé.`)).toBeVisible();
    };
    await signPv(rachida, () => dialog.getByRole('button', { name: 'Tout remis' }).click());
    await signPv(youssef, async () => {
      await dialog.getByRole('button', { name: 'Tout remis' }).click();
      await dialog.getByRole('combobox', { name: 'Remise de « Établi »' }).click();
      await page.getByRole('option', { name: 'Manquant' }).click();
      await dialog.getByRole('button', { name: 'Enregistrer le PV signé' }).click();
      await expect(dialog.getByText('Précisez par quoi il est remplacé, ou pourquoi il manque.')).toBeVisible();
      await dialog.getByRole('textbox', { name: 'Précision pour « Établi »' }).fill('Livraison le 15 décembre');
      await expect(dialog.getByTestId('sign-total')).toHaveText(/^Total remis : 9\.800,00\s?MAD$/);
    });
    // The signed project no longer changes in the case file.
    const rachidaFile = await openFile(page, rachida.listName);
    await expect(page.getByTestId('agr-locked')).toBeVisible();
    await expect(rachidaFile.projects.getByRole('button', { name: 'Ajouter un équipement' })).toHaveCount(0);
    await expect(rachidaFile.projects.getByRole('button', { name: 'Ajouter une part' })).toHaveCount(0);
    await counsellorSync.syncNow();

    // 7. The coordinator holds the ceremony: the two signed files move on to *suivi*, Omar's missing
    // PV is listed.
    await coordinatorSync.syncNow();
    await openCeremony(other, ceremonyName);
    await other.getByRole('button', { name: 'Marquer la cérémonie comme tenue' }).click();
    const hold = other.getByTestId('hold-dialog');
    await expect(hold.getByTestId('hold-moving')).toHaveText('2 dossiers au PV signé passent à l’étape « Suivi ».');
    await expect(hold.getByTestId('hold-missing')).toContainText(
      '1 PV n’est pas signé : ce dossier reste à son étape.',
    );
    await expect(hold.getByTestId('hold-missing')).toContainText('ZIANI Omar — « Épicerie de quartier »');
    expect(await axeViolations(other)).toEqual([]);
    await other.getByRole('dialog').screenshot({ path: screenshotPath('fr-ceremony-hold') });
    await hold.getByRole('button', { name: 'Confirmer : la cérémonie est tenue' }).click();
    await expect(
      other.getByText(
        'La cérémonie est marquée comme tenue. 2 dossiers sont passés au suivi. 1 PV manquant : voir la liste « PV manquants ».',
      ),
    ).toBeVisible();
    await expect(other.getByTestId('ceremony-status')).toHaveText('Tenue');
    await expect(other.getByTestId('missing-receipt')).toHaveText([
      'ZIANI Omar — « Épicerie de quartier » (étape « Mise en œuvre »)',
    ]);

    // The summary counts what was handed over (Youssef's missing bench is not), by préfecture d'arrondissements.
    const summary = other.getByTestId('ceremony-summary');
    await expect(summary.getByTestId('summary-beneficiaries')).toHaveText('3 bénéficiaires (1 femme, 2 hommes)');
    await expect(summary.getByTestId('summary-total')).toHaveText(money('39.150,50 MAD'));
    const byPlace = summary.getByTestId('summary-by-prefecture');
    await expect(byPlace.getByRole('row').filter({ hasText: district })).toContainText('2');
    await expect(byPlace.getByRole('row').filter({ hasText: 'Mohammedia' })).toContainText('1');
    expect(await axeViolations(other)).toEqual([]);
    await other
      .getByTestId('ceremony-page')
      .screenshot({ path: screenshotPath('fr-ceremony-held'), style: withoutFixedBars });
    await catchPrintedDocuments(other);
    await summary.getByRole('button', { name: 'Imprimer le récapitulatif' }).click();
    await other.getByRole('menuitem', { name: 'Imprimer…' }).click();
    const summaryText = await nextPrintedText(other, 0, 'summary-new-centre-fr');
    expect(summaryText).toContain(centre.nameFr);
    expect(summaryText).toContain('39.150,50');
    expect(summaryText).toContain(district);
    await other.getByRole('button', { name: `Imprimer le PV de ${youssef.listName}` }).click();
    await other.getByRole('menuitem', { name: 'Enregistrer en PDF…' }).click();
    const pvText = await nextPrintedText(other, 1, 'pv-new-centre');
    expect(pvText).toContain(centre.nameFr);
    expect(pvText).toContain('Manquant');
    expect(pvText).not.toContain('Prévu');
    await coordinatorSync.syncNow();

    // 8. Back on the counsellor's PC: the same numbers, stages (moved by the coordinator), statuses
    // and totals.
    await counsellorSync.syncNow();
    for (const person of [rachida, youssef, omar]) {
      const file = await openFile(page, person.listName);
      await expect(page.getByTestId('case-file-number')).toHaveText(numbers.get(person.listName) ?? '');
      await expect(file.stage).toHaveText(person === omar ? 'Étape : Mise en œuvre' : 'Étape : Suivi');
      if (person === youssef)
        await expect(page.getByTestId('case-timeline')).toContainText('Passage de « Mise en œuvre » à « Remise »');
      if (person !== omar) await expect(page.getByTestId('case-timeline')).toContainText('par Karim Tazi');
    }
    await openCeremony(page, ceremonyName);
    await expect(page.getByTestId('ceremony-status')).toHaveText('Tenue');
    await expect(page.getByTestId('ceremony-summary').getByTestId('summary-total')).toHaveText(money('39.150,50 MAD'));
    await expect(page.getByTestId('missing-receipt')).toHaveCount(1);
    const youssefLine = page.getByTestId('ceremony-line').filter({ hasText: youssef.listName });
    await youssefLine.getByRole('button', { name: `Équipements de ${youssef.listName}` }).click();
    await expect(page.getByTestId('ceremony-items').getByRole('row').filter({ hasText: 'Établi' })).toContainText(
      'Manquant',
    );

    // In Arabic, on the counsellor's PC: the held ceremony, its summary and the missing PV.
    await page.getByText('العربية').click();
    await expect(page.getByRole('heading', { name: /^حفل / })).toBeVisible();
    await expect(page.getByTestId('ceremony-status')).toHaveText('انعقد');
    await expect(page.getByTestId('summary-beneficiaries')).toContainText('امرأة واحدة، رجلان');
    await expect(page.getByTestId('missing-receipts')).toContainText('المحاضر الناقصة');
    expect(await axeViolations(page)).toEqual([]);
    await page
      .getByTestId('ceremony-page')
      .screenshot({ path: screenshotPath('ar-ceremony-held'), style: withoutFixedBars });
    await page.getByTestId('ceremony-summary').getByRole('button', { name: 'طباعة الحصيلة' }).click();
    await page.getByRole('menuitem', { name: 'طباعة…' }).click();
    const arabicSummary = await nextPrintedText(page, 1, 'summary-new-centre-ar');
    expect(squeeze(arabicSummary)).toContain(squeeze(centre.nameAr));
    expect(arabicSummary).toContain('39.150,50');
    await other.context().close();
    expect(errors).toEqual([]);
  });
});
