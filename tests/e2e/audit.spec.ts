import { readFile } from 'node:fs/promises';
import { test, expect, screenshotPath, withoutFixedBars } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { arabicAuditLabels, AuditScreen } from './pages/AuditScreen';
import { CaseFileScreen } from './pages/CaseFileScreen';
import { type Person as FormPerson } from './pages/BeneficiariesPage';
import { SyncScreens } from './pages/SyncScreens';
import { openPc } from './support/otherPc';
import { e2eAdmin, unique } from './support/serverApi';
import { readUserStore } from './support/userDatabase';

/**
 * The audit end to end: a counsellor's PC records each opening of a file that shows detention data
 * (once per opening, not per render) and sends it with the day's work; the administrator finds
 * those consultations on the *Audit* screen by the person's file number, exports them as CSV for
 * Excel, sees the chain verified, and reads the same screen in Arabic. The other roles have no
 * such screen.
 */
const admin = { ...e2eAdmin, displayName: 'Admin E2E', id: '', centreId: '' };

function person(): FormPerson {
  return {
    lastName: 'Lahlou',
    firstName: `Karima ${unique().replace(/\d/g, '')}`.trim(),
    lastNameArabic: 'لحلو',
    firstNameArabic: 'كريمة',
    sex: 'F',
    dateOfBirth: '1990-02-14',
    prefecture: 'Casablanca',
  };
}

