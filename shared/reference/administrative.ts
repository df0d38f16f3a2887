/**
 * Morocco's administrative division, in French and Arabic: the 12 regions, their 75 préfectures
 * and provinces (décret n° 2-15-40 du 1er joumada I 1436 (20 février 2015) fixant le nombre des
 * régions, leur dénomination, leur chef-lieu ainsi que les préfectures et provinces qui les
 * composent, BO n° 6340 du 5 mars 2015), in the order of the décret, and for the préfecture of
 * Casablanca its 8 préfectures d'arrondissements and 16 arrondissements.
 *
 * Names are given without the word « Préfecture »/« Province » (عمالة/إقليم): `kind` says which.
 *
 * Codes are Masar's own stable identifiers, not official ones: stored records hold them, so never
 * reuse or rename a code, even if an official name changes (change the name, keep the code). The
 * Casablanca-Settat codes (`CS-…`) predate this file (`./prefectures.ts`); the others are the
 * region code followed by the ASCII French name.
 */
import { regions, type RegionCode } from './regions';

export type AdministrativeKind = 'prefecture' | 'province';

export type PlaceName = { fr: string; ar: string };

export type Region = (typeof regions)[number];

/** A préfecture or a province. */
export type Prefecture = {
  code: string;
  regionCode: RegionCode;
  kind: AdministrativeKind;
  name: PlaceName;
};

/** A préfecture d'arrondissements (عمالة مقاطعات), inside a préfecture. */
export type DistrictPrefecture = {
  code: string;
  prefectureCode: string;
  name: PlaceName;
};

/** An arrondissement (مقاطعة), inside a préfecture d'arrondissements. */
export type Arrondissement = {
  code: string;
  districtCode: string;
  name: PlaceName;
};

