/**
 * The two printed documents of a handover ceremony — the bilingual procès-verbal de remise of one
 * beneficiary and the ceremony's summary sheet in French and in Arabic — printed by real Chromium
 * as the desktop prints them (a `data:` URL, fonts awaited, Masar's page options), then read back
 * with poppler. The PDFs are kept under test-results/print/ and a PNG of each first page under
 * test-results/screenshots/ to be looked at.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isHandedOver,
  receiptTotalCentimes,
  type Ceremony,
  type HandoverReceipt,
  type ReceiptItem,
  type SignatureKind,
} from '../../shared/agr/ceremony';
import type { EquipmentLine, IncomeProject, Sector } from '../../shared/agr/incomeProject';
import type { Beneficiary, Sex } from '../../shared/beneficiary/beneficiary';
import { formatAmount } from '../../shared/money/money';
import { toPlaywrightPdfOptions } from '../../shared/print/pdfOptions';
import { summaryOf, type CeremonyEntry } from '../../renderer/db/ceremonyRepository';
import { ceremonySummaryHtml } from '../../renderer/print/templates/ceremonySummary';
import { handoverReceiptsHtml, handoverReceiptHtml } from '../../renderer/print/templates/handoverReceipt';
import { printStringsAr } from '../../renderer/print/templates/printStrings';
import { chromiumLaunchOptions } from '../support/chromium';

const root = join(import.meta.dirname, '../..');
const pdfFolder = join(root, 'test-results/print');
const screenshotFolder = join(root, 'test-results/screenshots');

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });

/**
 * pdftotext's text of every page, without the bidi marks it wraps Arabic and Latin runs in:
 * `layout` keeps each printed line (a table row is one line), `reading` keeps each block together
 * (a table cell wrapped on two lines is read as one text).
 */
function pdfText(pdf: string, mode: 'layout' | 'reading'): string {
  const args = mode === 'layout' ? ['-layout', pdf, '-'] : [pdf, '-'];
  return run('pdftotext', args).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}

/**
 * Letters in the order pdftotext gives them, blanks removed: it cuts some Arabic words where the
 * shaped glyphs sit apart ("ب ن علي" for "بنعلي"), but keeps their logical order. Vowel marks
 * (the shadda of مسلَّم) are dropped: it writes them before or after their letter. It writes a
 * lam-alef ligature (لا، لإ، لأ) alef first, so no assertion below holds one.
 */
const compact = (text: string) => text.replace(/[\s\u064b-\u0652]+/g, '');
/** The printed line (compact) holding every one of `parts`; '' if none does. */
function rowOf(text: string, ...parts: string[]): string {
  const lines = text.split('\n').map(compact);
  return lines.find((line) => parts.every((part) => line.includes(compact(part)))) ?? '';
}

/** French text with its line breaks and layout blanks as single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

let browser: Browser;

beforeAll(async () => {
  mkdirSync(pdfFolder, { recursive: true });
  mkdirSync(screenshotFolder, { recursive: true });
  browser = await chromium.launch(chromiumLaunchOptions);
});

afterAll(async () => {
  await browser.close();
});

type Printed = { pdf: string; text: string; reading: string; pages: number; requests: string[] };

/**
 * Prints `html` as the desktop's print window does (a data: URL, the fonts awaited, Masar's page)
 * to test-results/print/<name>.pdf, and its first page to test-results/screenshots/<png>.png.
 */
