import type { SearchableRecord } from './searchIndex';

/**
 * Deterministic synthetic beneficiaries for tests and benchmarks: Moroccan names in both
 * scripts, several Latin spellings per name, identifiers in the formats counsellors type.
 * Each record comes with the name concepts it was drawn from, so tests know the truth.
 */

export type NameConcept = {
  readonly concept: string;
  /** Latin spellings of the same name, as registries and counsellors write them. */
  readonly latin: readonly string[];
  readonly arabic: string;
};

export const firstNameConcepts: readonly NameConcept[] = [
  { concept: 'mohammed', latin: ['Mohamed', 'Mohammed', 'Mohamad', 'Muhammad', 'Mohammad'], arabic: 'محمد' },
  { concept: 'youssef', latin: ['Youssef', 'Yousef', 'Youcef', 'Yusuf'], arabic: 'يوسف' },
  { concept: 'khadija', latin: ['Khadija', 'Khadidja', 'Khadîja'], arabic: 'خديجة' },
  { concept: 'fatima', latin: ['Fatima', 'Fatema'], arabic: 'فاطمة' },
  { concept: 'fatiha', latin: ['Fatiha'], arabic: 'فتيحة' },
  { concept: 'aicha', latin: ['Aicha', 'Aïcha', 'Aisha'], arabic: 'عائشة' },
  { concept: 'abdelkader', latin: ['Abdelkader', 'Abdelkadir', 'Abd El Kader'], arabic: 'عبد القادر' },
  { concept: 'karim', latin: ['Karim', 'Kareem'], arabic: 'كريم' },
  { concept: 'kamal', latin: ['Kamal'], arabic: 'كمال' },
  { concept: 'rachid', latin: ['Rachid', 'Rashid'], arabic: 'رشيد' },
  { concept: 'hicham', latin: ['Hicham', 'Hisham'], arabic: 'هشام' },
  { concept: 'nadia', latin: ['Nadia'], arabic: 'نادية' },
  { concept: 'omar', latin: ['Omar', 'Omer'], arabic: 'عمر' },
  { concept: 'zineb', latin: ['Zineb', 'Zaynab'], arabic: 'زينب' },
  { concept: 'idriss', latin: ['Idriss', 'Driss'], arabic: 'إدريس' },
  { concept: 'khalid', latin: ['Khalid', 'Khaled'], arabic: 'خالد' },
  { concept: 'naima', latin: ['Naima', 'Naïma'], arabic: 'نعيمة' },
  { concept: 'meryem', latin: ['Meryem', 'Maryam'], arabic: 'مريم' },
  { concept: 'soufiane', latin: ['Soufiane', 'Sofiane'], arabic: 'سفيان' },
  { concept: 'hamza', latin: ['Hamza'], arabic: 'حمزة' },
  { concept: 'ayoub', latin: ['Ayoub', 'Ayyoub'], arabic: 'أيوب' },
  { concept: 'imane', latin: ['Imane', 'Iman'], arabic: 'إيمان' },
  { concept: 'othmane', latin: ['Othmane', 'Otmane'], arabic: 'عثمان' },
  { concept: 'brahim', latin: ['Brahim', 'Ibrahim'], arabic: 'إبراهيم' },
];

