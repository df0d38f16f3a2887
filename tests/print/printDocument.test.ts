/**
 * The printed PDF itself: a bilingual sample built by `printDocument`, loaded in real Chromium the
 * way Electron's print window loads it (a `data:text/html;base64,` URL, no network), printed with
 * the page options every host uses, and read back with poppler (`pdfinfo`, `pdffonts`,
 * `pdftotext`, `pdfimages`, `pdftoppm`). The PDFs and a PNG of each first page are kept under
 * test-results/ to be looked at.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printDocument } from '../../renderer/print/printDocument';
import type { Language } from '../../shared/i18n/language';
import { toPlaywrightPdfOptions } from '../../shared/print/pdfOptions';
import { chromiumLaunchOptions } from '../support/chromium';
import { SampleDocument, sampleHeader } from './sampleDocument';

const root = join(import.meta.dirname, '../..');
const pdfFolder = join(root, 'test-results/print');
const screenshotFolder = join(root, 'test-results/screenshots');

/** The 4-byte-per-character ceiling Chromium puts on a URL, which Electron's loadURL hits. */
const maxUrlLength = 2 * 1024 * 1024;

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });

/** pdftotext's text of one page, without the bidi embedding marks it wraps Arabic and Latin runs in. */
function pageText(pdf: string, page: number): string {
  const text = run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
  return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/**
 * Letters in the order pdftotext gives them, blanks removed: it cuts some Arabic words where the
 * shaped glyphs sit apart ("ب ن علي" for "بنعلي"), but keeps their logical order.
 */
const compact = (text: string) => text.replace(/\s+/g, '');

let browser: Browser;

beforeAll(async () => {
  mkdirSync(pdfFolder, { recursive: true });
  mkdirSync(screenshotFolder, { recursive: true });
  browser = await chromium.launch(chromiumLaunchOptions);
});

afterAll(async () => {
  await browser.close();
});

type Printed = { pdf: string; fonts: string[]; requests: string[] };

/**
 * Loads `html` as Electron's print window does, waits for its fonts as the print service does
 * (electron/print/printService.ts), prints it to test-results/print/<name>.pdf and page 1 to
 * test-results/screenshots/<name>.png.
 */
async function printHtml(html: string, name: string): Promise<Printed> {
  const url = `data:text/html;base64,${Buffer.from(html, 'utf8').toString('base64')}`;
  expect(url.length).toBeLessThan(maxUrlLength);

  const page: Page = await browser.newPage();
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  try {
    await page.goto(url);
    const fonts = await page.evaluate(async () => {
      document.documentElement.getBoundingClientRect();
      await document.fonts.ready;
      return [...document.fonts].map((font) => `${font.family} ${font.weight} ${font.status}`);
    });
    const options: Parameters<Page['pdf']>[0] = toPlaywrightPdfOptions();
    const pdf = join(pdfFolder, `${name}.pdf`);
    writeFileSync(pdf, await page.pdf(options));
    const png = join(screenshotFolder, name);
    run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
    return { pdf, fonts, requests };
  } finally {
    await page.close();
  }
}

/** The bilingual sample in `language`: test-results/print/print-sample-<language>.pdf. */
function printSample(language: Language): Promise<Printed> {
  const html = printDocument({
    language,
    title: language === 'ar' ? 'محضر التسليم' : 'Procès-verbal de remise',
    header: sampleHeader,
    body: createElement(SampleDocument, { language }),
  });
  return printHtml(html, `print-sample-${language}`);
}

const printed = new Map<Language, Promise<Printed>>();
/** Each language's sample is printed once, for every test that reads it. */
function printedSample(language: Language): Promise<Printed> {
  const existing = printed.get(language);
  if (existing) return existing;
  const printing = printSample(language);
  printed.set(language, printing);
  return printing;
}

describe.each(['fr', 'ar'] as const)('a printed %s document', (language) => {
  let sample: Printed;
  beforeAll(async () => {
    sample = await printedSample(language);
  });

  it('renders with its bundled fonts only, and asks nothing of the network', () => {
    expect(sample.requests).toEqual([]);
    expect(sample.fonts.sort()).toEqual([
      'Noto Sans 400 loaded',
      'Noto Sans 700 loaded',
      'Noto Sans Arabic 400 loaded',
      'Noto Sans Arabic 700 loaded',
    ]);
  });

  it('is two A4 pages', () => {
    const info = run('pdfinfo', [sample.pdf]);
    expect(info).toMatch(/^Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)$/m);
    expect(info).toMatch(/^Pages:\s+2$/m);
  });

  it('embeds Noto Sans and Noto Sans Arabic, regular and bold, and no fallback font', () => {
    const fonts = run('pdffonts', [sample.pdf])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [name = '', ...rest] = line.trim().split(/\s+/);
        // Subset fonts are named "ABCDEF+Family-Style"; the "emb" column is the 4th from the end.
        return { name: name.replace(/^[A-Z]{6}\+/, ''), isEmbedded: rest.at(-5) === 'yes' };
      });
    expect(fonts.map((font) => font.name).sort()).toEqual([
      'NotoSans-Bold',
      'NotoSans-Regular',
      'NotoSansArabic-Bold',
      'NotoSansArabic-Regular',
    ]);
    expect(fonts.every((font) => font.isEmbedded)).toBe(true);
  });

  it('numbers its pages "page / pages" and repeats the header on each', () => {
    const [first, second] = [pageText(sample.pdf, 1), pageText(sample.pdf, 2)];
    expect(first).toMatch(/(^|\s)1 ?\/ ?2(\s|$)/);
    expect(second).toMatch(/(^|\s)2 ?\/ ?2(\s|$)/);
    for (const text of [first, second]) expect(text).toContain('Fondation Mohammed VI pour la Réinsertion des Détenus');
  });

  it('prints the French text and the amounts with their digits in order', () => {
    const text = pageText(sample.pdf, 1) + pageText(sample.pdf, 2);
    for (const expected of ['Procès-verbal de remise', 'Désignation', 'Machine à coudre industrielle', '37.500,00']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('1.121.215,07');
    expect(text).not.toContain('70,512.121.1');
    expect(text).toContain('CASA-2026-K7QX3-0042');
  });

  it('prints the Arabic words shaped and in logical order, and the digits inside Arabic text in order', () => {
    const text = pageText(sample.pdf, 1) + pageText(sample.pdf, 2);
    expect(text).toMatch(/(^|\s)محمد(\s|$)/m);
    const letters = compact(text);
    for (const words of ['محمد بنعلي', 'فاطمة الزهراء العلوي', 'الدار البيضاء', 'عبد الرحيم التازي']) {
      expect(letters).toContain(compact(words));
    }
    // Visual order (what a PDF without bidi, or a reversed extraction, gives).
    expect(letters).not.toContain('يلعنبدمحم');
    expect(letters).toContain('2026-03-14');
    expect(letters).not.toContain('14-03-2026');
  });

  it('carries the signature image', () => {
    const images = run('pdfimages', ['-list', sample.pdf])
      .split('\n')
      .slice(2)
      .filter((line) => line.trim());
    expect(images).toHaveLength(1);
  });
});

// pdftotext rebuilds right-to-left lines only on a page it judges Arabic: in the French document it
// lists the runs of an Arabic line left to right, so the reading order of a sentence is checked here.
describe('a printed Arabic document, read back', () => {
  it('keeps a sentence mixing Arabic words and a number in reading order', async () => {
    const sample = await printedSample('ar');
    expect(compact(pageText(sample.pdf, 1))).toContain('مامجموعه3آلاتبقيمة1.121.215,07د.م.');
  });
});

describe('the running header', () => {
  it("prints the caller's text as it is, whatever characters it holds", async () => {
    const header = 'Reçu "n° 7" \\ <b>gras</b> </style> — مؤسسة';
    const html = printDocument({ language: 'fr', title: 'En-tête', header, body: createElement('p', null, 'Corps') });
    const sample = await printHtml(html, 'print-header');
    const text = pageText(sample.pdf, 1);
    expect(text).toContain('Reçu "n° 7" \\ <b>gras</b> </style>');
    expect(text).toContain('Corps');
  });
});
