/**
 * Generated people for the benchmarks: plausible and varied (compression and search are measured
 * on realistic data, not on copies), Moroccan names in both scripts, valid for the form's schema.
 */
import type { BeneficiaryDraft } from '../shared/beneficiary/beneficiary';
import { testDraft } from '../renderer/db/testDraft';

const baseDraft: BeneficiaryDraft = testDraft(Date.now());

const lastNames = [
  'El Amrani',
  'Benali',
  'Alaoui',
  'Tazi',
  'Bennani',
  'El Idrissi',
  'Ait Ouahmane',
  'Berrada',
  'Chraibi',
  'Ouazzani',
];
const lastNamesArabic = [
  'العمراني',
  'بنعلي',
  'العلوي',
  'التازي',
  'بناني',
  'الإدريسي',
  'آيت واحمان',
  'برادة',
  'الشرايبي',
  'الوزاني',
];
const firstNames = ['Mohamed', 'Youssef', 'Amina', 'Fatima', 'Hamza', 'Khadija', 'Omar', 'Salma', 'Rachid', 'Nadia'];
const firstNamesArabic = ['محمد', 'يوسف', 'أمينة', 'فاطمة', 'حمزة', 'خديجة', 'عمر', 'سلمى', 'رشيد', 'نادية'];
const prefectures = ['CS-CASABLANCA', 'CS-MOHAMMEDIA', 'CS-NOUACEUR', 'CS-MEDIOUNA'] as const;

/** The `index`-th generated person (the same one every run). */
export function person(index: number): BeneficiaryDraft {
  const pick = <T>(list: readonly T[], salt: number): T =>
    list[(index * 7 + salt * 13 + (index >> 3)) % list.length] as T;
  const last = (index * 31) % lastNames.length;
  const first = (index * 17 + 3) % firstNames.length;
  return {
    ...baseDraft,
    lastNameLatin: lastNames[last] ?? 'Alaoui',
    lastNameArabic: lastNamesArabic[last] ?? '',
    firstNameLatin: firstNames[first] ?? 'Amina',
    firstNameArabic: firstNamesArabic[first] ?? '',
    sex: first % 2 === 0 ? ('M' as const) : ('F' as const),
    dateOfBirth: `${1960 + (index % 45)}-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
    cin: `${pick(['BE', 'BK', 'BH', 'A', 'J'], 1)}${String(100_000 + ((index * 7919) % 899_999))}`,
    prefectureCode: pick(prefectures, 2),
  };
}
