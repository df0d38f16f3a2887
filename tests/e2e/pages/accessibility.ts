import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * Resolves when every finite animation and transition of the page has ended (a dialog or a menu
 * fading in); infinite ones (loaders) are not waited for. For axe, and for screenshots.
 */
export async function animationsSettled(page: Page): Promise<void> {
  // Two frames first: a transition that starts on the next frame is only then in getAnimations().
  await page.evaluate(
    () =>
      new Promise<void>((framed) => {
        requestAnimationFrame(() => {
          requestAnimationFrame(() => {
            framed();
          });
        });
      }),
  );
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every(
        (animation) => animation.playState !== 'running' || animation.effect?.getComputedTiming().endTime === Infinity,
      ),
  );
}

/**
 * Every axe-core violation, whatever its impact, of what the page shows now (issue 16: none on any
 * screen, dialog or open menu), one line each.
 *
 * Waits first for every finite animation and transition to end: a dialog fading in, or a button
 * still scaled by its click, is measured half transparent by axe and fails colour contrast
 * although nobody can read it in that state (a CI run failed on exactly that). Infinite ones
 * (loaders) are not waited for. One exception: `region` on an open select's list. Mantine renders it
 * in a portal at the end of <body>, outside the landmarks; it is the popup of a combobox that names
 * it (`aria-controls`), which axe itself exempts from its scroll rule, and moving it inside the
 * page's landmarks would let a dialog's overflow clip it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await animationsSettled(page);
  const isComboboxOpen = (await page.locator('[role="combobox"][aria-expanded="true"]').count()) > 0;
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.flatMap((violation) => {
    const nodes = violation.nodes.filter(
      (node) =>
        !(violation.id === 'region' && isComboboxOpen && node.target.join(' ').includes('.mantine-Popover-dropdown')),
    );
    return nodes.length === 0
      ? []
      : [`${violation.impact ?? ''} ${violation.id}: ${nodes.map((node) => node.target.join(' ')).join(', ')}`];
  });
}
