import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { BeneficiariesPage, arabicLabels, frenchLabels } from './pages/BeneficiariesPage';

/** No serious or critical axe-core violation on the main screen and the form, in both languages. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const [language, labels] of [
  ['fr', frenchLabels],
  ['ar', arabicLabels],
] as const) {
  test(`the beneficiaries screen and form are accessible (${language})`, async ({ page, beneficiaries }) => {
    await beneficiaries.expectShown();
    if (language === 'ar') await page.getByText('العربية').click();
    const localised = new BeneficiariesPage(page, labels);
    await expect(page.getByRole('button', { name: labels.newButton })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await localised.openForm();
    await localised.save();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