export const prefectures = [
  // Tanger-Tétouan-Al Hoceïma
  {
    code: 'TTA-TANGER-ASSILAH',
    regionCode: 'TTA',
    kind: 'prefecture',
    name: { fr: 'Tanger-Assilah', ar: 'طنجة أصيلة' },
  },
  {
    code: 'TTA-MDIQ-FNIDEQ',
    regionCode: 'TTA',
    kind: 'prefecture',
    name: { fr: "M'diq-Fnideq", ar: 'المضيق الفنيدق' },
  },
  { code: 'TTA-TETOUAN', regionCode: 'TTA', kind: 'province', name: { fr: 'Tétouan', ar: 'تطوان' } },
  { code: 'TTA-FAHS-ANJRA', regionCode: 'TTA', kind: 'province', name: { fr: 'Fahs-Anjra', ar: 'الفحص أنجرة' } },
  { code: 'TTA-LARACHE', regionCode: 'TTA', kind: 'province', name: { fr: 'Larache', ar: 'العرائش' } },
  { code: 'TTA-AL-HOCEIMA', regionCode: 'TTA', kind: 'province', name: { fr: 'Al Hoceïma', ar: 'الحسيمة' } },
  { code: 'TTA-CHEFCHAOUEN', regionCode: 'TTA', kind: 'province', name: { fr: 'Chefchaouen', ar: 'شفشاون' } },
  { code: 'TTA-OUEZZANE', regionCode: 'TTA', kind: 'province', name: { fr: 'Ouezzane', ar: 'وزان' } },

  // L'Oriental
  { code: 'ORI-OUJDA-ANGAD', regionCode: 'ORI', kind: 'prefecture', name: { fr: 'Oujda-Angad', ar: 'وجدة أنكاد' } },
  { code: 'ORI-NADOR', regionCode: 'ORI', kind: 'province', name: { fr: 'Nador', ar: 'الناظور' } },
  { code: 'ORI-DRIOUCH', regionCode: 'ORI', kind: 'province', name: { fr: 'Driouch', ar: 'الدريوش' } },
  { code: 'ORI-JERADA', regionCode: 'ORI', kind: 'province', name: { fr: 'Jerada', ar: 'جرادة' } },
  { code: 'ORI-BERKANE', regionCode: 'ORI', kind: 'province', name: { fr: 'Berkane', ar: 'بركان' } },
  { code: 'ORI-TAOURIRT', regionCode: 'ORI', kind: 'province', name: { fr: 'Taourirt', ar: 'تاوريرت' } },
  { code: 'ORI-GUERCIF', regionCode: 'ORI', kind: 'province', name: { fr: 'Guercif', ar: 'جرسيف' } },
  { code: 'ORI-FIGUIG', regionCode: 'ORI', kind: 'province', name: { fr: 'Figuig', ar: 'فجيج' } },

  // Fès-Meknès
  { code: 'FME-FES', regionCode: 'FME', kind: 'prefecture', name: { fr: 'Fès', ar: 'فاس' } },
  { code: 'FME-MEKNES', regionCode: 'FME', kind: 'prefecture', name: { fr: 'Meknès', ar: 'مكناس' } },
  { code: 'FME-EL-HAJEB', regionCode: 'FME', kind: 'province', name: { fr: 'El Hajeb', ar: 'الحاجب' } },
  { code: 'FME-IFRANE', regionCode: 'FME', kind: 'province', name: { fr: 'Ifrane', ar: 'إفران' } },
  { code: 'FME-MOULAY-YACOUB', regionCode: 'FME', kind: 'province', name: { fr: 'Moulay Yacoub', ar: 'مولاي يعقوب' } },
  { code: 'FME-SEFROU', regionCode: 'FME', kind: 'province', name: { fr: 'Sefrou', ar: 'صفرو' } },
  { code: 'FME-BOULEMANE', regionCode: 'FME', kind: 'province', name: { fr: 'Boulemane', ar: 'بولمان' } },
  { code: 'FME-TAOUNATE', regionCode: 'FME', kind: 'province', name: { fr: 'Taounate', ar: 'تاونات' } },
  { code: 'FME-TAZA', regionCode: 'FME', kind: 'province', name: { fr: 'Taza', ar: 'تازة' } },

  // Rabat-Salé-Kénitra
  { code: 'RSK-RABAT', regionCode: 'RSK', kind: 'prefecture', name: { fr: 'Rabat', ar: 'الرباط' } },
  { code: 'RSK-SALE', regionCode: 'RSK', kind: 'prefecture', name: { fr: 'Salé', ar: 'سلا' } },
  {
    code: 'RSK-SKHIRATE-TEMARA',
    regionCode: 'RSK',
    kind: 'prefecture',
    name: { fr: 'Skhirate-Témara', ar: 'الصخيرات تمارة' },
  },
  { code: 'RSK-KENITRA', regionCode: 'RSK', kind: 'province', name: { fr: 'Kénitra', ar: 'القنيطرة' } },
  { code: 'RSK-KHEMISSET', regionCode: 'RSK', kind: 'province', name: { fr: 'Khémisset', ar: 'الخميسات' } },
  { code: 'RSK-SIDI-KACEM', regionCode: 'RSK', kind: 'province', name: { fr: 'Sidi Kacem', ar: 'سيدي قاسم' } },
  { code: 'RSK-SIDI-SLIMANE', regionCode: 'RSK', kind: 'province', name: { fr: 'Sidi Slimane', ar: 'سيدي سليمان' } },

  // Béni Mellal-Khénifra
  { code: 'BMK-BENI-MELLAL', regionCode: 'BMK', kind: 'province', name: { fr: 'Béni Mellal', ar: 'بني ملال' } },
  { code: 'BMK-AZILAL', regionCode: 'BMK', kind: 'province', name: { fr: 'Azilal', ar: 'أزيلال' } },
  {
    code: 'BMK-FQUIH-BEN-SALAH',
    regionCode: 'BMK',
    kind: 'province',
    name: { fr: 'Fquih Ben Salah', ar: 'الفقيه بن صالح' },
  },
  { code: 'BMK-KHENIFRA', regionCode: 'BMK', kind: 'province', name: { fr: 'Khénifra', ar: 'خنيفرة' } },
  { code: 'BMK-KHOURIBGA', regionCode: 'BMK', kind: 'province', name: { fr: 'Khouribga', ar: 'خريبكة' } },

  // Casablanca-Settat (legacy codes from ./prefectures.ts)
  { code: 'CS-CASABLANCA', regionCode: 'CSE', kind: 'prefecture', name: { fr: 'Casablanca', ar: 'الدار البيضاء' } },
  { code: 'CS-MOHAMMEDIA', regionCode: 'CSE', kind: 'prefecture', name: { fr: 'Mohammedia', ar: 'المحمدية' } },
  { code: 'CS-EL-JADIDA', regionCode: 'CSE', kind: 'province', name: { fr: 'El Jadida', ar: 'الجديدة' } },
  { code: 'CS-NOUACEUR', regionCode: 'CSE', kind: 'province', name: { fr: 'Nouaceur', ar: 'النواصر' } },
  { code: 'CS-MEDIOUNA', regionCode: 'CSE', kind: 'province', name: { fr: 'Médiouna', ar: 'مديونة' } },
  { code: 'CS-BENSLIMANE', regionCode: 'CSE', kind: 'province', name: { fr: 'Benslimane', ar: 'بنسليمان' } },
  { code: 'CS-BERRECHID', regionCode: 'CSE', kind: 'province', name: { fr: 'Berrechid', ar: 'برشيد' } },
  { code: 'CS-SETTAT', regionCode: 'CSE', kind: 'province', name: { fr: 'Settat', ar: 'سطات' } },
  { code: 'CS-SIDI-BENNOUR', regionCode: 'CSE', kind: 'province', name: { fr: 'Sidi Bennour', ar: 'سيدي بنور' } },

  // Marrakech-Safi
  { code: 'MSA-MARRAKECH', regionCode: 'MSA', kind: 'prefecture', name: { fr: 'Marrakech', ar: 'مراكش' } },
  { code: 'MSA-CHICHAOUA', regionCode: 'MSA', kind: 'province', name: { fr: 'Chichaoua', ar: 'شيشاوة' } },
  { code: 'MSA-AL-HAOUZ', regionCode: 'MSA', kind: 'province', name: { fr: 'Al Haouz', ar: 'الحوز' } },
  {
    code: 'MSA-EL-KELAA-DES-SRAGHNA',
    regionCode: 'MSA',
    kind: 'province',
    name: { fr: 'El Kelâa des Sraghna', ar: 'قلعة السراغنة' },
  },
  { code: 'MSA-ESSAOUIRA', regionCode: 'MSA', kind: 'province', name: { fr: 'Essaouira', ar: 'الصويرة' } },
  { code: 'MSA-REHAMNA', regionCode: 'MSA', kind: 'province', name: { fr: 'Rehamna', ar: 'الرحامنة' } },
  { code: 'MSA-SAFI', regionCode: 'MSA', kind: 'province', name: { fr: 'Safi', ar: 'آسفي' } },
  { code: 'MSA-YOUSSOUFIA', regionCode: 'MSA', kind: 'province', name: { fr: 'Youssoufia', ar: 'اليوسفية' } },

  // Drâa-Tafilalet
  { code: 'DTA-ERRACHIDIA', regionCode: 'DTA', kind: 'province', name: { fr: 'Errachidia', ar: 'الرشيدية' } },
  { code: 'DTA-OUARZAZATE', regionCode: 'DTA', kind: 'province', name: { fr: 'Ouarzazate', ar: 'ورزازات' } },
  { code: 'DTA-MIDELT', regionCode: 'DTA', kind: 'province', name: { fr: 'Midelt', ar: 'ميدلت' } },
  { code: 'DTA-TINGHIR', regionCode: 'DTA', kind: 'province', name: { fr: 'Tinghir', ar: 'تنغير' } },
  { code: 'DTA-ZAGORA', regionCode: 'DTA', kind: 'province', name: { fr: 'Zagora', ar: 'زاكورة' } },

  // Souss-Massa
  {
    code: 'SMA-AGADIR-IDA-OUTANANE',
    regionCode: 'SMA',
    kind: 'prefecture',
    name: { fr: 'Agadir Ida-Outanane', ar: 'أكادير إداوتنان' },
  },
  {
    code: 'SMA-INEZGANE-AIT-MELLOUL',
    regionCode: 'SMA',
    kind: 'prefecture',
    name: { fr: 'Inezgane-Aït Melloul', ar: 'إنزكان آيت ملول' },
  },
  {
    code: 'SMA-CHTOUKA-AIT-BAHA',
    regionCode: 'SMA',
    kind: 'province',
    name: { fr: 'Chtouka-Aït Baha', ar: 'اشتوكة آيت باها' },
  },
  { code: 'SMA-TAROUDANT', regionCode: 'SMA', kind: 'province', name: { fr: 'Taroudant', ar: 'تارودانت' } },
  { code: 'SMA-TIZNIT', regionCode: 'SMA', kind: 'province', name: { fr: 'Tiznit', ar: 'تيزنيت' } },
  { code: 'SMA-TATA', regionCode: 'SMA', kind: 'province', name: { fr: 'Tata', ar: 'طاطا' } },

  // Guelmim-Oued Noun
  { code: 'GON-GUELMIM', regionCode: 'GON', kind: 'province', name: { fr: 'Guelmim', ar: 'كلميم' } },
  { code: 'GON-ASSA-ZAG', regionCode: 'GON', kind: 'province', name: { fr: 'Assa-Zag', ar: 'آسا الزاك' } },
  { code: 'GON-TAN-TAN', regionCode: 'GON', kind: 'province', name: { fr: 'Tan-Tan', ar: 'طانطان' } },
  { code: 'GON-SIDI-IFNI', regionCode: 'GON', kind: 'province', name: { fr: 'Sidi Ifni', ar: 'سيدي إفني' } },

  // Laâyoune-Sakia El Hamra
  { code: 'LSH-LAAYOUNE', regionCode: 'LSH', kind: 'province', name: { fr: 'Laâyoune', ar: 'العيون' } },
  { code: 'LSH-BOUJDOUR', regionCode: 'LSH', kind: 'province', name: { fr: 'Boujdour', ar: 'بوجدور' } },
  { code: 'LSH-TARFAYA', regionCode: 'LSH', kind: 'province', name: { fr: 'Tarfaya', ar: 'طرفاية' } },
  { code: 'LSH-ES-SEMARA', regionCode: 'LSH', kind: 'province', name: { fr: 'Es-Semara', ar: 'السمارة' } },

  // Dakhla-Oued Ed-Dahab
  { code: 'DOD-OUED-ED-DAHAB', regionCode: 'DOD', kind: 'province', name: { fr: 'Oued Ed-Dahab', ar: 'وادي الذهب' } },
  { code: 'DOD-AOUSSERD', regionCode: 'DOD', kind: 'province', name: { fr: 'Aousserd', ar: 'أوسرد' } },
] as const satisfies readonly Prefecture[];

