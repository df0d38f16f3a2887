import { randomUUID } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { formatHlc, formatReplicaId } from '../../shared/sync/hlc';
import { syncProtocolVersion, syncSchemaVersion, decodeVersions } from '../../shared/sync/protocol';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { BeneficiariesPage, frenchLabels } from './pages/BeneficiariesPage';
import { SignInPage } from './pages/SignInPage';
import { SyncScreens, arabicSyncLabels } from './pages/SyncScreens';
import { openPc } from './support/otherPc';
import {
  callServer,
  createActivatedUser,
  createUserOfCentre,
  type ApiCredentials,
  type Person,
} from './support/serverApi';

/**
 * End-of-day sync as counsellors see it, with two browser contexts as two PCs of one centre
 * (each has its own IndexedDB and its own device token), against the real server.
 */

const amina = {
  lastName: 'El Idrissi',
  firstName: 'Amina',
  lastNameArabic: 'الإدريسي',
  firstNameArabic: 'أمينة',
  sex: 'F' as const,
  dateOfBirth: '1994-03-21',
  cin: 'BE100001',
  prefecture: 'Mohammedia',
};

/**
 * The same user working on yet another PC (a device of its own, driven through the sync API): it
 * pulls now, and `edit` later changes one field of a row from the version it pulled, as a PC that
 * stayed offline in between would. This is how a concurrent edit of a review field is made here,
 * since the app has no edit screen for beneficiaries yet.
 */
async function anotherPcOf(
  request: APIRequestContext,
  person: Person,
  rowId: string,
): Promise<{ edit: (field: string, value: string) => Promise<void> }> {
  const answer = await callServer(request, 'signIn', {
    body: { username: person.username, password: person.password, deviceName: 'Playwright' },
  });
  const token = answer.newDevice?.token;
  if (!token) throw new Error('no device token');
  const credentials: ApiCredentials = { sessionToken: answer.sessionToken, deviceToken: token };
  const versions = { protocolVersion: syncProtocolVersion, schemaVersion: syncSchemaVersion, appVersion: 'e2e' };
  const pulled = await callServer(request, 'syncPull', {
    body: { ...versions, databaseId: null, cursors: [] },
    credentials,
  });
  const row = pulled.pages.flatMap((page) => page.rows).find((r) => r.id === rowId);
  if (!row) throw new Error(`row ${rowId} not pulled`);
  const replicaId = formatReplicaId(answer.deviceId, answer.user.id);
  return {
    async edit(field, value) {
      const baseVersion = decodeVersions(row)[field] ?? null;
      const pushed = await callServer(request, 'syncPush', {
        body: {
          ...versions,
          databaseId: pulled.databaseId,
          outboxId: randomUUID(),
          batchId: randomUUID(),
          fromSeq: 1,
          toSeq: 1,
          ops: [
            {
              seq: 1,
              kind: 'set',
              table: 'beneficiaries',
              rowId,
              field,
              value,
              hlc: formatHlc({ wall: Date.now(), counter: 0, replicaId }),
              baseVersion,
            },
          ],
        },
        credentials,
      });
      if (pushed.status !== 'ok' || pushed.rejections.length > 0)
        throw new Error(`push refused: ${JSON.stringify(pushed)}`);
    },
  };
}

