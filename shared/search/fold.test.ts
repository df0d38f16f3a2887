import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiDigits, foldArabic, foldLatin, foldName, nameTokens, phoneticKey, type NameToken } from './fold';

/** Every spelling in `spellings` has the same phonetic key. */
function expectSameKey(spellings: readonly string[]): void {
  const keys = spellings.map((spelling) => [spelling, phoneticKey(spelling)] as const);
  const first = keys[0]?.[1];
  expect(first).not.toBe('');
  for (const [spelling, key] of keys) expect({ spelling, key }).toEqual({ spelling, key: first });
}

/** The keys of a one-token name. */
function keysOf(name: string): readonly string[] {
  const tokens = nameTokens(name);
  expect(tokens).toHaveLength(1);
  return tokens[0]?.keys ?? [];
}

function sharesKey(a: string, b: string): boolean {
  const keysA = nameTokens(a).flatMap((token) => token.keys);
  return nameTokens(b).some((token) => token.keys.some((key) => keysA.includes(key)));
}

describe('foldLatin', () => {
  it('removes accents and case, splits on hyphens, dots and underscores', () => {
    expect(foldLatin('Aït-Ben Haddou')).toBe('ait ben haddou');
    expect(foldLatin('  ÉL.IDRISSI__Zoubida  ')).toBe('el idrissi zoubida');
    expect(foldLatin('Khadîja  Naïma Çaïd')).toBe('khadija naima caid');
    expect(foldLatin('Œuvre Straße')).toBe('oeuvre strasse');
  });

  it('joins apostrophes instead of splitting (the cluster is one word)', () => {
    expect(foldLatin("M'Hamed")).toBe('mhamed');
    expect(foldLatin('M’hamed')).toBe('mhamed');
    expect(foldLatin('Is`haq')).toBe('ishaq');
    expect(foldLatin('M´hamed')).toBe('mhamed');
  });

  it('collapses every other separator to one space', () => {
    expect(foldLatin('Ben  Ali, Mohamed (dit Simo)')).toBe('ben ali mohamed dit simo');
    expect(foldLatin('---')).toBe('');
  });
});