export type PrefectureCode = (typeof prefectures)[number]['code'];

/** Every préfecture/province code, in order; a non-empty tuple, so usable as `z.enum(allPrefectureCodes)`. */
export const allPrefectureCodes = prefectures.map((p) => p.code) as [PrefectureCode, ...PrefectureCode[]];

/** The préfectures d'arrondissements of Casablanca, in official order. Mohammedia has none. */
export const districtPrefectures = [
  {
    code: 'CS-CASABLANCA-ANFA',
    prefectureCode: 'CS-CASABLANCA',
    name: { fr: 'Casablanca-Anfa', ar: 'الدار البيضاء أنفا' },
  },
  {
    code: 'CS-CASABLANCA-AL-FIDA-MERS-SULTAN',
    prefectureCode: 'CS-CASABLANCA',
    name: { fr: 'Al Fida-Mers Sultan', ar: 'الفداء مرس السلطان' },
  },
  {
    code: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI',
    prefectureCode: 'CS-CASABLANCA',
    name: { fr: 'Aïn Sebaâ-Hay Mohammadi', ar: 'عين السبع الحي المحمدي' },
  },
  { code: 'CS-CASABLANCA-AIN-CHOCK', prefectureCode: 'CS-CASABLANCA', name: { fr: 'Aïn Chock', ar: 'عين الشق' } },
  {
    code: 'CS-CASABLANCA-HAY-HASSANI',
    prefectureCode: 'CS-CASABLANCA',
    name: { fr: 'Hay Hassani', ar: 'الحي الحسني' },
  },
  { code: 'CS-CASABLANCA-BEN-MSICK', prefectureCode: 'CS-CASABLANCA', name: { fr: "Ben M'Sick", ar: 'ابن مسيك' } },
  {
    code: 'CS-CASABLANCA-MOULAY-RACHID',
    prefectureCode: 'CS-CASABLANCA',
    name: { fr: 'Moulay Rachid', ar: 'مولاي رشيد' },
  },
  {
    code: 'CS-CASABLANCA-SIDI-BERNOUSSI',
    prefectureCode: 'CS-CASABLANCA',
    name: { fr: 'Sidi Bernoussi', ar: 'سيدي البرنوصي' },
  },
] as const satisfies readonly DistrictPrefecture[];