test('every showing of detention data is in the audit, which an administrator filters, exports and verifies, in French and Arabic', async ({
  page,
  browser,
  signedIn,
  beneficiaries: screen,
}) => {
  test.setTimeout(90_000);
  // Administrators only: the counsellor has no Audit tab.
  await expect(page.getByRole('tab', { name: 'Audit' })).toHaveCount(0);

  const karima = person();
  await screen.openForm();
  await screen.fill(karima);
  await screen.save();
  await expect(screen.form).toBeHidden();
  const openFile = async () => {
    await page.getByRole('button', { name: `${karima.lastName.toUpperCase()} ${karima.firstName}` }).click();
    await expect(page.getByTestId('case-file')).toBeVisible();
  };
  await openFile();
  const fileNumber = (await page.getByTestId('case-file-number').innerText()).trim();
  const file = new CaseFileScreen(page);
  // No detention record yet: nothing judicial shown, nothing recorded.
  await expect(page.getByTestId('section-detention')).toBeVisible();
  expect(await readUserStore(page, 'consultations', signedIn.password)).toEqual([]);

  let form = await file.edit('Modifier les données de détention', 'Modification des données de détention');
  await form.getByLabel('Établissement pénitentiaire').fill('Prison locale Oukacha');
  await form.getByLabel('Date d’incarcération').fill('2022-01-10');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByTestId('section-detention')).toContainText('Prison locale Oukacha');
  await expect.poll(async () => (await readUserStore(page, 'consultations', signedIn.password)).length).toBe(1);
  // Another save while the file stays open: the screen re-renders, no second consultation.
  form = await file.edit('Modifier les données de détention', 'Modification des données de détention');
  await form.getByLabel('Établissement pénitentiaire').fill('Prison locale Oukacha (Casablanca)');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByTestId('section-detention')).toContainText('(Casablanca)');
  // Closed and opened again: a new consultation.
  await page.getByTestId('case-back').click();
  await openFile();
  await expect(page.getByTestId('section-detention')).toContainText('(Casablanca)');
  await expect.poll(async () => (await readUserStore(page, 'consultations', signedIn.password)).length).toBe(2);
  expect(await readUserStore(page, 'consultations', signedIn.password)).toEqual([
    expect.objectContaining({ what: 'detention', beneficiaryId: expect.any(String) }),
    expect.objectContaining({ what: 'detention' }),
  ]);
  await new SyncScreens(page).syncNow();

  // The administrator, on a PC of headquarters.
  const errors: string[] = [];
  const adminPage = await openPc(browser, admin, errors);
  const audit = new AuditScreen(adminPage);
  await audit.open();
  await expect(audit.chain).toHaveAttribute('data-state', 'intact');
  await expect(audit.chain).toContainText('Chaîne intacte');
  await expect(audit.rows.first()).toBeVisible();

  await audit.filterByPerson(fileNumber);
  await audit.search();
  await expect(audit.matched).toContainText(fileNumber);
  await expect(audit.rowsOf('consultation')).toHaveCount(2);
  await expect(audit.rowsOf('consultation').first()).toContainText('Consultation : données de détention du dossier');
  await expect(audit.rowsOf('consultation').first()).toContainText('(heure du poste)');
  await expect(audit.rowsOf('sync-push')).toHaveCount(1);
  await expect(audit.rowsOf('sync-push')).toContainText(/Détention : centreId, [^:]*establishment/);
  await audit.filterByKind('Consultations judiciaires');
  await audit.search();
  await expect(audit.rows).toHaveCount(2);
  await expect(audit.rows.first()).toContainText(fileNumber);
  await expect(audit.rows.first()).toContainText('Amina El Idrissi');
  expect(await axeViolations(adminPage)).toEqual([]);
  const hideBars = await adminPage.addStyleTag({ content: withoutFixedBars });
  await adminPage.screenshot({ path: screenshotPath('fr-audit'), fullPage: true });
  await hideBars.evaluate((style) => {
    style.parentNode?.removeChild(style);
  });

  // The CSV of what the filters match, for French Excel.
  const downloading = adminPage.waitForEvent('download');
  await adminPage.getByRole('button', { name: 'Exporter en CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^audit-masar-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes
    .toString('utf8')
    .slice(1)
    .split('\r\n')
    .filter((line) => line !== '');
  expect(lines[0]?.split(';').slice(0, 4)).toEqual(['N°', 'Date (UTC)', 'Catégorie', 'Événement']);
  expect(lines.slice(1).map((line) => line.split(';')[3])).toEqual(['consultation', 'consultation']);
  expect(lines[1]).toContain(fileNumber);
  await expect(adminPage.getByText(/2 entrées exportées dans \u2066audit-masar-/)).toBeVisible();

  // The same screen in Arabic: the reads of the audit are in it too.
  await adminPage.getByText('العربية').click();
  await expect(adminPage.locator('html')).toHaveAttribute('dir', 'rtl');
  const arabic = audit.withLabels(arabicAuditLabels);
  await expect(adminPage.getByRole('heading', { name: arabicAuditLabels.heading, level: 2 })).toBeVisible();
  await expect(arabic.chain).toContainText('السلسلة سليمة');
  // What the export did, in the language of the screen now.
  await expect(adminPage.getByText(/صُدِّر قيدان إلى/)).toBeVisible();
  await expect(arabic.rowsOf('consultation').first()).toContainText('اطلاع: معطيات الاعتقال في الملف');
  await expect(arabic.rowsOf('consultation').first()).toContainText('(حسب ساعة الجهاز)');
  expect(await axeViolations(adminPage)).toEqual([]);
  const hideArabicBars = await adminPage.addStyleTag({ content: withoutFixedBars });
  await adminPage.screenshot({ path: screenshotPath('ar-audit'), fullPage: true });
  await hideArabicBars.evaluate((style) => {
    style.parentNode?.removeChild(style);
  });
  await arabic.filterByKind('قراءة السجل');
  await arabic.filterByPerson('');
  await arabic.search();
  await expect(arabic.rowsOf('audit-read').first()).toContainText('قراءة سجل التدقيق');
  await expect(arabic.rowsOf('audit-export').first()).toContainText('تصدير سجل التدقيق (قيدان)');
  await adminPage.addStyleTag({ content: withoutFixedBars });
  await adminPage.screenshot({ path: screenshotPath('ar-audit-reads'), fullPage: true });
  expect(errors).toEqual([]);
  await adminPage.context().close();
});

test('the screen says where the chain is broken when the server finds it so', async ({ browser }) => {
  const errors: string[] = [];
  const adminPage = await openPc(browser, admin, errors);
  // The server's finding is tested against tampered databases (server/test/auditChain.test.ts);
  // here only how the screen says it.
  await adminPage.route('**/api/audit/verify', (route) =>
    route.fulfill({
      json: { isIntact: false, entries: 56, problem: { kind: 'changed', seq: 57 } },
    }),
  );
  const audit = new AuditScreen(adminPage);
  await audit.open();
  await expect(audit.chain).toHaveAttribute('data-state', 'broken');
  await expect(audit.chain).toContainText('Journal altéré');
  await expect(audit.chain).toContainText('L’entrée n° 57 a été modifiée après son enregistrement.');
  await adminPage.screenshot({ path: screenshotPath('fr-audit-broken') });
  await adminPage.getByText('العربية').click();
  await expect(audit.chain).toContainText('عُدِّل القيد رقم 57 بعد تسجيله.');
  await adminPage.screenshot({ path: screenshotPath('ar-audit-broken') });
  expect(errors).toEqual([]);
  await adminPage.context().close();
});