export const familyNameConcepts: readonly NameConcept[] = [
  { concept: 'idrissi', latin: ['El Idrissi', 'Idrissi', 'Elidrissi', 'Al Idrissi'], arabic: 'الإدريسي' },
  { concept: 'amrani', latin: ['El Amrani', 'Amrani'], arabic: 'العمراني' },
  { concept: 'alaoui', latin: ['Alaoui', 'El Alaoui'], arabic: 'العلوي' },
  { concept: 'benali', latin: ['Benali', 'Ben Ali'], arabic: 'بنعلي' },
  { concept: 'aitbenhaddou', latin: ['Aït Ben Haddou', 'Ait Benhaddou'], arabic: 'آيت بن حدو' },
  { concept: 'chaoui', latin: ['Chaoui', 'Ech-Chaoui'], arabic: 'الشاوي' },
  { concept: 'ouahmane', latin: ['Ouahmane', 'Wahmane'], arabic: 'وحمان' },
  { concept: 'bennani', latin: ['Bennani', 'Benani'], arabic: 'بناني' },
  { concept: 'tazi', latin: ['Tazi', 'Ettazi'], arabic: 'التازي' },
  { concept: 'berrada', latin: ['Berrada'], arabic: 'برادة' },
  { concept: 'fassi', latin: ['El Fassi', 'Fassi'], arabic: 'الفاسي' },
  { concept: 'ziani', latin: ['Ziani', 'Zyani'], arabic: 'الزياني' },
  { concept: 'lahlou', latin: ['Lahlou'], arabic: 'لحلو' },
  { concept: 'naciri', latin: ['Naciri', 'En-Nasiri'], arabic: 'الناصري' },
  { concept: 'bouzid', latin: ['Bouzid'], arabic: 'بوزيد' },
  { concept: 'kettani', latin: ['Kettani', 'Kittani'], arabic: 'الكتاني' },
  { concept: 'sebti', latin: ['Sebti'], arabic: 'السبتي' },
  { concept: 'cherkaoui', latin: ['Cherkaoui', 'Charkaoui'], arabic: 'الشرقاوي' },
  { concept: 'haddad', latin: ['Haddad'], arabic: 'الحداد' },
  { concept: 'guessous', latin: ['Guessous'], arabic: 'ڭسوس' },
];

export type SyntheticRecord = {
  record: SearchableRecord;
  firstName: NameConcept;
  familyName: NameConcept;
  /** The Latin spellings used in `record.names`. */
  latinFirst: string;
  latinFamily: string;
  /** Whether the Arabic names are filled in (about 80 % of records). */
  hasArabic: boolean;
};

/** mulberry32: small, fast and good enough for test data; same seed, same records. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function digits(random: () => number, count: number): string {
  let text = '';
  for (let index = 0; index < count; index++) text += String(Math.floor(random() * 10));
  return text;
}

const cinLetters = [
  'A',
  'B',
  'BE',
  'BH',
  'BK',
  'C',
  'CD',
  'D',
  'EE',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'S',
  'T',
  'U',
  'W',
  'X',
  'Z',
];

/** A mobile number in one of the formats found in files: 06…, +212 6…, 00212 7…, spaced or dashed. */
function phone(random: () => number): string {
  const national = `${pick(random, ['6', '7'])}${digits(random, 8)}`;
  switch (Math.floor(random() * 4)) {
    case 0:
      return `0${national}`;
    case 1:
      return `+212 ${national.slice(0, 1)} ${national.slice(1, 3)} ${national.slice(3, 5)} ${national.slice(5, 7)} ${national.slice(7)}`;
    case 2:
      return `00212${national}`;
    default:
      return `0${national.slice(0, 1)}-${national.slice(1, 3)}-${national.slice(3, 5)}-${national.slice(5, 7)}-${national.slice(7)}`;
  }
}

/** `count` records with ids `b-000001`…, deterministic for a seed. */
export function syntheticRecords(count: number, seed = 2026): SyntheticRecord[] {
  const random = seededRandom(seed);
  const records: SyntheticRecord[] = [];
  for (let index = 1; index <= count; index++) {
    const firstName = pick(random, firstNameConcepts);
    const familyName = pick(random, familyNameConcepts);
    const latinFirst = pick(random, firstName.latin);
    const latinFamily = pick(random, familyName.latin);
    const hasArabic = random() < 0.8;
    const year = 1960 + Math.floor(random() * 45);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const phoneCount = Math.floor(random() * 3);
    records.push({
      record: {
        id: `b-${String(index).padStart(6, '0')}`,
        names: hasArabic ? [latinFamily, latinFirst, familyName.arabic, firstName.arabic] : [latinFamily, latinFirst],
        cin: random() < 0.9 ? `${pick(random, cinLetters)}${digits(random, 6)}` : '',
        phones: Array.from({ length: phoneCount }, () => phone(random)),
        fileNumber: `CAS-${String(2020 + Math.floor(random() * 7))}-${String(index).padStart(5, '0')}`,
        dateOfBirth: `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      },
      firstName,
      familyName,
      latinFirst,
      latinFamily,
      hasArabic,
    });
  }
  return records;
}
