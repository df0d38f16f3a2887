import { formatHlc, parseHlc } from '../../shared/sync/hlc';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import type { Person } from './pages/BeneficiariesPage';
import { registerAndOpen, type CaseFileScreen } from './pages/CaseFileScreen';
import { SyncScreens, arabicSyncLabels } from './pages/SyncScreens';
import { callServer, e2eAdmin, signInApi, unique } from './support/serverApi';
import { putInUserStore, readUserStore } from './support/userDatabase';

/**
 * What the sync tells a counsellor when the server had lost data (restored from a backup) and
 * when their account lost access to data this PC held (docs/sync-protocol.md): the receipt, the
 * journal and *Rejets*, in French and Arabic, against the real server and engine.
 */

const hamid: Person = {
  lastName: 'Benali',
  firstName: 'Hamid',
  lastNameArabic: 'بنعلي',
  firstNameArabic: 'حميد',
  sex: 'M',
  dateOfBirth: '1994-03-08',
  cin: 'BK 330021',
  prefecture: 'Casablanca',
};

async function saveDetention(file: CaseFileScreen, establishment: string): Promise<void> {
  const form = await file.edit('Modifier les données de détention', 'Modification des données de détention');
  await form.getByLabel('Établissement pénitentiaire').fill(establishment);
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(file.page.getByText('Données de détention enregistrées.')).toBeVisible();
}

type RowMeta = { table: string; rowId: string; versions: Record<string, { hlc: string; replicaId: string }> };

