/**
 * The printed page of Masar, described once: A4 portrait, 15 mm margins, backgrounds printed, a
 * running header line and "page / pages" at the foot of every page. Every way a document leaves
 * Masar renders this same page: Electron's `webContents.printToPDF` and `webContents.print`, the
 * browser's print dialog (web host) and Playwright's `page.pdf` (tests), through the adapters below.
 *
 * The header and the page numbers are CSS page-margin boxes written into the document
 * (`pageCss`), not Chromium's `headerTemplate`/`footerTemplate`. Measured on Chromium 156: the
 * templates cannot use the document's fonts (they rendered in the system's DejaVu Sans, embedded in
 * the PDF beside Noto), they exist only for printToPDF (not for `print()` nor the browser's print
 * dialog), and Chromium drops them anyway once a document has margin boxes. Margin boxes need
 * Chromium 131 or later (Electron 45 ships 142); where a browser lacks them the page prints without
 * its header and numbers, nothing else changes.
 */

export type PrintMarginsMm = { top: number; right: number; bottom: number; left: number };

export type PrintPage = {
  /** A paper name that Chromium's CSS, Electron and Playwright all understand. */
  format: 'A4';
  isLandscape: boolean;
  marginsMm: PrintMarginsMm;
  printBackground: boolean;
};

/** Masar's page. Templates needing another (a landscape table) derive theirs from it. */
export const printPage: PrintPage = {
  format: 'A4',
  isLandscape: false,
  marginsMm: { top: 15, right: 15, bottom: 15, left: 15 },
  printBackground: true,
};

/**
 * A CSS string holding `text`: quotes, backslashes and `<` (which could close the `<style>`
 * element) become CSS escapes, line breaks and other control characters spaces.
 */
function toCssString(text: string): string {
  const escaped = text
    // eslint-disable-next-line no-control-regex -- control characters are what this replaces
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/["\\<>&]/g, (character) => `\\${character.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}

export type PageCssOptions = {
  /** Plain text repeated at the top of every page, French and Arabic may mix; '' for none. */
  header: string;
  /** The document's bundled fonts: margin boxes do not inherit the body's (they fell back to serif). */
  fontFamily: string;
};

/**
 * The `@page` rule of a printed document: paper, margins, and the margin boxes holding the header
 * and the page numbers.
 */
export function pageCss({ header, fontFamily }: PageCssOptions, page: PrintPage = printPage): string {
  const { top, right, bottom, left } = page.marginsMm;
  const headerBox = header.trim() === '' ? '' : `@top-center { content: ${toCssString(header)}; color: #444; }`;
  return [
    '@page {',
    `  size: ${page.format} ${page.isLandscape ? 'landscape' : 'portrait'};`,
    `  margin: ${top}mm ${right}mm ${bottom}mm ${left}mm;`,
    `  font-family: ${fontFamily};`,
    '  font-size: 8pt;',
    `  ${headerBox}`,
    // Numbers read left to right in both languages ("1 / 2", never "2 / 1" in an Arabic document).
    '  @bottom-center { content: counter(page) " / " counter(pages); direction: ltr; color: #444; }',
    '}',
  ].join('\n');
}

const inches = (mm: number) => mm / 25.4;

/** The subset of Electron's `PrintToPDFOptions` Masar sets (margins in inches). */
export type ElectronPdfOptions = {
  pageSize: PrintPage['format'];
  landscape: boolean;
  printBackground: boolean;
  margins: { top: number; bottom: number; left: number; right: number };
  /** The header and numbers are margin boxes of the document (see the top of this file). */
  displayHeaderFooter: false;
  preferCSSPageSize: false;
};

export function toElectronPdfOptions(page: PrintPage = printPage): ElectronPdfOptions {
  const { top, right, bottom, left } = page.marginsMm;
  return {
    pageSize: page.format,
    landscape: page.isLandscape,
    printBackground: page.printBackground,
    margins: { top: inches(top), bottom: inches(bottom), left: inches(left), right: inches(right) },
    displayHeaderFooter: false,
    preferCSSPageSize: false,
  };
}

/** The subset of Playwright's `page.pdf()` options Masar sets (margins as CSS lengths). */
export type PlaywrightPdfOptions = {
  format: PrintPage['format'];
  landscape: boolean;
  printBackground: boolean;
  margin: { top: string; bottom: string; left: string; right: string };
  displayHeaderFooter: false;
  preferCSSPageSize: false;
};

export function toPlaywrightPdfOptions(page: PrintPage = printPage): PlaywrightPdfOptions {
  const { top, right, bottom, left } = page.marginsMm;
  return {
    format: page.format,
    landscape: page.isLandscape,
    printBackground: page.printBackground,
    margin: { top: `${top}mm`, bottom: `${bottom}mm`, left: `${left}mm`, right: `${right}mm` },
    displayHeaderFooter: false,
    preferCSSPageSize: false,
  };
}

/**
 * The subset of Electron's `WebContentsPrintOptions` for paper: the system's print dialog opens
 * (`silent: false`); margins come from the document's `@page` rule, which Chromium lets win.
 */
export type ElectronPrintOptions = {
  silent: false;
  pageSize: PrintPage['format'];
  landscape: boolean;
  printBackground: boolean;
};

export function toElectronPrintOptions(page: PrintPage = printPage): ElectronPrintOptions {
  return { silent: false, pageSize: page.format, landscape: page.isLandscape, printBackground: page.printBackground };
}
