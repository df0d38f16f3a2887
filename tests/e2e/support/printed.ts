import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { toPlaywrightPdfOptions } from '../../../shared/print/pdfOptions';
import { screenshotDir } from '../fixtures';

/**
 * The documents the browser host hands to the print dialog, read back as a counsellor would get
 * them: rendered to PDF by Chromium (page.pdf, the page settings of the app), their text read with
 * pdftotext and their first page saved as a PNG beside the screenshots. And the signature pads.
 */
const pdfDir = join(import.meta.dirname, '../../../test-results/print');

/** From now on, records every document handed to the print dialog (its print frame's srcdoc). */
export async function catchPrintedDocuments(page: Page): Promise<void> {
  await page.evaluate(() => {
    const caught: string[] = [];
    (window as unknown as { masarPrinted: string[] }).masarPrinted = caught;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLIFrameElement && node.srcdoc !== '') caught.push(node.srcdoc);
    }).observe(document.body, { childList: true });
  });
}

export async function printedDocuments(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { masarPrinted: string[] }).masarPrinted);
}

/** Renders a printed document to PDF in its own page; its text (pdftotext -layout), bidi marks removed. */
export async function pdfText(page: Page, html: string, name: string): Promise<string> {
  const printPage = await page.context().newPage();
  try {
    await printPage.setContent(html, { waitUntil: 'load' });
    await printPage.evaluate(() => document.fonts.ready.then(() => undefined));
    mkdirSync(pdfDir, { recursive: true });
    const file = join(pdfDir, `${name}.pdf`);
    writeFileSync(file, await printPage.pdf(toPlaywrightPdfOptions()));
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      join(screenshotDir, name),
    ]);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(
      /[\u200e\u200f\u202a-\u202e]/g,
      '',
    );
  } finally {
    await printPage.close();
  }
}

/** The text of the next document printed, once `alreadyCaught` documents were. */
export async function nextPrintedText(page: Page, alreadyCaught: number, name: string): Promise<string> {
  await expect.poll(async () => (await printedDocuments(page)).length).toBe(alreadyCaught + 1);
  return pdfText(page, (await printedDocuments(page))[alreadyCaught] ?? '', name);
}

/** Draws a stroke on a signature pad with the mouse. */
export async function drawSignature(page: Page, pad: Locator): Promise<void> {
  const box = await pad.boundingBox();
  if (!box) throw new Error('no pad');
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let step = 1; step <= 8; step++)
    await page.mouse.move(box.x + box.width * (0.2 + step * 0.07), box.y + box.height * (0.6 - (step % 2) * 0.25));
  await page.mouse.up();
}
