import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allPrefectureCodes,
  arrondissements,
  arrondissementsOf,
  districtPrefectures,
  districtPrefecturesOf,
  findArrondissement,
  findDistrictPrefecture,
  findPrefectureByCode,
  placeLabel,
  prefectures,
  prefecturesOfRegion,
  regionOfPrefecture,
  type PlaceName,
} from './administrative';
import { casablancaSettatPrefectures } from './prefectures';
import { regions, type RegionCode } from './regions';

/** Préfectures + provinces per region, décret 2-15-40 (2015). */
const expectedCounts: Record<RegionCode, { total: number; prefectures: number; provinces: number }> = {
  TTA: { total: 8, prefectures: 2, provinces: 6 },
  ORI: { total: 8, prefectures: 1, provinces: 7 },
  FME: { total: 9, prefectures: 2, provinces: 7 },
  RSK: { total: 7, prefectures: 3, provinces: 4 },
  BMK: { total: 5, prefectures: 0, provinces: 5 },
  CSE: { total: 9, prefectures: 2, provinces: 7 },
  MSA: { total: 8, prefectures: 1, provinces: 7 },
  DTA: { total: 5, prefectures: 0, provinces: 5 },
  SMA: { total: 6, prefectures: 2, provinces: 4 },
  GON: { total: 4, prefectures: 0, provinces: 4 },
  LSH: { total: 4, prefectures: 0, provinces: 4 },
  DOD: { total: 2, prefectures: 0, provinces: 2 },
};