describe('foldArabic', () => {
  it('removes tashkeel and tatweel', () => {
    expect(foldArabic('مُحَمَّد')).toBe('محمد');
    expect(foldArabic('مـحـمـد')).toBe('محمد');
    expect(foldArabic('هٰذا')).toBe('هذا');
  });

  it('folds hamza seats, alef maqsura and ta marbuta', () => {
    expect(foldArabic('أحمد إدريس آمنة ٱلله')).toBe('احمد ادريس امنه الله');
    expect(foldArabic('مصطفى فاطمة مؤمن عائشة')).toBe('مصطفي فاطمه مومن عايشه');
  });

  it('turns Arabic-Indic and Eastern digits into ASCII digits', () => {
    expect(foldArabic('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
    expect(asciiDigits('06 ١٢ ۳۴')).toBe('06 12 34');
  });

  it('collapses spaces and leaves Latin letters alone', () => {
    expect(foldArabic('  محمد   العلمي  Mohamed ')).toBe('محمد العلمي Mohamed');
  });

  it('reads presentation forms as letters', () => {
    // ﻣﺤﻤﺪ: the contextual forms some PDF exports produce.
    expect(foldArabic('\uFEE3\uFEA4\uFEE4\uFEAA')).toBe('محمد');
  });
});

describe('phoneticKey', () => {
  it('makes Mohammed and its transliterations equal to محمد', () => {
    expectSameKey(['Mohammed', 'Mohamed', 'Mohamad', 'Muhammad', 'Mohammad', 'MOHAMED', 'مُحَمَّد', 'محمد']);
  });

  it('lets Mhamed / امحمد meet Mohamed (accepted collision, helps duplicates)', () => {
    expectSameKey(['Mohamed', 'Mhamed', "M'hamed", 'امحمد']);
  });

  it('makes Youssef = Yousef = Youcef = Youçef = Yusuf = يوسف', () => {
    expectSameKey(['Youssef', 'Yousef', 'Youcef', 'Youçef', 'Yusuf', 'يوسف']);
  });

  it('makes Khadija = Khadidja = Khadíja = خديجة', () => {
    expectSameKey(['Khadija', 'Khadidja', 'Khadíja', 'خديجة', 'خديجه']);
  });

  it('makes Fatima = Fatema = فاطمة but not Fatiha', () => {
    expectSameKey(['Fatima', 'Fatema', 'Fatimah', 'فاطمة']);
    expectSameKey(['Fatiha', 'فتيحة']);
    expect(phoneticKey('Fatima')).not.toBe(phoneticKey('Fatiha'));
  });

  it('makes Aicha = Aïcha = Aisha = عائشة', () => {
    expectSameKey(['Aicha', 'Aïcha', 'Aisha', 'Aysha', 'عائشة', 'عايشة']);
  });

  it('treats the abd el / abdel / abdul family alike', () => {
    expectSameKey([
      'Abdelkader',
      'Abdelkadir',
      'Abd El Kader',
      'Abd-el-Kader',
      'Abdulqadir',
      'عبد القادر',
      'عبدالقادر',
    ]);
    expectSameKey(['Abdellah', 'Abdallah', 'Abdullah', 'عبد الله']);
  });

  it('makes Ouahmane = Wahmane and Chaoui = Shaoui', () => {
    expectSameKey(['Ouahmane', 'Wahmane', 'وحمان']);
    expectSameKey(['Chaoui', 'Shaoui', 'شاوي']);
  });

  it('meets other usual pairs', () => {
    expectSameKey(['Rachid', 'Rashid', 'رشيد']);
    expectSameKey(['Hicham', 'Hisham', 'هشام']);
    expectSameKey(['Mustapha', 'Mostafa', 'Moustafa', 'مصطفى']);
    expectSameKey(['Othmane', 'Otmane', 'Outhmane', 'عثمان']);
    expectSameKey(['Tarik', 'Tariq', 'Tarek', 'طارق']);
    expectSameKey(['Ghizlane', 'Ghizlan', 'غزلان']);
    expectSameKey(['Lahcen', 'Lahsen', 'الحسن']);
    expectSameKey(['Salah', 'Sallah', 'صلاح']);
    expectSameKey(['Guessous', 'ڭسوس']);
    expectSameKey(['Idriss', 'Driss', 'Drisse', 'إدريس']);
  });

  it('keeps different names apart', () => {
    expect(phoneticKey('Karim')).not.toBe(phoneticKey('Kamal'));
    expect(phoneticKey('Fatima')).not.toBe(phoneticKey('Fatiha'));
    expect(phoneticKey('Khalid')).not.toBe(phoneticKey('Khadija'));
    expect(phoneticKey('Youssef')).not.toBe(phoneticKey('Younes'));
    expect(phoneticKey('Abdelkader')).not.toBe(phoneticKey('Abdelkarim'));
    expect(phoneticKey('Nadia')).not.toBe(phoneticKey('Naima'));
  });

  it('documents the accepted collisions', () => {
    // Vowels carry the difference; search ranks exact and prefix matches above these.
    expect(phoneticKey('Amina')).toBe(phoneticKey('Amine'));
    expect(phoneticKey('Hassan')).toBe(phoneticKey('Hussein'));
    expect(phoneticKey('Aicha')).toBe(phoneticKey('Chaoui'));
  });

  it('gives no key to a name without consonants', () => {
    expect(phoneticKey('Aya')).toBe('');
    expect(phoneticKey('')).toBe('');
  });

  it('documents the greedy digraphs (Fathi meets its Latin variants, not فتحي)', () => {
    expect(phoneticKey('Fathi')).toBe(phoneticKey('Fati'));
    expect(phoneticKey('Fathi')).not.toBe(phoneticKey('فتحي'));
  });
});

describe('nameTokens', () => {
  it('glues el/al to the next word, so every spelling of El Idrissi has the same keys', () => {
    const spellings = ['El Idrissi', 'Al Idrissi', 'Elidrissi', 'El-Idrissi', 'الإدريسي', 'الادريسي', 'الْإِدْرِيسِي'];
    const keys = spellings.map(keysOf);
    for (const key of keys) expect(key).toEqual(keys[0]);
    // And the article-less spelling meets them.
    expect(keysOf('Idrissi').every((key) => keys[0]?.includes(key))).toBe(true);
  });

  it('keeps the article-less form beside the glued one when the article is certain', () => {
    expect(nameTokens('El Idrissi')).toEqual<NameToken[]>([
      { folded: 'elidrissi', script: 'latin', forms: ['elidrissi', 'idrissi'], parts: [], keys: ['drs', 'ldrs'] },
    ]);
    expect(nameTokens('الإدريسي')[0]?.forms).toEqual(['الادريسي', 'ادريسي']);
  });

  it('only guesses at a glued Latin article: a part and a key, not a form', () => {
    const [elidrissi] = nameTokens('Elidrissi');
    expect(elidrissi?.forms).toEqual(['elidrissi']);
    expect(elidrissi?.parts).toEqual(['idrissi']);
    const [elham] = nameTokens('Elham');
    expect(elham?.forms).toEqual(['elham']);
    expect(elham?.keys).toContain(phoneticKey('إلهام'));
  });

  it('tells the article from إ (إلياس, إلهام are no article)', () => {
    expect(nameTokens('إلياس')[0]?.forms).toEqual(['الياس']);
    expect(nameTokens('الياس')[0]?.forms).toEqual(['الياس', 'ياس']);
  });

  it('recognises assimilated articles only before their consonant', () => {
    expect(nameTokens('Es-Saidi')[0]?.forms).toEqual(['essaidi', 'saidi']);
    expect(nameTokens('Ech Chaoui')[0]?.forms).toEqual(['echchaoui', 'chaoui']);
    expect(nameTokens('Er Rami')[0]?.forms).toEqual(['errami', 'rami']);
    expect(nameTokens('Es Bahi').map((token) => token.folded)).toEqual(['es', 'bahi']);
    expect(sharesKey('Es-Saidi', 'السعيدي')).toBe(true);
    expect(sharesKey('Ech-Chaoui', 'الشاوي')).toBe(true);
  });

  it('glues ben, bin, ibn, bent, ould, ait and chains of them; inner words are parts', () => {
    expect(nameTokens('Ben Ali')).toEqual<NameToken[]>([
      { folded: 'benali', script: 'latin', forms: ['benali'], parts: ['ali'], keys: ['bnl'] },
    ]);
    expect(nameTokens('Aït-Ben Haddou Mohamed').map((token) => [token.folded, token.parts])).toEqual([
      ['aitbenhaddou', ['benhaddou', 'haddou']],
      ['mohamed', []],
    ]);
    expect(nameTokens('Ould Ahmed Bent Salem Ibn Rochd').map((token) => token.folded)).toEqual([
      'ouldahmed',
      'bentsalem',
      'ibnrochd',
    ]);
    expect(nameTokens('آيت بن حدو')[0]?.folded).toBe('ايتبنحدو');
    expect(sharesKey('Ben Ali', 'Benali')).toBe(true);
    expect(sharesKey('Ben Ali', 'بن علي')).toBe(true);
    expect(sharesKey('Aït Ben Haddou', 'آيت بن حدو')).toBe(true);
  });

  it('glues the abd family into one token', () => {
    for (const spelling of ['Abd El Kader', 'Abdel Kader', 'Abdelkader', 'Abdul Kader', 'Abd al-Kader']) {
      const tokens = nameTokens(spelling);
      expect(tokens).toHaveLength(1);
      expect(sharesKey(spelling, 'عبد القادر')).toBe(true);
    }
    expect(nameTokens('Abd El Kader')[0]?.parts).toEqual(['elkader', 'kader']);
    expect(sharesKey('Abderrahim', 'عبد الرحيم')).toBe(true);
    expect(sharesKey('Abdukader', 'Abdelkader')).toBe(true);
    // Abdou stays a given name of its own.
    expect(nameTokens('Abdou Alami')).toHaveLength(2);
  });

  it('leaves a trailing particle as a token (a query being typed)', () => {
    expect(nameTokens('Mohamed Ben').map((token) => token.folded)).toEqual(['mohamed', 'ben']);
    expect(nameTokens('el').map((token) => token.folded)).toEqual(['el']);
  });

  it('tells the scripts apart and splits any separator', () => {
    expect(nameTokens('Youssef, العمراني').map((token) => [token.folded, token.script])).toEqual([
      ['youssef', 'latin'],
      ['العمراني', 'arabic'],
    ]);
    expect(nameTokens('  ')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const nameText = fc.string({
  unit: fc.constantFrom(..."aAbBcçdeéèEÉfghiïjklmnoôpqrstuüvwxyz  -'’._محمدأإآٱىةؤئءعغخشقكفطظضذثتبيوًٌٍَُِّْـ٠١٩۰۹".split('')),
  maxLength: 24,
});

describe('folding properties', () => {
  it('foldLatin is idempotent and yields single-spaced lower-case text without marks', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        const folded = foldLatin(text);
        expect(foldLatin(folded)).toBe(folded);
        expect(folded).toBe(folded.toLowerCase());
        expect(folded).not.toMatch(/\p{M}|^ | $| {2}/u);
      }),
    );
  });

  it('foldArabic is idempotent and leaves no tashkeel, tatweel or folded letter', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        const folded = foldArabic(text);
        expect(foldArabic(folded)).toBe(folded);
        expect(folded).not.toMatch(/[\u064B-\u0652\u0670\u0640أإآٱىةؤئ\u0660-\u0669\u06F0-\u06F9]|^\s|\s$|\s{2}/u);
      }),
    );
  });

  it('phoneticKey ignores case, accents, tashkeel, doubled letters and separators', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        const key = phoneticKey(text);
        expect(phoneticKey(text.toUpperCase())).toBe(key);
        expect(phoneticKey(foldName(text))).toBe(key);
        expect(key).not.toMatch(/[aeiouyw]|(.)\1/u);
      }),
    );
  });

  it('nameTokens: keys are unique and sorted, the first form is the folded token', () => {
    fc.assert(
      fc.property(nameText, (text) => {
        for (const token of nameTokens(text)) {
          expect(token.forms[0]).toBe(token.folded);
          expect([...new Set(token.keys)].sort()).toEqual(token.keys);
          expect(token.keys).not.toContain('');
          for (const text of [...token.forms, ...token.parts]) expect(token.folded.endsWith(text)).toBe(true);
        }
      }),
    );
  });
});

