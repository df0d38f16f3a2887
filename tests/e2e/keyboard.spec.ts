import type { Locator, Page } from '@playwright/test';
import type { Language } from '../../shared/i18n/language';
import { createI18n } from '../../renderer/i18n/i18n';
import { test, expect, screenshotPath } from './fixtures';
import { axeViolations } from './pages/accessibility';
import { SignInPage } from './pages/SignInPage';

/**
 * The main flows with the keyboard only, on a prefecture PC's screen (1366×768 at 125 %: 1093×614
 * CSS pixels), in French and in Arabic: sign in, register someone, search, open the file, move
 * it, back to the list, sync, switch language, sign out. After each step the test asserts where
 * focus is, that it is not hidden under the fixed header or status bar, and axe finds nothing on
 * the screen, dialog or open menu of that step.
 */
test.use({ viewport: { width: 1093, height: 614 } });

/** Presses Tab (Shift+Tab backwards) until `target` has focus: it is reachable by keyboard. */
async function tabTo(page: Page, target: Locator, { backwards = false, max = 60 } = {}): Promise<void> {
  await expect(target).toBeAttached();
  for (let presses = 0; presses < max; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `reachable with ${backwards ? 'Shift+Tab' : 'Tab'}`).toBeFocused();
}

/** The focused element is inside the viewport and under neither the fixed header nor the status bar. */
async function expectFocusInView(page: Page): Promise<void> {
  const overlap = await page.evaluate(() => {
    const active = document.activeElement;
    if (!active || active === document.body) return 'focus is on <body>';
    const box = active.getBoundingClientRect();
    const header = document.querySelector('.mantine-AppShell-header')?.getBoundingClientRect();
    const footer = document.querySelector('.mantine-AppShell-footer')?.getBoundingClientRect();
    const inDialog = active.closest('[role="dialog"]') !== null;
    if (box.top < 0 || box.bottom > window.innerHeight) return `outside the viewport: ${box.top}–${box.bottom}`;
    if (!inDialog && header && box.top < header.bottom && !active.closest('.mantine-AppShell-header'))
      return `under the header: ${box.top} < ${header.bottom}`;
    if (!inDialog && footer && box.bottom > footer.top && !active.closest('.mantine-AppShell-footer'))
      return `under the status bar: ${box.bottom} > ${footer.top}`;
    return null;
  });
  expect(overlap).toBeNull();
}