test.describe('sync recovery as a counsellor reads it', () => {
  test.setTimeout(120_000);

  test('access lost removes the data and refuses the waiting edit; a server that had lost data gets it back, and what the account lost meanwhile is kept', async ({
    page,
    request,
    signedIn,
    beneficiaries: screen,
  }) => {
    const sync = new SyncScreens(page);
    const syncAr = new SyncScreens(page, arabicSyncLabels);
    const openFile = async () => {
      await page.getByRole('button', { name: `${hamid.lastName.toUpperCase()} ${hamid.firstName}` }).click();
      await expect(page.getByTestId('case-file')).toBeVisible();
    };
    const file = await registerAndOpen(screen, hamid);
    const admission = await file.edit('Modifier l’accueil', 'Modification de l’accueil');
    await admission.getByLabel('Date de libération').fill('2025-06-30');
    await admission.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page.getByText('Accueil enregistré.')).toBeVisible();
    await saveDetention(file, 'Prison locale Oukacha');
    await sync.syncNow();

    // 1. An edit of the detention data waits when the account becomes a regional coordinator's;
    // this sync runs in Arabic.
    await saveDetention(file, 'Prison locale Ain Sebaa');
    const admin = await signInApi(request, e2eAdmin.username, e2eAdmin.password);
    await callServer(request, 'updateUser', {
      id: signedIn.id,
      body: { role: 'coordinateur_regional' },
      credentials: admin,
    });
    await page.getByText('العربية').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await syncAr.openDialog();
    await syncAr.start();
    await expect(syncAr.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(syncAr.fact('removed')).toHaveText('سجلات معطيات الاعتقال التي لم يعد دورك يسمح بالاطلاع عليها: 1');
    await expect(syncAr.fact('rejections')).not.toHaveText('0');
    await page.screenshot({ path: screenshotPath('sync-ar-dialog-receipt-removed') });
    await syncAr.closeDialog();
    expect(await readUserStore(page, 'detentionRecords', signedIn.password)).toEqual([]);
    expect(JSON.stringify(await readUserStore(page, 'rejections', signedIn.password))).not.toContain('Ain Sebaa');
    await syncAr.openSection('rejections');
    await expect(page.getByTestId('rejection').first()).toContainText('لم يعد لديك حق الوصول إلى هذا السجل');
    await page.screenshot({ path: screenshotPath('sync-ar-rejections-access-lost'), fullPage: true });
    expect(await axeViolations(page), 'Rejets (ar)').toEqual([]);

    await page.getByText('Français').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    const refused = page.getByTestId('rejection').filter({ hasText: 'Établissement pénitentiaire' });
    await expect(refused).toContainText('Refusée : vous n’avez plus accès à cette fiche');
    await expect(refused).toContainText('Valeur envoyée : retirée de ce PC avec la fiche (données de détention).');
    await expect(refused.getByRole('button', { name: 'Renvoyer' })).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('sync-fr-rejections-access-lost'), fullPage: true });
    // Rejets shows no detention value of these records: showing them recorded no consultation.
    await expect(page.getByText('Tout est envoyé')).toBeVisible();
    expect(await axeViolations(page), 'Rejets (fr)').toEqual([]);

    // 2. The server loses what it had acknowledged (as a restored backup would): this PC
    // acknowledged more than the server applied, and holds a later version of one field.
    await page.getByRole('tab', { name: 'Bénéficiaires' }).click();
    await expect(page.getByTestId('beneficiary-count')).toBeVisible();
    const [person] = await readUserStore<{ id: string }>(page, 'beneficiaries', signedIn.password);
    const metas = await readUserStore<RowMeta>(page, 'rowMeta');
    const meta = metas.find((candidate) => candidate.table === 'beneficiaries' && candidate.rowId === person?.id);
    const known = meta?.versions['addressLine'];
    const parsed = known && parseHlc(known.hlc);
    if (!person || !meta || !known || !parsed?.ok) throw new Error('no synced person');
    const later = formatHlc({ ...parsed.value, wall: parsed.value.wall + 60_000 });
    await putInUserStore(page, 'syncMeta', [{ key: 'ackedSeq', value: '100000' }]);
    await putInUserStore(page, 'rowMeta', [
      { ...meta, versions: { ...meta.versions, addressLine: { ...known, hlc: later } } },
    ]);
    const stored = (await readUserStore<Record<string, unknown>>(page, 'beneficiaries', signedIn.password)).find(
      (row) => row.id === person.id,
    );
    await putInUserStore(page, 'beneficiaries', [{ ...stored, addressLine: '12, rue Ibn Battouta' }]);
    await sync.openDialog();
    await sync.start();
    await expect(sync.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(sync.fact('restored')).toHaveText(
      'Le serveur avait perdu des données (restauré depuis une sauvegarde) : ce PC lui a renvoyé 1 fiche.',
    );
    await page.screenshot({ path: screenshotPath('sync-fr-dialog-receipt-restored') });
    await sync.closeDialog();

    // 3. Right after, the account loses its centre: the restored server may have lost that change
    // too, so the PC keeps the centre's records for now and says so.
    const suffix = unique();
    const { centre } = await callServer(request, 'createCentre', {
      body: {
        code: `MOH-${suffix}`.toUpperCase(),
        nameFr: `CAPC Mohammedia ${suffix}`,
        nameAr: 'مركز المحمدية',
        regionCode: 'CSE',
      },
      credentials: admin,
    });
    await callServer(request, 'updateUser', { id: signedIn.id, body: { centreIds: [centre.id] }, credentials: admin });
    await sync.openDialog();
    await sync.start();
    await expect(sync.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(sync.fact('held')).toContainText('2 fiches que votre compte ne permet plus de voir, gardées 7 jours');
    await page.screenshot({ path: screenshotPath('sync-fr-dialog-receipt-held') });
    await sync.closeDialog();
    await openFile();
    await expect(page.getByTestId('case-file')).toContainText('BENALI Hamid');

    await sync.openSection('journal');
    await expect(sync.journal()).toContainText('Retiré de ce PC : 1 fiche de données de détention');
    await expect(sync.journal()).toContainText('ce PC lui a renvoyé 1 fiche.');
    await page.screenshot({ path: screenshotPath('sync-fr-journal-recovery'), fullPage: true });
    await page.getByText('العربية').click();
    await expect(syncAr.journal()).toContainText('السجلات التي أعاد هذا الحاسوب إرسالها إليه: 1');
    await expect(syncAr.journal()).toContainText('محفوظة سبعة أيام');
    await page.screenshot({ path: screenshotPath('sync-ar-journal-recovery'), fullPage: true });
  });
});