const codePattern = /^[A-Z]{2,3}(?:-[A-Z0-9]+)+$/;
const frenchName = /^\p{Script=Latin}[\p{Script=Latin}' .-]*$/u;
const arabicName = /^(?:(?=[\p{L}\p{M}])\p{Script=Arabic}|[ -])+$/u;

/** The ASCII code form of a French name: no accents or apostrophes, upper case, words joined by hyphens. */
function codeForm(fr: string): string {
  return fr.normalize('NFD').replace(/\p{M}/gu, '').replace(/'/g, '').toUpperCase().split(/[ -]+/).join('-');
}

const allNames: { code: string; name: PlaceName }[] = [
  ...regions,
  ...prefectures,
  ...districtPrefectures,
  ...arrondissements,
];

describe('administrative division', () => {
  it('has the 12 regions', () => {
    expect(regions).toHaveLength(12);
    expect(new Set(prefectures.map((p) => p.regionCode))).toEqual(new Set(regions.map((r) => r.code)));
  });

  it('has 75 préfectures and provinces, split per region as in the décret', () => {
    const totals = Object.values(expectedCounts).reduce((sum, c) => sum + c.total, 0);
    expect(totals).toBe(75);
    expect(prefectures).toHaveLength(75);
    for (const region of regions) {
      const ofRegion = prefecturesOfRegion(region.code);
      expect(
        {
          total: ofRegion.length,
          prefectures: ofRegion.filter((p) => p.kind === 'prefecture').length,
          provinces: ofRegion.filter((p) => p.kind === 'province').length,
        },
        region.code,
      ).toEqual(expectedCounts[region.code]);
    }
  });

  it('lists each region in one block, préfectures before provinces', () => {
    const regionOrder = prefectures.map((p) => p.regionCode).filter((code, i, all) => i === 0 || all[i - 1] !== code);
    expect(regionOrder).toEqual(regions.map((r) => r.code));
    for (const region of regions) {
      const kinds = prefecturesOfRegion(region.code).map((p) => p.kind);
      expect(kinds, region.code).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === 'prefecture' ? -1 : 1)));
    }
  });

  it('has unique codes across all levels, matching the pattern', () => {
    const codes = [...prefectures, ...districtPrefectures, ...arrondissements].map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(codePattern);
    expect(new Set(regions.map((r) => r.code)).size).toBe(12);
  });

  it('derives each code from the region and the French name', () => {
    for (const p of prefectures) {
      const prefix = p.regionCode === 'CSE' ? 'CS' : p.regionCode;
      expect(p.code).toBe(`${prefix}-${codeForm(p.name.fr)}`);
    }
    for (const d of districtPrefectures) {
      expect(d.code).toBe(`${d.prefectureCode}-${codeForm(d.name.fr.replace(/^Casablanca-/, ''))}`);
    }
    for (const a of arrondissements) expect(a.code).toBe(`${a.districtCode}-${codeForm(a.name.fr)}`);
  });

  it('writes French names in Latin script and Arabic names in Arabic script', () => {
    for (const { code, name } of allNames) {
      expect(name.fr, code).toMatch(frenchName);
      expect(name.fr, code).toBe(name.fr.normalize('NFC').trim());
      expect(name.fr, code).not.toMatch(/\s{2}|\s-|-\s/);
      expect(name.ar, code).toMatch(arabicName);
      expect(name.ar, code).toBe(name.ar.normalize('NFC').trim());
      expect(name.ar, code).not.toMatch(/\s{2}/);
      // The kind is a separate field: no « Préfecture »/« عمالة » in the name itself.
      expect(name.fr, code).not.toMatch(/^(?:Préfecture|Province|Région)\b/);
      expect(name.ar, code).not.toMatch(/^(?:عمالة|إقليم|جهة|مقاطعة) /);
    }
  });

  it('has unique names within a region, in both languages', () => {
    for (const region of regions) {
      const ofRegion = prefecturesOfRegion(region.code);
      expect(new Set(ofRegion.map((p) => p.name.fr)).size, region.code).toBe(ofRegion.length);
      expect(new Set(ofRegion.map((p) => p.name.ar)).size, region.code).toBe(ofRegion.length);
    }
  });

  it('keeps the legacy Casablanca-Settat codes and names', () => {
    const cse = prefecturesOfRegion('CSE');
    expect(new Set(cse.map((p) => p.code))).toEqual(new Set(casablancaSettatPrefectures.map((p) => p.code)));
    for (const legacy of casablancaSettatPrefectures) {
      const p = findPrefectureByCode(legacy.code);
      expect(p, legacy.code).toEqual({ ...legacy, regionCode: 'CSE' });
    }
  });

  it('has the 8 préfectures d’arrondissements and 16 arrondissements of Casablanca', () => {
    expect(districtPrefectures).toHaveLength(8);
    expect(arrondissements).toHaveLength(16);
    expect(districtPrefecturesOf('CS-CASABLANCA')).toEqual(districtPrefectures);
    for (const d of districtPrefectures) {
      expect(d.prefectureCode).toBe('CS-CASABLANCA');
      expect(arrondissementsOf(d.code).length, d.code).toBeGreaterThan(0);
    }
    for (const a of arrondissements) expect(findDistrictPrefecture(a.districtCode), a.code).toBeDefined();
    expect(
      Object.fromEntries(districtPrefectures.map((d) => [d.name.fr, arrondissementsOf(d.code).map((a) => a.name.fr)])),
    ).toEqual({
      'Casablanca-Anfa': ['Anfa', 'Maârif', 'Sidi Belyout'],
      'Al Fida-Mers Sultan': ['Al Fida', 'Mers Sultan'],
      'Aïn Sebaâ-Hay Mohammadi': ['Aïn Sebaâ', 'Hay Mohammadi', 'Roches Noires'],
      'Aïn Chock': ['Aïn Chock'],
      'Hay Hassani': ['Hay Hassani'],
      "Ben M'Sick": ["Ben M'Sick", 'Sbata'],
      'Moulay Rachid': ['Moulay Rachid', 'Sidi Othmane'],
      'Sidi Bernoussi': ['Sidi Bernoussi', 'Sidi Moumen'],
    });
    expect(districtPrefecturesOf('CS-MOHAMMEDIA')).toEqual([]);
  });

  it('finds by code, and returns undefined for unknown codes', () => {
    expect(findPrefectureByCode('TTA-TANGER-ASSILAH')?.name).toEqual({ fr: 'Tanger-Assilah', ar: 'طنجة أصيلة' });
    expect(findDistrictPrefecture('CS-CASABLANCA-ANFA')?.name.fr).toBe('Casablanca-Anfa');
    expect(findArrondissement('CS-CASABLANCA-ANFA-MAARIF')?.name.fr).toBe('Maârif');
    expect(regionOfPrefecture('RSK-RABAT')?.code).toBe('RSK');
    expect(regionOfPrefecture('CS-NOUACEUR')?.name.fr).toBe('Casablanca-Settat');

    for (const unknown of ['', 'XX-NOWHERE', 'cs-casablanca', 'CSE', 'CS-CASABLANCA-ANFA']) {
      expect(findPrefectureByCode(unknown), unknown).toBeUndefined();
      expect(regionOfPrefecture(unknown), unknown).toBeUndefined();
    }
    for (const unknown of ['', 'CS-CASABLANCA', 'CS-CASABLANCA-ANFA-MAARIF', 'cs-casablanca-anfa']) {
      expect(findDistrictPrefecture(unknown), unknown).toBeUndefined();
    }
    for (const unknown of ['', 'CS-CASABLANCA-ANFA', 'CS-CASABLANCA-ANFA-NOWHERE']) {
      expect(findArrondissement(unknown), unknown).toBeUndefined();
    }
    expect(districtPrefecturesOf('XX-NOWHERE')).toEqual([]);
    expect(arrondissementsOf('XX-NOWHERE')).toEqual([]);
  });

  it('exposes every code for z.enum, in order', () => {
    expect(allPrefectureCodes).toEqual(prefectures.map((p) => p.code));
    const schema = z.enum(allPrefectureCodes);
    expect(schema.safeParse('DOD-AOUSSERD').success).toBe(true);
    expect(schema.safeParse('CS-MEDIOUNA').success).toBe(true);
    expect(schema.safeParse('XX-NOWHERE').success).toBe(false);
  });

  it('labels a place in the requested language', () => {
    const name = { fr: 'Salé', ar: 'سلا' };
    expect(placeLabel(name, 'fr')).toBe('Salé');
    expect(placeLabel(name, 'ar')).toBe('سلا');
  });
});
