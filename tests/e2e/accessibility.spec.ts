import { test, expect } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { BeneficiariesPage, arabicLabels, frenchLabels } from './pages/BeneficiariesPage';
import { SyncScreens, arabicSyncLabels, frenchSyncLabels } from './pages/SyncScreens';

/** No serious or critical axe-core violation on the main screens, the form and the sync screens, in both languages. */
for (const [language, labels] of [
  ['fr', frenchLabels],
  ['ar', arabicLabels],
] as const) {
  test(`the beneficiaries screen and form are accessible (${language})`, async ({ page, beneficiaries }) => {
    await beneficiaries.expectShown();
    if (language === 'ar') await page.getByText('العربية').click();
    const localised = new BeneficiariesPage(page, labels);
    await expect(page.getByRole('button', { name: labels.newButton })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    await localised.openForm();
    await localised.save();
    expect(await axeViolations(page)).toEqual([]);
  });
}

for (const [language, labels] of [
  ['fr', frenchSyncLabels],
  ['ar', arabicSyncLabels],
] as const) {
  test(`the sync dialog and the Synchronisation screen are accessible (${language})`, async ({
    page,
    beneficiaries,
  }) => {
    await beneficiaries.expectShown();
    if (language === 'ar') await page.getByText('العربية').click();
    const sync = new SyncScreens(page, labels);
    await expect(sync.statusBar).toBeVisible();

    await sync.openDialog();
    expect(await axeViolations(page), 'preview').toEqual([]);
    await sync.start();
    expect(await axeViolations(page), 'receipt').toEqual([]);
    await sync.closeDialog();

    for (const section of ['journal', 'review', 'rejections'] as const) {
      await sync.openSection(section);
      expect(await axeViolations(page), section).toEqual([]);
    }
  });
}