test.describe('end-of-day sync between two PCs of a centre', () => {
  test.setTimeout(120_000);

  test('sends, receives, surfaces a concurrent CIN edit on both PCs and settles it once', async ({
    page,
    browser,
    request,
    signedIn,
  }) => {
    // PC A: Amina, in French.
    const syncA = new SyncScreens(page);
    const listA = new BeneficiariesPage(page, frenchLabels);
    await expect(syncA.connection).toHaveAttribute('data-connection', 'online');
    await expect(syncA.lastSync).toHaveText('Jamais synchronisé sur ce PC');
    await expect(syncA.pending).toHaveText('Tout est envoyé');

    await listA.openForm();
    await listA.fill(amina);
    await listA.save();
    await expect(listA.row('EL IDRISSI Amina')).toBeVisible();
    // The live status follows a save at once (the outbox is written below Dexie's observability).
    await expect(syncA.pending).toContainText('modifications en attente (1 fiche)');
    await syncA.statusBar.screenshot({ path: screenshotPath('sync-fr-status-bar-pending') });

    await syncA.openDialog();
    await expect(syncA.preview).toContainText('1 fiche créée');
    await expect(syncA.preview).not.toContainText('modifiée');
    await page.screenshot({ path: screenshotPath('sync-fr-dialog-preview') });
    await syncA.start();
    await expect(syncA.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(syncA.outcome).toContainText('Synchronisation terminée');
    await expect(syncA.fact('sent')).toContainText('(1 fiche)');
    // The pull after the push brings Amina back: not "received", nothing changed on this PC.
    await expect(syncA.fact('received')).toHaveText('0 fiche');
    await expect(syncA.fact('rejections')).toHaveText('0');
    await page.screenshot({ path: screenshotPath('sync-fr-dialog-receipt') });
    await syncA.closeDialog();
    await expect(syncA.pending).toHaveText('Tout est envoyé');
    await expect(syncA.pending).toHaveAttribute('data-count', '0');
    await expect(syncA.lastSync).toContainText('Dernière synchronisation : maintenant');
    const rowId = await listA.row('EL IDRISSI Amina').getAttribute('data-id');
    if (!rowId) throw new Error('no row id');

    // PC B: Karim, same centre, in Arabic.
    const karim = await createUserOfCentre(request, signedIn.centreId, 'conseiller', 'Karim Alaoui');
    const errorsB: string[] = [];
    const pageB = await openPc(browser, karim, errorsB);
    await pageB.getByText('العربية').click();
    await expect(pageB.locator('html')).toHaveAttribute('dir', 'rtl');
    const syncB = new SyncScreens(pageB, arabicSyncLabels);
    const listB = new BeneficiariesPage(pageB, frenchLabels);
    await expect(pageB.getByText('لا يوجد أي مستفيد مسجل على هذا الجهاز', { exact: false })).toBeVisible();
    await syncB.statusBar.screenshot({ path: screenshotPath('sync-ar-status-bar') });
    await syncB.openDialog();
    await expect(syncB.preview).toContainText('لا شيء للإرسال، ستستقبل المزامنة تغييرات الزملاء.');
    await pageB.screenshot({ path: screenshotPath('sync-ar-dialog-preview') });
    await syncB.start();
    await expect(syncB.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(syncB.fact('received')).toHaveText('سجل واحد');
    await pageB.screenshot({ path: screenshotPath('sync-ar-dialog-receipt') });
    await syncB.closeDialog();
    await expect(listB.row('EL IDRISSI Amina')).toContainText('BE100001');
    await expect(syncB.pending).toHaveAttribute('data-count', '0');

    // Both change the CIN without syncing in between (each from another PC of theirs): Karim's
    // edit is later, so it is provisionally kept and Amina's is the other side of the conflict.
    const aminaElsewhere = await anotherPcOf(request, signedIn, rowId);
    const karimElsewhere = await anotherPcOf(request, karim, rowId);
    await aminaElsewhere.edit('cin', 'BE300003');
    await karimElsewhere.edit('cin', 'BE400004');

    await syncA.syncNow();
    await expect(syncA.conflictsLink).toHaveText('1 à vérifier');
    await syncA.statusBar.screenshot({ path: screenshotPath('sync-fr-status-bar-conflict') });
    await syncA.conflictsLink.click();
    await expect(syncA.conflicts).toHaveCount(1);
    const conflictA = syncA.conflicts.first();
    await expect(conflictA.getByRole('heading')).toHaveText('El Idrissi Amina');
    await expect(conflictA).toContainText('Information : CIN / CNIE');
    await expect(conflictA.locator('[data-role="mine"]')).toContainText('BE300003');
    await expect(conflictA.locator('[data-role="theirs"]')).toContainText('BE400004');
    await expect(conflictA.locator('[data-role="theirs"]')).toContainText('Par Karim Alaoui');
    await page.screenshot({ path: screenshotPath('sync-fr-review-conflict'), fullPage: true });
    expect(await axeViolations(page), 'À vérifier (fr)').toEqual([]);

    await syncB.syncNow();
    await expect(syncB.conflictsLink).toHaveText('للمراجعة: 1');
    await syncB.openSection('review');
    await expect(syncB.conflicts).toHaveCount(1);
    await expect(syncB.conflicts.first().locator('[data-role="mine"]')).toContainText('BE400004');
    await pageB.screenshot({ path: screenshotPath('sync-ar-review-conflict'), fullPage: true });
    expect(await axeViolations(pageB), 'À vérifier (ar)').toEqual([]);

    // Amina settles it on PC A; both PCs sync; both show her value and no conflict.
    await conflictA.getByRole('button', { name: 'Garder ma version' }).click();
    await expect(page.getByTestId('conflicts-empty')).toHaveText('Rien à vérifier.');
    await expect(page.getByRole('status').filter({ hasText: 'Choix enregistré' })).toBeVisible();
    await expect(syncA.pending).toHaveAttribute('data-count', /^[1-9]/);
    await syncA.syncNow();
    await expect(syncA.pending).toHaveAttribute('data-count', '0');
    await syncB.syncNow();
    await expect(syncB.conflicts).toHaveCount(0);
    await expect(pageB.getByTestId('conflicts-empty')).toBeVisible();
    await expect(syncA.conflictsLink).toHaveCount(0);
    await expect(syncB.conflictsLink).toHaveCount(0);

    await syncA.openSection('journal');
    await expect(syncA.journal().getByRole('row')).toHaveCount(4);
    await page.screenshot({ path: screenshotPath('sync-fr-journal'), fullPage: true });
    await syncB.openSection('journal');
    await expect(syncB.journal().getByRole('row')).toHaveCount(4);
    await pageB.screenshot({ path: screenshotPath('sync-ar-journal'), fullPage: true });

    await page.getByRole('tab', { name: 'Bénéficiaires' }).click();
    await expect(listA.row('EL IDRISSI Amina')).toContainText('BE300003');
    await pageB.getByRole('tab', { name: 'المستفيدون' }).click();
    await expect(listB.row('EL IDRISSI Amina')).toContainText('BE300003');

    await pageB.context().close();
    expect(errorsB, 'console errors on PC B').toEqual([]);
  });

  test('a counsellor of another centre never receives the rows of this one', async ({
    page,
    browser,
    request,
    beneficiaries: listA,
  }) => {
    const syncA = new SyncScreens(page);
    await listA.openForm();
    await listA.fill({ ...amina, cin: 'BE500005' });
    await listA.save();
    await syncA.openDialog();
    await syncA.start();
    // The row did reach the server: what follows is the server keeping it from another centre.
    await expect(syncA.fact('sent')).toContainText('(1 fiche)');
    await syncA.closeDialog();

    const other = await createActivatedUser(request, 'conseiller', 'Hanane Berrada');
    const errorsC: string[] = [];
    const pageC = await openPc(browser, other, errorsC);
    const syncC = new SyncScreens(pageC);
    await syncC.openDialog();
    await syncC.start();
    await expect(syncC.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(syncC.fact('received')).toHaveText('0 fiche');
    await syncC.closeDialog();
    await expect(pageC.getByText('Aucun bénéficiaire enregistré sur ce poste.')).toBeVisible();
    await pageC.context().close();
    expect(errorsC, 'console errors on PC C').toEqual([]);
  });

  test('Synchroniser says why it cannot run after an offline sign-in', async ({ page, signedIn, consoleErrors }) => {
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await new SignInPage(page).signIn(signedIn.username, signedIn.password);
    const sync = new SyncScreens(page);
    await expect(sync.button).toHaveAttribute('aria-disabled', 'true');
    await expect(sync.button).toHaveAccessibleDescription('Connectez-vous en ligne pour synchroniser.');
    await expect(sync.connection).toHaveAttribute('data-connection', /unreachable|offline-session/);
    await sync.button.click({ force: true });
    await expect(sync.dialog).toBeHidden();
    await page.screenshot({ path: screenshotPath('sync-fr-offline') });
    const kept = consoleErrors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'));
    consoleErrors.splice(0, consoleErrors.length, ...kept);
  });

  test('warns about a PC clock far ahead of the server, and the receipt says which saves were re-stamped', async ({
    page,
    counsellor,
  }) => {
    // This PC's clock is three hours ahead of the server's.
    await page.clock.install({ time: Date.now() + 3 * 3_600_000 });
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(counsellor.username, counsellor.password);
    const list = new BeneficiariesPage(page, frenchLabels);
    await list.expectShown();
    await list.openForm();
    await list.fill({ ...amina, cin: 'BE600006' });
    await list.save();
    const sync = new SyncScreens(page);
    await sync.openDialog();
    await sync.start();
    await expect(sync.outcome).toHaveAttribute('data-outcome', 'ok');
    await expect(sync.fact('clamped')).toContainText('datées dans le futur');
    await page.screenshot({ path: screenshotPath('sync-fr-dialog-receipt-clock') });
    await sync.closeDialog();
    await expect(page.locator('[data-warning="clock"]')).toContainText(
      /L’horloge de ce PC a 3\sheures d’écart avec le serveur : vos saisies sont enregistrées, mais faites corriger l’heure\./,
    );
    await sync.statusBar.screenshot({ path: screenshotPath('sync-fr-status-bar-clock') });
    await page.getByText('العربية').click();
    await expect(page.locator('[data-warning="clock"]')).toContainText('ساعة هذا الحاسوب');
    await sync.statusBar.screenshot({ path: screenshotPath('sync-ar-status-bar-clock') });
  });
});
