/**
 * The HTML of a printed document: complete and self-contained, so that it renders the same with
 * no network and no file access in Electron's hidden print window, in the browser's print iframe
 * and in the tests' Chromium. The fonts are inlined as data URLs (Noto Sans for Latin, Noto Sans
 * Arabic for Arabic, 400 and 700): Chromium shapes Arabic and orders mixed French/Arabic text and
 * digits (bidi) correctly only with a font that covers them, and embeds exactly these in the PDF.
 * The page itself (A4, margins, header, page numbers) comes from `shared/print/pdfOptions.ts`.
 */
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import notoSansArabic400 from '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-400-normal.woff2?inline';
import notoSansArabic700 from '@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-700-normal.woff2?inline';
import notoSans400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?inline';
import notoSans700 from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff2?inline';
import { directionOf, type Language } from '../../shared/i18n/language';
import { escapeHtml } from '../../shared/print/escapeHtml';
import { pageCss } from '../../shared/print/pdfOptions';

export { escapeHtml };

export type PrintDocumentInput = {
  language: Language;
  /** The document's title (PDF metadata, the print dialog's default name). */
  title: string;
  /** The line at the top of every page, e.g. "Fondation Mohammed VI … — مؤسسة محمد السادس …". */
  header?: string;
  /** The content, rendered to static markup: React escapes every text and attribute. */
  body: ReactNode;
  /** The template's own rules, after the base print rules. */
  css?: string;
};

const fontFaces = [
  { family: 'Noto Sans', weight: 400, url: notoSans400 },
  { family: 'Noto Sans', weight: 700, url: notoSans700 },
  { family: 'Noto Sans Arabic', weight: 400, url: notoSansArabic400 },
  { family: 'Noto Sans Arabic', weight: 700, url: notoSansArabic700 },
]
  // `block`: the print waits for the fonts (document.fonts.ready); never a fallback font in a PDF.
  .map(
    ({ family, weight, url }) =>
      `@font-face { font-family: '${family}'; font-style: normal; font-weight: ${weight}; font-display: block; src: url(${url}) format('woff2'); }`,
  )
  .join('\n');

/** The language's own font first: the other covers what it lacks (digits and Latin in Arabic text). */
const fontFamilyOf: Record<Language, string> = {
  fr: "'Noto Sans', 'Noto Sans Arabic', sans-serif",
  ar: "'Noto Sans Arabic', 'Noto Sans', sans-serif",
};

const baseCss = `
html { font-size: 10.5pt; line-height: 1.45; color: #000; background: #fff; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
body { margin: 0; }
h1 { font-size: 16pt; margin: 0 0 5mm; }
h2 { font-size: 12.5pt; margin: 6mm 0 2.5mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
table { width: 100%; border-collapse: collapse; margin: 2.5mm 0 4mm; }
thead { display: table-header-group; }
tr, img { break-inside: avoid; }
th, td { border: 0.5pt solid #555; padding: 1.2mm 2mm; text-align: start; vertical-align: top; }
th { background: #eee; font-weight: 700; }
/* Amounts, quantities: digits of equal width, aligned at the end, kept in one piece in any direction. */
.amount, .number { font-variant-numeric: tabular-nums; unicode-bidi: isolate; white-space: nowrap; }
td.amount, td.number, th.amount, th.number { text-align: end; }
/* Dates and codes inside Arabic text: without their own left-to-right isolate, the bidi algorithm
   lays "2026-03-14" out as "14-03-2026" after Arabic letters (measured). */
.date, .ltr { unicode-bidi: isolate; direction: ltr; white-space: nowrap; }
img { max-width: 100%; }
`;

/**
 * Nothing in a printed document runs or loads: no scripts, no network, no files; only its own
 * inline styles, and fonts and images as data URLs (signatures).
 */
const documentPolicy = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

/** A complete HTML document, ready for the host's `print:pdf` channel. */
export function printDocument({ language, title, header = '', body, css = '' }: PrintDocumentInput): string {
  const fontFamily = fontFamilyOf[language];
  const style = [fontFaces, pageCss({ header, fontFamily }), baseCss, `html { font-family: ${fontFamily}; }`, css].join(
    '\n',
  );
  return [
    '<!doctype html>',
    `<html lang="${language}" dir="${directionOf[language]}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${documentPolicy}">`,
    `<title>${escapeHtml(title)}</title>`,
    // A template's css is the program's, never a user's text: only `</` could break out of <style>.
    `<style>\n${style.replaceAll('</', '<\\/')}\n</style>`,
    '</head>',
    `<body>${renderToStaticMarkup(body)}</body>`,
    '</html>',
  ].join('\n');
}