/**
 * Transliteration property: a name given as an abstract syllable sequence (consonant, vowel),
 * written in any of the usual Latin ways and in Arabic, always has one key.
 */
type Consonant = { latin: readonly string[]; arabic: readonly string[]; digraph: boolean };
const consonants: readonly Consonant[] = [
  { latin: ['b'], arabic: ['ب'], digraph: false },
  { latin: ['t'], arabic: ['ت', 'ط'], digraph: false },
  { latin: ['d'], arabic: ['د', 'ض'], digraph: false },
  { latin: ['s', 'ss'], arabic: ['س', 'ص'], digraph: false },
  { latin: ['z'], arabic: ['ز'], digraph: false },
  { latin: ['r'], arabic: ['ر'], digraph: false },
  { latin: ['l'], arabic: ['ل'], digraph: false },
  { latin: ['m'], arabic: ['م'], digraph: false },
  { latin: ['n'], arabic: ['ن'], digraph: false },
  { latin: ['f', 'ph'], arabic: ['ف'], digraph: false },
  { latin: ['k', 'q'], arabic: ['ق', 'ك'], digraph: false },
  { latin: ['g', 'gh'], arabic: ['غ'], digraph: false },
  { latin: ['kh'], arabic: ['خ'], digraph: true },
  { latin: ['j', 'dj'], arabic: ['ج'], digraph: true },
  { latin: ['ch', 'sh'], arabic: ['ش'], digraph: true },
  { latin: ['h'], arabic: ['ح', 'ه'], digraph: false },
];
const latinVowels: Readonly<Record<'a' | 'i' | 'u', readonly string[]>> = {
  a: ['a', 'e'],
  i: ['i', 'e', 'ee'],
  u: ['ou', 'u', 'o'],
};
const arabicLongVowels: Readonly<Record<'a' | 'i' | 'u', readonly string[]>> = {
  a: ['', 'ا'],
  i: ['', 'ي'],
  u: ['', 'و'],
};