/** Opens the select with the keyboard and moves down its options until `option` is active. */
async function chooseWithKeyboard(page: Page, select: Locator, option: RegExp): Promise<void> {
  await expect(select).toBeFocused();
  await expect(select).toHaveAttribute('role', 'combobox');
  await page.keyboard.press('ArrowDown');
  await expect(select).toHaveAttribute('aria-expanded', 'true');
  for (let presses = 0; presses < 120; presses += 1) {
    const active = await select.getAttribute('aria-activedescendant');
    const text = active ? await page.locator(`[id="${active}"]`).innerText() : '';
    if (option.test(text)) {
      await page.keyboard.press('Enter');
      await expect(select).toHaveAttribute('aria-expanded', 'false');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`option ${String(option)} not reached`);
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A field's accessible name: its label, with Mantine's " *" when it is required. */
function labelled(label: string): RegExp {
  return new RegExp(`^${escaped(label)}( \\*)?$`);
}

async function expectNoViolation(page: Page, step: string): Promise<void> {
  expect(await axeViolations(page), step).toEqual([]);
}

for (const language of ['fr', 'ar'] as const satisfies readonly Language[]) {
  test(`the main flows work with the keyboard only at 1093×614 (${language})`, async ({ page, counsellor }) => {
    test.setTimeout(180_000);
    const t = createI18n(language).t;
    const signIn = new SignInPage(page);
    await signIn.goto();
    if (language === 'ar') {
      // Switching language is itself done by keyboard: the switch is a pair of radios.
      await tabTo(page, page.getByRole('radio', { name: 'Français' }));
      await page.keyboard.press('ArrowRight');
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    const signInForm = page.getByRole('form', { name: t('auth.signInTitle') });
    const username = signInForm.getByRole('textbox', { name: t('auth.username') });

    // Sign in. The username waits for the user; an empty submit says what is missing.
    if (language === 'fr') await expect(username).toBeFocused();
    else await tabTo(page, username);
    await page.keyboard.press('Enter');
    await expect(username).toBeFocused();
    await expect(username).toHaveAttribute('aria-invalid', 'true');
    await expect(signInForm.getByText(t('errors.required')).first()).toBeVisible();
    await expectNoViolation(page, 'sign-in, empty submit');
    await page.keyboard.type(counsellor.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(counsellor.password);
    await page.keyboard.press('Enter');
    const search = page.getByRole('searchbox', { name: t('beneficiaries.search') });
    await expect(search).toBeFocused();
    await expectNoViolation(page, 'list');

    // Register someone: the dialog opens on its first field, its buttons stay in view.
    const newButton = page.getByRole('button', { name: t('beneficiaries.new') });
    await tabTo(page, newButton, { backwards: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: t('form.title') });
    await expect(dialog).toBeVisible();
    const lastName = dialog.getByRole('textbox', { name: labelled(t('form.lastNameLatin')) });
    await expect(lastName).toBeFocused();
    await expectNoViolation(page, 'registration dialog');
    await page.screenshot({ path: screenshotPath(`${language}-keyboard-registration`) });
    const person = { last: language === 'fr' ? 'Benali' : 'Ouazzani', first: language === 'fr' ? 'Karim' : 'Samir' };
    await page.keyboard.type(person.last);
    await page.keyboard.press('Tab');
    await page.keyboard.type(person.first);
    // A radio group is one stop of the Tab key; the arrows choose within it.
    await tabTo(page, dialog.getByRole('radio', { name: t('form.sexF') }));
    await page.keyboard.press('ArrowDown');
    await expect(dialog.getByRole('radio', { name: t('form.sexM') })).toBeChecked();
    await tabTo(page, dialog.getByLabel(labelled(t('form.dateOfBirth'))));
    await page.keyboard.type('15031990');
    const region = dialog.getByRole('combobox', { name: labelled(t('form.region')) });
    await tabTo(page, region);
    await page.keyboard.press('ArrowDown');
    await expectNoViolation(page, 'open select');
    await page.keyboard.press('Escape');
    await expect(dialog, 'Escape closes the open list, not the dialog').toBeVisible();
    await chooseWithKeyboard(page, region, /^(Casablanca-Settat|الدار البيضاء سطات)$/);
    const prefecture = dialog.getByRole('combobox', { name: labelled(t('form.prefecture')) });
    await tabTo(page, prefecture);
    await chooseWithKeyboard(page, prefecture, /^(Mohammedia|المحمدية)/);
    const save = dialog.getByRole('button', { name: t('form.save') });
    await tabTo(page, save);
    await expectFocusInView(page);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(newButton, 'focus returns to the button that opened the dialog').toBeFocused();

    // Search and open the file: its heading takes focus.
    await tabTo(page, search);
    await page.keyboard.type(person.last);
    const name = page.getByTestId('beneficiary-list').getByRole('button', { name: new RegExp(person.last, 'i') });
    await tabTo(page, name);
    await expectFocusInView(page);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 2, name: new RegExp(person.last, 'i') });
    await expect(heading).toBeFocused();
    await expectNoViolation(page, 'file');

    // A refused save (a consent dated tomorrow) takes focus to the field that says why, instead
    // of leaving it on *Enregistrer* with nothing announced.
    await tabTo(page, page.getByRole('button', { name: t('sections.admission.edit') }));
    await page.keyboard.press('Enter');
    const consentDate = page.getByLabel(labelled(t('sections.admission.consentDate')));
    await tabTo(page, consentDate);
    await page.keyboard.type('01012099');
    await page.keyboard.press('Enter');
    await expect(consentDate).toBeFocused();
    await expect(consentDate).toHaveAttribute('aria-invalid', 'true');
    await expectFocusInView(page);
    await tabTo(page, page.getByRole('button', { name: t('sections.common.cancel') }));
    await page.keyboard.press('Enter');

    // Move it to the next stage: focus stays on a control or the outcome, never on <body>.
    const next = page.getByRole('button', {
      name: new RegExp(`^${escaped(t('casefile.parcours.next', { stage: '' }))}`),
    });
    await tabTo(page, next);
    await expectFocusInView(page);
    await page.keyboard.press('Enter');
    // A new file lacks what the next stage needs: the refusal says what, focus stays on the button.
    const parcours = page.getByTestId('parcours-panel');
    await expect(parcours.getByRole('status').or(parcours.getByRole('alert'))).toBeVisible();
    expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);
    await expectFocusInView(page);

    // Back to the list: focus returns to the person's name.
    await tabTo(page, page.getByTestId('case-back'), { backwards: true });
    await page.keyboard.press('Enter');
    await expect(name).toBeFocused();

    // Sync: the dialog opens on *Lancer* once the preview is ready, the phases hold focus during
    // the run, *Fermer* on the receipt, and focus returns to *Synchroniser*.
    const syncButton = page.getByRole('button', { name: t('sync.button.label'), exact: true });
    await tabTo(page, syncButton, { backwards: true, max: 120 });
    await page.keyboard.press('Enter');
    const start = page.getByRole('button', { name: t('sync.dialog.start') });
    await expect(start).toBeEnabled();
    await expect(start).toBeFocused();
    await expectNoViolation(page, 'sync preview');
    await page.keyboard.press('Enter');
    const close = page.getByTestId('sync-outcome').getByRole('button', { name: t('sync.dialog.close') });
    await expect(close).toBeFocused();
    await expectNoViolation(page, 'sync receipt');
    await page.keyboard.press('Enter');
    await expect(syncButton).toBeFocused();

    // The user menu, opened and used by keyboard: sign out; the sign-in screen takes focus.
    const menuButton = page.getByRole('button', { name: t('auth.userMenu', { name: counsellor.displayName }) });
    await tabTo(page, menuButton);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menu')).toBeVisible();
    await expect(page.getByRole('menuitem').first()).toBeFocused();
    await expectNoViolation(page, 'user menu');
    await page.keyboard.press('End');
    await expect(page.getByRole('menuitem', { name: t('auth.signOut') })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('form', { name: t('auth.signInTitle') })).toBeVisible();
    await expect(username).toBeFocused();
  });
}
