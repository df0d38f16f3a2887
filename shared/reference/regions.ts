/** The 12 regions of Morocco (décret 2-15-40 of 2015), names in French and Arabic. */
export const regions = [
  { code: 'TTA', name: { fr: 'Tanger-Tétouan-Al Hoceïma', ar: 'طنجة تطوان الحسيمة' } },
  { code: 'ORI', name: { fr: "L'Oriental", ar: 'الشرق' } },
  { code: 'FME', name: { fr: 'Fès-Meknès', ar: 'فاس مكناس' } },
  { code: 'RSK', name: { fr: 'Rabat-Salé-Kénitra', ar: 'الرباط سلا القنيطرة' } },
  { code: 'BMK', name: { fr: 'Béni Mellal-Khénifra', ar: 'بني ملال خنيفرة' } },
  { code: 'CSE', name: { fr: 'Casablanca-Settat', ar: 'الدار البيضاء سطات' } },
  { code: 'MSA', name: { fr: 'Marrakech-Safi', ar: 'مراكش آسفي' } },
  { code: 'DTA', name: { fr: 'Drâa-Tafilalet', ar: 'درعة تافيلالت' } },
  { code: 'SMA', name: { fr: 'Souss-Massa', ar: 'سوس ماسة' } },
  { code: 'GON', name: { fr: 'Guelmim-Oued Noun', ar: 'كلميم واد نون' } },
  { code: 'LSH', name: { fr: 'Laâyoune-Sakia El Hamra', ar: 'العيون الساقية الحمراء' } },
  { code: 'DOD', name: { fr: 'Dakhla-Oued Ed-Dahab', ar: 'الداخلة وادي الذهب' } },
] as const;

export type RegionCode = (typeof regions)[number]['code'];
export const regionCodes = regions.map((r) => r.code) as [RegionCode, ...RegionCode[]];