const syllableArb = fc.record({
  consonant: fc.constantFrom(...consonants),
  vowel: fc.constantFrom('a' as const, 'i' as const, 'u' as const),
  latinChoice: fc.nat(),
  arabicChoice: fc.nat(),
  vowelChoice: fc.nat(),
  double: fc.boolean(),
});
const spellingArb = fc.record({
  leadingVowel: fc.constantFrom('', 'a', 'ou', 'i'),
  syllables: fc.array(syllableArb, { minLength: 1, maxLength: 4 }),
});

function at<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('empty choice');
  return item;
}

describe('transliteration property', () => {
  it('gives the Latin and the Arabic writings of one abstract name the same key', () => {
    fc.assert(
      fc.property(spellingArb, spellingArb, (spelling, other) => {
        // `other` only reshuffles the choices, so two Latin writings are compared as well.
        const write = (choices: typeof spelling, script: 'latin' | 'arabic') =>
          spelling.syllables
            .map((syllable, index) => {
              const choice = choices.syllables[index] ?? syllable;
              if (script === 'arabic') {
                // A final ه/ح is read as silent (ة); a final h-syllable keeps its long vowel.
                const last = index === spelling.syllables.length - 1 && syllable.consonant.latin[0] === 'h';
                const vowel = at(arabicLongVowels[syllable.vowel], last ? 1 : choice.vowelChoice);
                return at(syllable.consonant.arabic, choice.arabicChoice) + vowel;
              }
              const consonant = at(syllable.consonant.latin, choice.latinChoice);
              const doubled = choice.double && !syllable.consonant.digraph && consonant.length === 1;
              return (
                (doubled ? consonant + consonant : consonant) + at(latinVowels[syllable.vowel], choice.vowelChoice)
              );
            })
            .join('');
        const latin = spelling.leadingVowel + write(spelling, 'latin');
        const otherLatin = write(other, 'latin');
        const arabic = (spelling.leadingVowel === '' ? '' : 'ا') + write(spelling, 'arabic');
        expect(phoneticKey(otherLatin)).toBe(phoneticKey(latin));
        expect(phoneticKey(arabic)).toBe(phoneticKey(latin));
      }),
    );
  });
});