/** The arrondissements of Casablanca, grouped by préfecture d'arrondissements. */
export const arrondissements = [
  { code: 'CS-CASABLANCA-ANFA-ANFA', districtCode: 'CS-CASABLANCA-ANFA', name: { fr: 'Anfa', ar: 'أنفا' } },
  { code: 'CS-CASABLANCA-ANFA-MAARIF', districtCode: 'CS-CASABLANCA-ANFA', name: { fr: 'Maârif', ar: 'المعاريف' } },
  {
    code: 'CS-CASABLANCA-ANFA-SIDI-BELYOUT',
    districtCode: 'CS-CASABLANCA-ANFA',
    name: { fr: 'Sidi Belyout', ar: 'سيدي بليوط' },
  },
  {
    code: 'CS-CASABLANCA-AL-FIDA-MERS-SULTAN-AL-FIDA',
    districtCode: 'CS-CASABLANCA-AL-FIDA-MERS-SULTAN',
    name: { fr: 'Al Fida', ar: 'الفداء' },
  },
  {
    code: 'CS-CASABLANCA-AL-FIDA-MERS-SULTAN-MERS-SULTAN',
    districtCode: 'CS-CASABLANCA-AL-FIDA-MERS-SULTAN',
    name: { fr: 'Mers Sultan', ar: 'مرس السلطان' },
  },
  {
    code: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI-AIN-SEBAA',
    districtCode: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI',
    name: { fr: 'Aïn Sebaâ', ar: 'عين السبع' },
  },
  {
    code: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI-HAY-MOHAMMADI',
    districtCode: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI',
    name: { fr: 'Hay Mohammadi', ar: 'الحي المحمدي' },
  },
  {
    code: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI-ROCHES-NOIRES',
    districtCode: 'CS-CASABLANCA-AIN-SEBAA-HAY-MOHAMMADI',
    name: { fr: 'Roches Noires', ar: 'الصخور السوداء' },
  },
  {
    code: 'CS-CASABLANCA-AIN-CHOCK-AIN-CHOCK',
    districtCode: 'CS-CASABLANCA-AIN-CHOCK',
    name: { fr: 'Aïn Chock', ar: 'عين الشق' },
  },
  {
    code: 'CS-CASABLANCA-HAY-HASSANI-HAY-HASSANI',
    districtCode: 'CS-CASABLANCA-HAY-HASSANI',
    name: { fr: 'Hay Hassani', ar: 'الحي الحسني' },
  },
  {
    code: 'CS-CASABLANCA-BEN-MSICK-BEN-MSICK',
    districtCode: 'CS-CASABLANCA-BEN-MSICK',
    name: { fr: "Ben M'Sick", ar: 'ابن مسيك' },
  },
  {
    code: 'CS-CASABLANCA-BEN-MSICK-SBATA',
    districtCode: 'CS-CASABLANCA-BEN-MSICK',
    name: { fr: 'Sbata', ar: 'سباتة' },
  },
  {
    code: 'CS-CASABLANCA-MOULAY-RACHID-MOULAY-RACHID',
    districtCode: 'CS-CASABLANCA-MOULAY-RACHID',
    name: { fr: 'Moulay Rachid', ar: 'مولاي رشيد' },
  },
  {
    code: 'CS-CASABLANCA-MOULAY-RACHID-SIDI-OTHMANE',
    districtCode: 'CS-CASABLANCA-MOULAY-RACHID',
    name: { fr: 'Sidi Othmane', ar: 'سيدي عثمان' },
  },
  {
    code: 'CS-CASABLANCA-SIDI-BERNOUSSI-SIDI-BERNOUSSI',
    districtCode: 'CS-CASABLANCA-SIDI-BERNOUSSI',
    name: { fr: 'Sidi Bernoussi', ar: 'سيدي البرنوصي' },
  },
  {
    code: 'CS-CASABLANCA-SIDI-BERNOUSSI-SIDI-MOUMEN',
    districtCode: 'CS-CASABLANCA-SIDI-BERNOUSSI',
    name: { fr: 'Sidi Moumen', ar: 'سيدي مومن' },
  },
] as const satisfies readonly Arrondissement[];