async function printHtml(html: string, name: string, png: string): Promise<Printed> {
  const page: Page = await browser.newPage();
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  try {
    await page.goto(`data:text/html;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    await page.evaluate(async () => {
      document.documentElement.getBoundingClientRect();
      await document.fonts.ready;
    });
    const pdf = join(pdfFolder, `${name}.pdf`);
    writeFileSync(pdf, await page.pdf(toPlaywrightPdfOptions()));
    run('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, join(screenshotFolder, png)]);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [pdf]))?.[1]);
    return { pdf, text: pdfText(pdf, 'layout'), reading: pdfText(pdf, 'reading'), pages, requests };
  } finally {
    await page.close();
  }
}

/**
 * A signature as the signing screen gives it: a 480 × 160 PNG drawn on a canvas, or a scanned
 * signed paper as a JPEG (a page with lines of text and a signature), drawn here by Chromium.
 */
async function signatureImage(kind: SignatureKind, seed: number): Promise<string> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      ({ kind, seed }) => {
        const [width, height] = kind === 'drawn' ? [480, 160] : [620, 877];
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context');
        context.fillStyle = kind === 'drawn' ? '#fff' : '#f4f1ea';
        context.fillRect(0, 0, width, height);
        const [left, top, scale] = kind === 'drawn' ? [40, 80, 1] : [330, 720, 0.5];
        if (kind === 'scanned') {
          context.fillStyle = '#555';
          for (let line = 0; line < 24; line += 1) context.fillRect(60, 80 + line * 24, 420 + ((line * 37) % 80), 6);
        }
        context.strokeStyle = '#1a237e';
        context.lineWidth = 3 * scale;
        context.lineCap = 'round';
        context.beginPath();
        context.moveTo(left, top);
        for (let x = 0; x <= 400; x += 8) {
          const y = Math.sin((x + seed * 13) / 23) * 35 + Math.cos(x / 7 + seed) * 12;
          context.lineTo(left + x * scale, top + y * scale);
        }
        context.stroke();
        return canvas.toDataURL(kind === 'drawn' ? 'image/png' : 'image/jpeg', 0.7);
      },
      { kind, seed },
    );
  } finally {
    await page.close();
  }
}

const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const centreName = {
  fr: 'Centre d’accompagnement post-carcéral de Casablanca',
  ar: 'مركز المواكبة ما بعد الإفراج بالدار البيضاء',
};
// After Ramadan Morocco is at UTC+1: 10:32 UTC is 11:32 in Casablanca.
const at = '2026-04-24T10:32:00.000Z';

const ceremony: Ceremony = {
  id: '0190a8d4-1c2e-7a3b-9c4d-0000000ce001',
  centreId,
  date: '2026-04-24',
  place: 'Siège de la préfecture d’arrondissements Aïn Sebaâ-Hay Mohammadi',
  prefectureCode: 'CS-CASABLANCA',
  presidingAuthority:
    'M. le Secrétaire général de la préfecture d’arrondissements Aïn Sebaâ-Hay Mohammadi, représentant le Gouverneur',
  partnersPresent: 'INDH, Chambre d’artisanat de Casablanca-Settat, Coordination régionale de la Fondation',
  status: 'tenue',
  createdAt: at,
  updatedAt: at,
};

describe('the procès-verbal de remise', () => {
  // 2 × 17.250,50 + 11.370,25 handed over = 45.871,25 DH; the missing table (4.200,00) is not.
  const items: ReceiptItem[] = [
    {
      designation: 'Machine à coudre industrielle piqueuse plate',
      quantity: 2,
      unitPriceCentimes: 1_725_050,
      serialNumber: 'JK-DDL8700-4512',
      handoverStatus: 'remis',
      handoverNote: '',
    },
    {
      designation: 'Surjeteuse 5 fils',
      quantity: 1,
      unitPriceCentimes: 1_137_025,
      serialNumber: 'SR-757F-0091',
      handoverStatus: 'remplace',
      handoverNote: 'Surjeteuse Siruba 757F au lieu de la Juki MO-6714, même prix',
    },
    {
      designation: 'Table de coupe 2 m avec rangement',
      quantity: 1,
      unitPriceCentimes: 420_000,
      serialNumber: '',
      handoverStatus: 'manquant',
      handoverNote: 'Rupture de stock chez le fournisseur',
    },
  ];
  const first = (signature: string, counsellorSignature: string): HandoverReceipt => ({
    id: '0190a8d5-2b3c-7d4e-8f50-6a7b8c9d0e1f',
    centreId,
    ceremonyId: ceremony.id,
    beneficiaryId: '0190a8d4-1c2e-7a3b-9c4d-00000000b001',
    projectId: '0190a8d4-1c2e-7a3b-9c4d-00000000a001',
    version: 1,
    supersedesId: '',
    correctionReason: '',
    beneficiaryName: 'BENALI Mohamed',
    beneficiaryNameArabic: 'محمد بنعلي',
    beneficiaryCin: 'BE123456',
    projectTitle: 'Atelier de couture et de retouche',
    items,
    beneficiarySignatureKind: 'drawn',
    beneficiarySignature: signature,
    counsellorName: 'Nadia Berrada',
    counsellorSignature,
    signedOn: '2026-04-24',
    signedAt: at,
  });

  let pv: Printed;
  let correction: Printed;
  beforeAll(async () => {
    const [drawn, scanned, counsellor] = await Promise.all([
      signatureImage('drawn', 1),
      signatureImage('scanned', 2),
      signatureImage('drawn', 3),
    ]);
    const receipt = first(drawn, counsellor);
    pv = await printHtml(handoverReceiptHtml({ receipt, ceremony, centreName }), 'pv', 'pv-page1');
    const corrected: HandoverReceipt = {
      ...receipt,
      id: '0190a8e0-4c5d-7e6f-9a01-b2c3d4e5f607',
      version: 2,
      supersedesId: receipt.id,
      correctionReason: 'numéro de série de la machine à coudre mal saisi',
      items: items.map((item, index) => (index === 0 ? { ...item, serialNumber: 'JK-DDL8700-4521' } : item)),
      beneficiarySignatureKind: 'scanned',
      beneficiarySignature: scanned,
      signedOn: '2026-04-27',
      signedAt: '2026-04-27T09:05:00.000Z',
    };
    correction = await printHtml(
      handoverReceiptHtml({ receipt: corrected, ceremony, centreName }),
      'pv-correction',
      'pv-correction-page1',
    );
  });

  it('is a French document whose Arabic texts are right-to-left elements of their own', () => {
    const html = handoverReceiptHtml({ receipt: first('', ''), ceremony, centreName });
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toContain(
      '<p lang="ar" dir="rtl">أي بالحروف: خمسة وأربعون ألفا وثمانمائة وواحد وسبعون درهما وخمسة وعشرون سنتيما.</p>',
    );
    expect(html).toContain('<span class="date" dir="rtl">24 أبريل 2026</span>');
    // No signature image without a signature.
    expect(html).not.toContain('<img');
  });

  it('is A4, embeds only the Noto fonts and both signatures, and asks nothing of the network', () => {
    for (const printed of [pv, correction]) {
      expect(run('pdfinfo', [printed.pdf])).toMatch(/^Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)$/m);
      expect(embeddedFonts(printed.pdf)).toEqual([
        'NotoSans-Bold',
        'NotoSans-Regular',
        'NotoSansArabic-Bold',
        'NotoSansArabic-Regular',
      ]);
      expect(printed.requests).toEqual([]);
      const images = run('pdfimages', ['-list', printed.pdf])
        .split('\n')
        .slice(2)
        .filter((line) => line.trim() !== '');
      expect(images).toHaveLength(2);
    }
  });

  it('names the beneficiary in both scripts, the CIN, the project, the ceremony and the items', () => {
    expect(pv.pages).toBe(1);
    const text = flat(pv.reading);
    for (const expected of [
      'Procès-verbal de remise d’équipements',
      'BENALI Mohamed',
      'BE123456',
      'Atelier de couture et de retouche',
      '24 avril 2026',
      'Aïn Sebaâ-Hay Mohammadi',
      'Casablanca (préfecture)',
      'Machine à coudre industrielle piqueuse plate',
      'Surjeteuse 5 fils',
      'Table de coupe 2 m avec rangement',
      'Manquant',
      'Rupture de stock chez le fournisseur',
      'Surjeteuse Siruba 757F',
      'Nadia Berrada',
      'Signature tracée à l’écran',
    ]) {
      expect(text).toContain(expected);
    }
    expect(compact(pv.reading)).toContain('JK-DDL8700-4512');
    const letters = compact(pv.text);
    for (const arabic of [
      'محمد بنعلي',
      'محضر تسليم المعدات والتجهيزات',
      'مسلَّم',
      'ناقص',
      'مستبدَل',
      'توقيع مرسوم على الشاشة',
    ]) {
      expect(letters).toContain(compact(arabic));
    }
    // The ceremony's and the signed day in the Arabic long form, day first, that is at the right.
    // pdftotext lists the runs of a line of this left-to-right page from the left, so the day
    // comes last; "24 أبريل 2026" would be a date laid out left to right inside Arabic text.
    expect(letters).toContain('2026أبريل24');
    expect(letters).not.toContain('24أبريل2026');
  });

  it('prints the amounts in figures with their digits in order, and the planned total apart', () => {
    const text = flat(pv.text);
    for (const amount of ['17.250,50', '34.501,00', '11.370,25', '4.200,00', '45.871,25', '50.071,25']) {
      expect(text).toContain(amount);
    }
    expect(text).not.toContain('52,178.54');
    expect(text).toMatch(/Valeur totale des équipements remis.{0,120}45\.871,25/);
    expect(text).toMatch(/Valeur prévue, équipements.{0,120}50\.071,25/);
    expect(text).toContain('45.871,25 MAD');
    // The Arabic statement of the total carries the same figure, whole.
    expect(rowOf(pv.text, 'للمعدات المسلمة', 'م.')).toContain('45.871,25');
  });

  it('states the total handed over in French and in Arabic words', () => {
    expect(flat(pv.text)).toContain('quarante-cinq mille huit cent soixante et onze dirhams et vingt-cinq centimes');
    expect(compact(pv.text)).toContain(compact('خمسة وأربعون ألفا وثمانمائة وواحد وسبعون درهما وخمسة وعشرون سنتيما'));
    // Only what was handed over is stated in words, never the planned total.
    expect(flat(pv.text)).not.toContain('cinquante mille soixante et onze');
  });

  it('marks a correction as the version it is, what it replaces and why, in both languages', () => {
    expect(flat(pv.text)).not.toContain('Version');
    const text = flat(correction.reading);
    expect(text).toContain(
      'Version 2 — remplace la version 1 (motif : numéro de série de la machine à coudre mal saisi)',
    );
    expect(compact(correction.reading)).toContain('JK-DDL8700-4521');
    expect(text).toContain('Procès-verbal papier signé, numérisé');
    expect(text).toContain('27 avril 2026');
    const letters = compact(correction.text);
    expect(letters).toContain(compact('تحل محل النسخة'));
    expect(letters).toContain(compact('محضر ورقي موقَّع'));
    expect(letters).toContain(compact('نسخة ممسوحة ضوئيا'));
  });

  it('carries the reference and the signed instant (Moroccan time) at the foot of the page', () => {
    // 0190a8d5-…-6a7b8c9d0e1f: the last 8 hex digits; the instant in Casablanca's time (UTC+1).
    expect(flat(pv.text)).toContain('PV n° 8C9D0E1F · signé le 2026-04-24 11:32 (heure du Maroc)');
    expect(flat(correction.text)).toContain('PV n° D4E5F607 · Version 2 · signé le 2026-04-27 10:05');
    expect(compact(pv.text)).toContain('8C9D0E1F');
    expect(flat(pv.text)).toMatch(/(^|\s)1 ?\/ ?\d(\s|$)/);
  });

  it('prints every PV of a ceremony in one document, each on its own pages with its own reference', async () => {
    const [drawn, counsellor] = await Promise.all([signatureImage('drawn', 4), signatureImage('drawn', 5)]);
    const one = first(drawn, counsellor);
    const two: HandoverReceipt = {
      ...one,
      id: '0190a8e1-1111-7222-8333-444455556666',
      beneficiaryId: '0190a8d4-1c2e-7a3b-9c4d-00000000b002',
      projectId: '0190a8d4-1c2e-7a3b-9c4d-00000000a002',
      beneficiaryName: 'ALAOUI Fatima',
      beneficiaryNameArabic: 'فاطمة العلوي',
      beneficiaryCin: 'BK654321',
    };
    const batch = await printHtml(
      handoverReceiptsHtml({ receipts: [one, two], ceremony, centreName }),
      'pv-batch',
      'pv-batch-page1',
    );
    expect(batch.pages).toBeGreaterThanOrEqual(2);
    const pages = batch.text.split('\f');
    const pageOf = (text: string) => pages.findIndex((page) => page.includes(text));
    // The second PV starts on a page of its own, and each page's foot names its own PV.
    expect(pageOf('ALAOUI Fatima')).toBeGreaterThan(pageOf('BENALI Mohamed'));
    expect(flat(pages[pageOf('BENALI Mohamed')] ?? '')).toContain('PV n° 8C9D0E1F');
    expect(flat(pages[pageOf('ALAOUI Fatima')] ?? '')).toContain('PV n° 55556666');
    expect(batch.requests).toEqual([]);
  });
});

/** The fonts a PDF embeds, subset prefixes removed; fails on one not embedded. */
function embeddedFonts(pdf: string): string[] {
  const fonts = run('pdffonts', [pdf])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [name = '', ...rest] = line.trim().split(/\s+/);
      return { name: name.replace(/^[A-Z]{6}\+/, ''), isEmbedded: rest.at(-5) === 'yes' };
    });
  expect(fonts.every((font) => font.isEmbedded)).toBe(true);
  return [...new Set(fonts.map((font) => font.name))].sort();
}

// ---------------------------------------------------------------------------------------------
// The summary sheet: the Casablanca ceremony of the communiqué, 32 beneficiaries for
// 1.121.215,07 DH, built as CeremonyEntry objects and summed by `summaryOf`, as the screen does.
// ---------------------------------------------------------------------------------------------

const women = [
  ['Fatima Zahra', 'فاطمة الزهراء'],
  ['Khadija', 'خديجة'],
  ['Amina', 'أمينة'],
  ['Naima', 'نعيمة'],
  ['Souad', 'سعاد'],
  ['Latifa', 'لطيفة'],
  ['Hanane', 'حنان'],
  ['Meryem', 'مريم'],
  ['Rachida', 'رشيدة'],
  ['Zineb', 'زينب'],
  ['Siham', 'سهام'],
  ['Karima', 'كريمة'],
] as const;
const men = [
  ['Mohamed', 'محمد'],
  ['Youssef', 'يوسف'],
  ['Abderrahim', 'عبد الرحيم'],
  ['Hassan', 'حسن'],
  ['Omar', 'عمر'],
  ['Said', 'سعيد'],
  ['Rachid', 'رشيد'],
  ['Mustapha', 'مصطفى'],
  ['Abdellah', 'عبد الله'],
  ['Hamid', 'حميد'],
  ['Khalid', 'خالد'],
  ['Noureddine', 'نور الدين'],
  ['Brahim', 'إبراهيم'],
  ['Driss', 'إدريس'],
  ['Aziz', 'عزيز'],
  ['Hicham', 'هشام'],
  ['Jamal', 'جمال'],
  ['Karim', 'كريم'],
  ['Mehdi', 'المهدي'],
  ['Younes', 'يونس'],
] as const;
const lastNames = [
  ['Benali', 'بنعلي'],
  ['Alaoui', 'العلوي'],
  ['Idrissi', 'الإدريسي'],
  ['Tazi', 'التازي'],
  ['Bennani', 'بناني'],
  ['Chraibi', 'الشرايبي'],
  ['El Amrani', 'العمراني'],
  ['Berrada', 'برادة'],
  ['Fassi', 'الفاسي'],
  ['Ouazzani', 'الوزاني'],
  ['Lahlou', 'لحلو'],
  ['Sqalli', 'السقلي'],
  ['Kettani', 'الكتاني'],
  ['Benjelloun', 'بنجلون'],
  ['Zniber', 'زنيبر'],
  ['Bouzidi', 'البوزيدي'],
  ['Haddad', 'الحداد'],
  ['Naciri', 'الناصري'],
  ['Rami', 'رامي'],
  ['Sebti', 'السبتي'],
  ['Tahiri', 'الطاهري'],
  ['Ziani', 'الزياني'],
  ['Amrani', 'أمراني'],
  ['Belkadi', 'بلقاضي'],
  ['Cherkaoui', 'الشرقاوي'],
  ['Daoudi', 'الداودي'],
  ['El Hachimi', 'الهاشمي'],
  ['Filali', 'الفيلالي'],
  ['Guessous', 'كسوس'],
  ['Jabri', 'الجابري'],
  ['Mansouri', 'المنصوري'],
  ['Ouali', 'الوالي'],
] as const;

const repeat = <T>(value: T, times: number): T[] => Array.from({ length: times }, () => value);
function nth<T>(values: readonly T[], index: number): T {
  const value = values[index];
  if (value === undefined) throw new RangeError(`no value at ${index}`);
  return value;
}
/** 32 of each, shuffled below by index permutations (7 and 13 are prime to 32). */
const sectorPool: Sector[] = [
  ...repeat<Sector>('restauration', 10),
  ...repeat<Sector>('artisanat', 9),
  ...repeat<Sector>('services', 8),
  ...repeat<Sector>('commerce', 3),
  ...repeat<Sector>('agricultureElevage', 2),
];
const prefecturePool = [
  ...repeat('CS-CASABLANCA', 14),
  ...repeat('CS-MOHAMMEDIA', 6),
  ...repeat('CS-BERRECHID', 4),
  ...repeat('CS-SETTAT', 3),
  ...repeat('CS-EL-JADIDA', 2),
  ...repeat('', 3),
];

const totalCentimes = 112_121_507;
const id = (kind: string, index: number) => `0190a8d4-1c2e-7a3b-9c4d-${kind}${String(index).padStart(8, '0')}`;

/** The value of each beneficiary: 31 spread between 20.000 and 50.000 DH, the last one makes the total. */
function valuesAddingUpTo(total: number, count: number): number[] {
  const values = Array.from({ length: count - 1 }, (_, index) => 2_000_000 + ((index * 1_234_567) % 3_000_000) + index);
  const last = total - values.reduce((sum, value) => sum + value, 0);
  expect(last).toBeGreaterThan(1_000_000);
  return [...values, last];
}

function buildEntries(signatureImage: string): CeremonyEntry[] {
  const values = valuesAddingUpTo(totalCentimes, 32);
  return values.map((value, index) => {
    const sex: Sex = index < women.length ? 'F' : 'M';
    const [firstLatin, firstArabic] = sex === 'F' ? nth(women, index) : nth(men, index - women.length);
    const [lastLatin, lastArabic] = nth(lastNames, index);
    const sector = nth(sectorPool, (index * 7) % 32);
    const beneficiary: Beneficiary = {
      id: id('0b', index),
      lastNameLatin: lastLatin,
      firstNameLatin: firstLatin,
      lastNameArabic: lastArabic,
      firstNameArabic: firstArabic,
      sex,
      dateOfBirth: '1990-01-01',
      cin: `BK${String(200_000 + index)}`,
      prefectureCode: nth(prefecturePool, (index * 13 + 5) % 32),
      centreId,
      createdAt: at,
      updatedAt: at,
    };
    const project: IncomeProject = {
      id: id('0a', index),
      centreId,
      beneficiaryId: beneficiary.id,
      title: `${{ restauration: 'Snack', artisanat: 'Atelier', services: 'Salon', commerce: 'Épicerie', agricultureElevage: 'Élevage', btp: 'Chantier', autre: 'Projet' }[sector]} ${firstLatin} ${lastLatin}`,
      sector,
      sectorOther: '',
      activity: '',
      place: '',
      marketJustification: '',
      committee: 'CPDH de Casablanca',
      decisionDate: '2026-01-20',
      decisionReference: `CPDH-2026-${index}`,
      decision: 'approuve',
      amountGrantedCentimes: value,
      approvedTotalCentimes: value,
      createdAt: at,
      updatedAt: at,
    };
    // Two lines worth `value`; the fourth beneficiary also has a missing item, which does not count.
    const lines: Omit<ReceiptItem, 'handoverNote'>[] = [
      {
        designation: 'Équipement principal',
        quantity: 1,
        unitPriceCentimes: value - 300_000,
        serialNumber: `SN-${index}`,
        handoverStatus: 'remis',
      },
      {
        designation: 'Petit matériel',
        quantity: 2,
        unitPriceCentimes: 150_000,
        serialNumber: '',
        handoverStatus: 'remis',
      },
      ...(index === 3
        ? [
            {
              designation: 'Vitrine réfrigérée',
              quantity: 1,
              unitPriceCentimes: 990_000,
              serialNumber: '',
              handoverStatus: 'manquant',
            } as const,
          ]
        : []),
    ];
    const equipment: EquipmentLine[] = lines.map((line, lineIndex) => ({
      ...line,
      id: id(`e${lineIndex}`, index),
      centreId,
      beneficiaryId: beneficiary.id,
      projectId: project.id,
      supplier: '',
      handoverNote: '',
      createdAt: at,
      updatedAt: at,
    }));
    const items: ReceiptItem[] = lines.map((line) => ({ ...line, handoverNote: '' }));
    const receiptOf = (version: number): HandoverReceipt => ({
      id: id(`r${version}`, index),
      centreId,
      ceremonyId: ceremony.id,
      beneficiaryId: beneficiary.id,
      projectId: project.id,
      version,
      supersedesId: version > 1 ? id(`r${version - 1}`, index) : '',
      correctionReason: version > 1 ? 'erreur de saisie' : '',
      beneficiaryName: `${lastLatin.toUpperCase()} ${firstLatin}`,
      beneficiaryNameArabic: `${firstArabic} ${lastArabic}`,
      beneficiaryCin: beneficiary.cin,
      projectTitle: project.title,
      items,
      beneficiarySignatureKind: 'drawn',
      beneficiarySignature: signatureImage,
      counsellorName: 'Nadia Berrada',
      counsellorSignature: signatureImage,
      signedOn: ceremony.date,
      signedAt: at,
    });
    // Two PVs not signed yet (their planned value counts), one corrected (version 2 in force).
    const receipts = index === 30 || index === 31 ? [] : index === 5 ? [receiptOf(1), receiptOf(2)] : [receiptOf(1)];
    const receipt = receipts.at(-1);
    return {
      line: {
        id: project.id,
        centreId,
        ceremonyId: ceremony.id,
        beneficiaryId: beneficiary.id,
        projectId: project.id,
        status: 'inscrit',
        createdAt: at,
        updatedAt: at,
      },
      project,
      beneficiary,
      equipment,
      receipt,
      receipts,
      // As the repository computes it: the items that count, from the receipt once signed.
      valueCentimes: receiptTotalCentimes(
        (receipt ? receipt.items : equipment).filter((item) => isHandedOver(item.handoverStatus)),
      ),
    } satisfies CeremonyEntry;
  });
}

describe('the ceremony summary sheet', () => {
  let entries: CeremonyEntry[];
  const printed = new Map<'fr' | 'ar', Printed>();
  beforeAll(async () => {
    entries = buildEntries(await signatureImage('drawn', 4)).sort((a, b) =>
      `${a.beneficiary.lastNameLatin.toUpperCase()} ${a.beneficiary.firstNameLatin}`.localeCompare(
        `${b.beneficiary.lastNameLatin.toUpperCase()} ${b.beneficiary.firstNameLatin}`,
        'fr',
      ),
    );
    const file = { ceremony, entries, summary: summaryOf(entries) };
    for (const language of ['fr', 'ar'] as const) {
      const html = ceremonySummaryHtml({ file, centreName, language });
      printed.set(language, await printHtml(html, `summary-${language}`, `summary-${language}`));
    }
  });
  const sheet = (language: 'fr' | 'ar') => {
    const result = printed.get(language);
    if (!result) throw new Error(`no ${language} sheet`);
    return result;
  };

  it('is built on the figures of the communiqué', () => {
    const summary = summaryOf(entries);
    expect(summary).toMatchObject({ beneficiaries: 32, women: 12, men: 20, totalCentimes: 112_121_507 });
    expect(summary.bySector.map((row) => [row.sector, row.count])).toEqual([
      ['restauration', 10],
      ['artisanat', 9],
      ['services', 8],
      ['commerce', 3],
      ['agricultureElevage', 2],
    ]);
  });

  it('is A4 and embeds only the Noto fonts', () => {
    for (const language of ['fr', 'ar'] as const) {
      const { pdf, requests } = sheet(language);
      expect(run('pdfinfo', [pdf])).toMatch(/^Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)$/m);
      for (const font of embeddedFonts(pdf)) expect(font).toMatch(/^NotoSans(Arabic)?-(Regular|Bold)$/);
      expect(requests).toEqual([]);
    }
  });

  it('in French: beneficiaries, women and men, the total in figures and in words, by sector and préfecture', () => {
    const { text } = sheet('fr');
    const line = flat(text);
    expect(line).toContain('Cérémonie de remise d’équipements');
    expect(line).toContain('24 avril 2026');
    expect(line).toContain('32 (12 femmes, 20 hommes)');
    expect(line).toContain('1.121.215,07 dirhams');
    expect(line).not.toContain('70,512.121.1');
    expect(line).toContain(
      'Équipements et matériels d’une valeur totale de 1.121.215,07 dirhams (un million cent vingt et un mille deux cent quinze dirhams et sept centimes) au profit de 32 bénéficiaires.',
    );
    const summary = summaryOf(entries);
    const sectorNames = {
      restauration: 'Restauration',
      artisanat: 'Artisanat',
      services: 'Services',
      commerce: 'Commerce',
      agricultureElevage: 'Agriculture / élevage',
    };
    for (const row of summary.bySector) {
      const name = sectorNames[row.sector as keyof typeof sectorNames];
      expect(line).toContain(`${name} ${row.count} ${formatAmount(row.valueCentimes, 'fr')}`);
    }
    expect(line).toContain(`Casablanca (préfecture) 14 `);
    expect(line).toContain(`Settat (province) 3 `);
    expect(line).toContain(`Non renseignée 3 `);
    expect(line).toMatch(/Total 32 1\.121\.215,07/);
    expect(line).toContain('BENALI Fatima Zahra');
    expect(line).toContain('Signé (version 2)');
    expect(line).toContain('Non signé');
    expect(line).toContain('Procès-verbaux signés : 30 sur 32.');
  });

  it('in Arabic: the same figures, the total in Arabic words, the sectors and préfectures in Arabic', () => {
    const { text } = sheet('ar');
    const letters = compact(text);
    expect(letters).toContain(compact('حفل تسليم المعدات والتجهيزات'));
    expect(letters).toContain(compact('24 أبريل 2026'));
    expect(letters).toContain('1.121.215,07');
    expect(letters).not.toContain('70,512.121.1');
    expect(letters).toContain(compact('مليون ومائة وواحد وعشرون ألفا ومائتان وخمسة عشر درهما وسبعة سنتيمات'));
    expect(letters).toContain(compact('لفائدة 32 مستفيدا'));
    // pdftotext lists the runs of a line mixing Arabic words and figures in an order of its own
    // (the PNG shows "32 (12 امرأة، 20 رجلا)" in order): the row holds the three figures, and each
    // noun in the form its number calls for (11–99: the accusative singular).
    const people = rowOf(text, 'عدد المستفيدين', 'امرأة', 'رجلا');
    for (const figure of ['32', '12', '20']) expect(people).toContain(figure);
    // It lists the cells of a right-to-left table row from the left: value, count, then the name,
    // which is the rightmost cell, as it must be. Names without a lam-alef ligature only
    // (الإطعام، الفلاحة، الإقليم have one).
    const summary = summaryOf(entries);
    for (const sector of ['artisanat', 'services', 'commerce'] as const) {
      const row = summary.bySector.find((candidate) => candidate.sector === sector);
      expect(row).toBeDefined();
      if (!row) continue;
      const name = printStringsAr.sector[sector];
      expect(rowOf(text, name)).toBe(compact(`${formatAmount(row.valueCentimes, 'ar')} ${row.count} ${name}`));
    }
    const casablanca = summary.byPrefecture.find((row) => row.prefectureCode === 'CS-CASABLANCA');
    expect(rowOf(text, 'عمالة الدار البيضاء', '14')).toBe(
      compact(`${formatAmount(casablanca?.valueCentimes ?? 0, 'ar')} 14 عمالة الدار البيضاء`),
    );
    expect(rowOf(text, 'إقليم سطات')).toMatch(/,\d\d3إقليمسطات$/);
    expect(rowOf(text, 'غير محددة')).toMatch(/,\d\d3غيرمحددة$/);
    expect(rowOf(text, 'المجموع', '32')).toBe(compact('1.121.215,07 32 المجموع'));
    expect(letters).toContain(compact('فاطمة الزهراء بنعلي'));
    expect(rowOf(text, 'لطيفة الشرايبي')).toMatch(/^موقع\(النسخة\)2/);
    expect(letters).toContain(compact('غير موقع'));
    expect(letters).toContain(compact('المحاضر الموقعة'));
    expect(letters).toContain(compact('من أصل'));
  });
});

describe('the summary sheet of a small ceremony', () => {
  // One woman, then a woman and a man: the French singular (for 1 and for 0), the Arabic "one",
  // dual and "none" forms, printed and read back (the other forms: tests/i18n/translations.test.ts).
  const sheets = new Map<string, string>();
  beforeAll(async () => {
    const all = buildEntries(await signatureImage('drawn', 5));
    const woman = all.find((entry) => entry.beneficiary.sex === 'F');
    const man = all.find((entry) => entry.beneficiary.sex === 'M');
    if (!woman || !man) throw new Error('no woman or no man among the entries');
    for (const [name, entries] of [
      ['one', [woman]],
      ['two', [woman, man]],
    ] as const) {
      const file = { ceremony, entries, summary: summaryOf(entries) };
      for (const language of ['fr', 'ar'] as const) {
        const html = ceremonySummaryHtml({ file, centreName, language });
        const { text } = await printHtml(html, `summary-${name}-${language}`, `summary-${name}-${language}`);
        sheets.set(`${name}-${language}`, text);
      }
    }
  });
  const sheet = (key: string) => sheets.get(key) ?? '';

  it('in French: "1 femme", "0 homme", "au profit de 1 bénéficiaire"', () => {
    expect(flat(sheet('one-fr'))).toContain('Nombre de bénéficiaires 1 (1 femme, 0 homme)');
    expect(flat(sheet('one-fr'))).toMatch(/\) au profit de 1 bénéficiaire\./);
    expect(flat(sheet('two-fr'))).toContain('Nombre de bénéficiaires 2 (1 femme, 1 homme)');
    expect(flat(sheet('two-fr'))).toMatch(/\) au profit de 2 bénéficiaires\./);
  });

  it('in Arabic: "مستفيد واحد", "امرأة واحدة", the dual "مستفيدين اثنين", and no man', () => {
    const one = compact(sheet('one-ar'));
    expect(one).toContain(compact('لفائدة مستفيد واحد'));
    const people = rowOf(sheet('one-ar'), 'عدد المستفيدين', 'امرأة واحدة');
    // لا رجل: pdftotext writes the lam-alef ligature alef first (see compact).
    expect(people).toContain('رجل');
    expect(people).not.toContain('رجلا');
    const two = compact(sheet('two-ar'));
    expect(two).toContain(compact('لفائدة مستفيدين اثنين'));
    expect(rowOf(sheet('two-ar'), 'عدد المستفيدين', 'امرأة واحدة', 'رجل واحد')).toContain('2');
  });
});
