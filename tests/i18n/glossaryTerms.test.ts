/**
 * One Arabic term per concept, on the screens and in the printed documents (docs/glossary.md).
 */
import { describe, expect, it } from 'vitest';
import { printCountsAr, printStringsAr } from '../../renderer/print/templates/printStrings';
import { createI18n } from '../../renderer/i18n/i18n';

/** Every Arabic text: the strings registered with i18next, the documents' words and sentences. */
function arabicTexts(): [string, string][] {
  const texts: [string, string][] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') texts.push([path, node]);
    // A sentence of a document with numbers in it: its words, for a few numbers.
    else if (typeof node === 'function')
      for (const n of [1, 2, 3, 11]) texts.push([`${path}(${String(n)})`, String((node as (n: number) => unknown)(n))]);
    else if (typeof node === 'object' && node !== null)
      for (const [key, value] of Object.entries(node)) walk(value, path === '' ? key : `${path}.${key}`);
  };
  walk(createI18n('ar').getResourceBundle('ar', 'translation'), '');
  walk(printStringsAr, 'print');
  walk(printCountsAr, 'print');
  return texts;
}

describe('the Arabic terms of the glossary', () => {
  const texts = arabicTexts();

  it('are read from every screen and document string', () => {
    expect(texts.length).toBeGreaterThan(500);
    expect(texts.some(([path]) => path.startsWith('ceremonies.'))).toBe(true);
    expect(texts.some(([path]) => path.startsWith('print.summary.'))).toBe(true);
  });

  it('call a handover ceremony حفل (masculine), never حفلة', () => {
    // حفلة and its dual (حفلتان، حفلتين); the plural حفلات is the plural of حفل as well.
    const feminine = /حفل[ةت]/;
    expect(texts.filter(([, text]) => feminine.test(text))).toEqual([]);
    // ... and what agrees with it is masculine: no feminine demonstrative or pronoun before it.
    expect(texts.filter(([, text]) => /(هذه|تلك)\s+(ال)?حفل(?!ات)/.test(text))).toEqual([]);
    expect(texts.filter(([path]) => path.startsWith('ceremonies.')).some(([, text]) => text.includes('حفل'))).toBe(
      true,
    );
  });
});