const regionByCode = new Map<string, Region>(regions.map((r) => [r.code, r]));
const prefectureByCode = new Map<string, Prefecture>(prefectures.map((p) => [p.code, p]));
const districtByCode = new Map<string, DistrictPrefecture>(districtPrefectures.map((d) => [d.code, d]));
const arrondissementByCode = new Map<string, Arrondissement>(arrondissements.map((a) => [a.code, a]));

/** The préfectures and provinces of a region, in the order of the décret. */
export function prefecturesOfRegion(regionCode: RegionCode): readonly Prefecture[] {
  return prefectures.filter((p) => p.regionCode === regionCode);
}

/**
 * Every préfecture/province grouped by region, `firstRegion`'s first (a centre's own région: where
 * its ceremonies are held), then the others in the order of the décret.
 */
export function prefecturesByRegion(
  firstRegion?: RegionCode,
): readonly { readonly region: Region; readonly prefectures: readonly Prefecture[] }[] {
  const ordered =
    firstRegion === undefined
      ? [...regions]
      : [...regions].sort((a, b) => Number(b.code === firstRegion) - Number(a.code === firstRegion));
  return ordered.map((region) => ({ region, prefectures: prefecturesOfRegion(region.code) }));
}

/** The préfectures d'arrondissements of a préfecture (empty for most). */
export function districtPrefecturesOf(prefectureCode: string): readonly DistrictPrefecture[] {
  return districtPrefectures.filter((d) => d.prefectureCode === prefectureCode);
}

/** The arrondissements of a préfecture d'arrondissements. */
export function arrondissementsOf(districtCode: string): readonly Arrondissement[] {
  return arrondissements.filter((a) => a.districtCode === districtCode);
}

export function findPrefectureByCode(code: string): Prefecture | undefined {
  return prefectureByCode.get(code);
}

export function findDistrictPrefecture(code: string): DistrictPrefecture | undefined {
  return districtByCode.get(code);
}

export function findArrondissement(code: string): Arrondissement | undefined {
  return arrondissementByCode.get(code);
}

/** The region of a préfecture/province, or undefined for an unknown code. */
export function regionOfPrefecture(code: string): Region | undefined {
  const prefecture = prefectureByCode.get(code);
  return prefecture ? regionByCode.get(prefecture.regionCode) : undefined;
}

/**
 * The name of a place as the ceremony summaries give it: the préfecture d'arrondissements where one
 * is known, else the préfecture or province; undefined for unknown codes.
 */
export function prefectureOrDistrictName(prefectureCode: string, districtCode: string): PlaceName | undefined {
  return (
    (districtCode === '' ? undefined : districtByCode.get(districtCode))?.name ??
    prefectureByCode.get(prefectureCode)?.name
  );
}

export function placeLabel(name: PlaceName, language: 'fr' | 'ar'): string {
  return name[language];
}
