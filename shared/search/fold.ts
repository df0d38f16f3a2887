/**
 * Name folding for search and duplicate detection.
 *
 * A beneficiary's name exists in Latin script (often several French-style transliterations of
 * the same Arabic name) and in Arabic script. Three layers, from strict to loose:
 *
 * - folding (`foldLatin`, `foldArabic`, `foldName`): the same spelling typed differently
 *   (case, accents, tashkeel, hamza seats, apostrophes, digits) becomes the same text;
 * - name tokens (`nameTokens`): particles are glued to the word they introduce, so "El Idrissi",
 *   "Ben Ali", "Abd El Kader" are one token each, with the article-less forms kept beside them;
 * - phonetic keys (`phoneticKey`): a consonant skeleton, so that the usual Moroccan
 *   transliterations of one name, and its Arabic spelling, share a key.
 *
 * Decisions (the tests pin each of them):
 *
 * - Apostrophes join (`M'Hamed` → `mhamed`, `Is'haq` → `ishaq`): the apostrophe marks a
 *   vowel-less cluster of one word, and people often leave it out. Hyphens, dots, underscores and
 *   any other non-letter separate words (`Aït-Ben Haddou` → `ait ben haddou`).
 * - Vowels and semivowels are dropped (a e i o u y w, `ou`; ا و ي ى ع ء): French `ou` is
 *   sometimes /u/ (Youssef) and sometimes /w/ (Ouahmane), Arabic و and ي likewise, so keeping
 *   any of them would split Youssef from Yusuf or يوسف. There is no marker for a leading vowel:
 *   Moroccan usage drops it freely (Idriss/Driss, Ahmed/Hmad, امحمد/Mhamed).
 * - A final h (Latin, not part of a digraph) and a final ه/ة/ح (Arabic) are dropped: ة is
 *   silent in transliteration (Khadija = خديجة) and Latin writes a final h for ه and ح alike
 *   (Abdellah = عبد الله, Salah = صلاح).
 * - Digraphs are read greedily (ch sh → c, kh → x, gh → g, dj → j, ph → f, dh → d, th → t), so a
 *   name where the two letters belong to different syllables meets its Latin variants but not its
 *   Arabic spelling: Fathi (فتحي) → `ft` while فتحي → `fth`; Ishaq (إسحاق) likewise.
 * - Known, accepted collisions (phonetic keys are the weakest evidence; search ranks exact and
 *   prefix matches above them and duplicate detection needs two names plus a birth date):
 *   Mohamed = Mhamed = امحمد (`mhmd`; distinct names, but a frequent confusion worth flagging),
 *   Amina = Amine (`mn`), Hassan = Hussein = Hassani (`hsn`), Aicha = Chaoui (`c`),
 *   Said = Saad (`sd`). Fatima (`ftm`) and Fatiha (`fth`) stay apart.
 */

// ---------------------------------------------------------------------------------------------
// Folding

/** Apostrophe look-alikes people type inside names (M'hamed, M’hamed, Is`haq). */
const apostrophes = /['’‘`´ʼʻ′]/gu;

/** Latin letters that Unicode decomposition leaves whole. */
const latinSpecials: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Folds Latin text: NFKD, no combining marks, lower case, apostrophes removed (joining the word),
 * every other non-letter/non-digit a single space, trimmed. `Aït-Ben Haddou` → `ait ben haddou`,
 * `M'Hamed` → `mhamed`. Letters of other scripts pass through (marks removed).
 */
export function foldLatin(text: string): string {
  return (
    text
      // Before NFKD: the acute accent U+00B4 decomposes into a space and a mark.
      .replace(apostrophes, '')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[ßæœøłđðþı]/gu, (letter) => latinSpecials[letter] ?? letter)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
  );
}

/** Tashkeel, Quranic annotation signs and tatweel: none of them changes the name. */
const arabicMarks = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]/gu;

/** Letter variants written interchangeably in names (hamza seats, alef maqsura, ta marbuta…). */
const arabicLetterFolds: Readonly<Record<string, string>> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي', // Persian yeh, produced by some keyboards
  ة: 'ه',
  ۀ: 'ه',
  ھ: 'ه',
  ە: 'ه',
  ؤ: 'و',
  ئ: 'ي',
  ک: 'ك', // Persian keheh
};
const arabicLetterFoldPattern = /[أإآٱىیةۀھەؤئک]/gu;

function asciiDigit(digit: string): string {
  const code = digit.codePointAt(0) ?? 0;
  return String(code - (code >= 0x06f0 ? 0x06f0 : 0x0660));
}

/** ٠–٩ (Arabic-Indic, U+0660…) and ۰–۹ (Eastern Arabic-Indic, U+06F0…) to 0–9; the rest unchanged. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/gu, asciiDigit);
}

/**
 * Folds Arabic text: NFKC (presentation forms and ligatures back to letters), no tashkeel or
 * tatweel, أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Arabic-Indic and Eastern digits → ASCII,
 * whitespace collapsed and trimmed. Latin letters pass through unchanged.
 */
export function foldArabic(text: string): string {
  return text
    .normalize('NFKC')
    .replace(arabicMarks, '')
    .replace(arabicLetterFoldPattern, (letter) => arabicLetterFolds[letter] ?? letter)
    .replace(/[\u0660-\u0669\u06F0-\u06F9]/gu, asciiDigit)
    .replace(/\s+/gu, ' ')
    .trim();
}

const plainLatinWords = /^[A-Za-z]+(?: [A-Za-z]+)*$/;
/** Arabic letters that survive `foldArabic` unchanged and that `foldLatin` leaves alone. */
const plainArabicWords = /^[\u0621-\u063A\u0641-\u064A]+(?: [\u0621-\u063A\u0641-\u064A]+)*$/;

/** Both folds: the canonical text of a name in any script (lower-case Latin, folded Arabic). */
export function foldName(text: string): string {
  // Most names are plain letters of one script: skip the Unicode work they don't need.
  if (plainLatinWords.test(text)) return text.toLowerCase();
  const arabic = foldArabic(text);
  return plainArabicWords.test(arabic) ? arabic : foldLatin(arabic);
}

// ---------------------------------------------------------------------------------------------
// Phonetic keys

/**
 * Key symbols: b t d s z r l m n f k g j h as themselves, `c` for sh/ch/ش, `x` for kh/خ.
 * Latin digraphs, read before single letters.
 */
const latinDigraphs: Readonly<Record<string, string>> = {
  ch: 'c',
  sh: 'c',
  kh: 'x',
  gh: 'g',
  dj: 'j',
  ph: 'f',
  dh: 'd',
  th: 't',
};

const latinLetters: Readonly<Record<string, string>> = {
  b: 'b',
  p: 'b', // Arabic has no p; Moroccan names borrow it rarely
  d: 'd',
  f: 'f',
  v: 'f',
  g: 'g',
  h: 'h',
  j: 'j',
  k: 'k',
  q: 'k',
  l: 'l',
  m: 'm',
  n: 'n',
  r: 'r',
  s: 's',
  t: 't',
  x: 'ks',
  z: 'z',
};

const latinVowels = new Set(['a', 'e', 'i', 'o', 'u', 'y', 'w']);

const arabicLetters: Readonly<Record<string, string>> = {
  ب: 'b',
  پ: 'b',
  ت: 't',
  ث: 't',
  ط: 't',
  ج: 'j',
  ح: 'h',
  ه: 'h',
  خ: 'x',
  د: 'd',
  ذ: 'd',
  ض: 'd',
  ظ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ص: 's',
  ش: 'c',
  چ: 'c',
  غ: 'g',
  ڭ: 'g', // Moroccan gaf
  گ: 'g',
  ف: 'f',
  ڤ: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
};

/** Long vowels, semivowels, hamza and ʿayn: transliteration writes them as vowels or not at all. */
const arabicVowels = new Set(['ا', 'و', 'ي', 'ى', 'ع', 'ء']);

/** Final letters that transliteration keeps or drops at will (ة, ه, ح — ة is folded to ه). */
const arabicSilentFinals = new Set(['ه', 'ح']);

/** Every single letter's symbol; vowels and semivowels give ''. */
const symbolOfLetter = new Map<string, string>([
  ...Object.entries(latinLetters),
  ...Object.entries(arabicLetters),
  ...[...latinVowels, ...arabicVowels].map((vowel): [string, string] => [vowel, '']),
]);

/**
 * The consonant skeleton of an already folded word (see `foldName`), spaces ignored.
 * Exported for the index, which folds once and must not fold again.
 */
export function skeletonOfFolded(folded: string): string {
  const letters = folded.includes(' ') ? folded.replace(/ /g, '') : folded;
  const last = letters.length - 1;
  let key = '';
  let previous = '';
  for (let index = 0; index <= last; index++) {
    const letter = letters.charAt(index);
    const next = letters.charAt(index + 1);
    let symbol: string | undefined;
    if (next === 'h' || (letter === 'd' && next === 'j')) {
      symbol = latinDigraphs[letter + next];
      if (symbol !== undefined) index++;
    }
    if (symbol === undefined) {
      if (index === last && (letter === 'h' || arabicSilentFinals.has(letter))) continue;
      // French spelling: c is /s/ before e, i, y (Youcef) and /k/ elsewhere. Digits and letters
      // of other scripts stay as they are: they are rare and must not vanish.
      symbol =
        letter === 'c'
          ? next === 'e' || next === 'i' || next === 'y'
            ? 's'
            : 'k'
          : (symbolOfLetter.get(letter) ?? letter);
    }
    // Doubled consonants, written or not, and across a dropped vowel (Mohammed/Mohamed,
    // Hassan/حسن without shadda) count once.
    for (const character of symbol) {
      if (character !== previous) key += character;
      previous = character;
    }
  }
  return key;
}

/**
 * A consonant skeleton that common Moroccan transliterations of one name share with each other
 * and with its Arabic spelling: Mohammed, Mohamed, Muhammad, محمد → `mhmd`; Youssef, Youcef,
 * Yusuf, يوسف → `sf`. The text is folded and read as one word (spaces ignored), so
 * `Abd El Kader` and `عبد القادر` meet. '' when the word has no consonant (Aya → '').
 * Articles and particles are the business of `nameTokens`, which gives the keys search uses.
 */
export function phoneticKey(token: string): string {
  return skeletonOfFolded(foldName(token));
}

// ---------------------------------------------------------------------------------------------
// Name tokens

export type NameScript = 'latin' | 'arabic';

export type NameToken = {
  /** The token as one folded word, particles glued on: `elidrissi`, `benali`, `abdelkader`, `الادريسي`. */
  readonly folded: string;
  /** `arabic` when the token has an Arabic letter. */
  readonly script: NameScript;
  /**
   * Spellings that are the same name: `folded`, and, when the token starts with a certain
   * article, the form without it (`idrissi`, `ادريسي`). First is always `folded`.
   */
  readonly forms: readonly string[];
  /**
   * Inner words of a compound, which a search for "any part of a name" may reach but which are
   * not the same name: `ali` in `Ben Ali`, `benhaddou` and `haddou` in `Aït Ben Haddou`,
   * `idrissi` in `Elidrissi` (a glued article is only a guess).
   */
  readonly parts: readonly string[];
  /**
   * Phonetic keys of `forms`, plus the key without a glued Latin `el`/`al` (Elidrissi → drs) and,
   * for the abd family, the key without the article (Abdelkader bdlkdr → bdkdr, as Abderrahim is
   * written); unique, non-empty, sorted. Two tokens are the same name when their keys meet.
   */
  readonly keys: readonly string[];
};

/** Latin articles that are always one (when a word follows them). */
const latinArticles = new Set(['el', 'al']);
/** Sun-letter assimilation: `Es Saidi`, `Ech Chaoui`, `Er Rami` — only before that same consonant. */
const assimilatedArticle = /^[ae](ch|sh|[tdrzsn])$/;
/** Particles that belong to the name (son of, daughter of, tribe of, servant of). */
const latinParticles = new Set([
  'ben',
  'bin',
  'ibn',
  'bent',
  'bint',
  'ould',
  'ait',
  // The "servant of" family: `abd el kader`, `abdel kader`, `abdul kader` are one name. `abdou`
  // is left out: in Morocco it is mostly a given name of its own (Abdou Alami).
  'abd',
  'abdel',
  'abdal',
  'abdul',
  'abdoul',
  'abdu',
]);
const arabicParticles = new Set(['بن', 'ابن', 'بنت', 'ولد', 'ايت', 'عبد']);
const arabicArticle = 'ال';

/** Word characters of raw text; apostrophes stay inside the word, the fold joins them. */
const rawWordSeparators = /[^\p{L}\p{M}\p{N}'’‘`´ʼʻ′]+/u;
const arabicLetter = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;

type Segment = { text: string; kind: 'article' | 'particle' | 'word' };
type Word = { folded: string; arabicArticle: boolean };

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const raw of text.normalize('NFC').split(rawWordSeparators)) {
    if (raw === '') continue;
    // The article is written with a plain alef (hamzat al-wasl); إلياس and إلهام begin with
    // إ, which folding turns into ا, so the article is recognised before folding.
    const startsWithArticle = /^[اٱ]/u.test(raw) && /^[اٱ]ل/u.test(raw.replace(arabicMarks, ''));
    const pieces = foldName(raw).split(' ');
    pieces.forEach((folded, index) => {
      if (folded === '') return;
      const article = index === 0 && startsWithArticle && folded.startsWith(arabicArticle) && folded.length >= 4;
      words.push({ folded, arabicArticle: article });
    });
  }
  return words;
}

/** Whether `word` is a particle that introduces `next` (so the two are one name). */
function introduces(word: Word, next: Word): Segment['kind'] | undefined {
  if (word.arabicArticle) return undefined;
  const text = word.folded;
  if (latinArticles.has(text) || text === arabicArticle) return 'article';
  const assimilated = assimilatedArticle.exec(text);
  if (assimilated?.[1] !== undefined) {
    const consonant = assimilated[1];
    const sameSound =
      consonant === 'ch' || consonant === 'sh' ? /^(ch|sh)/.test(next.folded) : next.folded.startsWith(consonant);
    return sameSound ? 'article' : undefined;
  }
  if (latinParticles.has(text) || arabicParticles.has(text)) return 'particle';
  return undefined;
}

function segmentsOf(word: Word): Segment[] {
  return word.arabicArticle
    ? [
        { text: arabicArticle, kind: 'article' },
        { text: word.folded.slice(arabicArticle.length), kind: 'word' },
      ]
    : [{ text: word.folded, kind: 'word' }];
}

/** Latin `Elidrissi`, `Alami`: perhaps an article, perhaps not (Elham, Alia). */
const gluedLatinArticle = /^(?:el|al)([a-z]{3,})$/;

function tokenOf(segments: readonly Segment[]): NameToken {
  const suffixes = segments.map((_, index) =>
    segments
      .slice(index)
      .map((segment) => segment.text)
      .join(''),
  );
  const folded = suffixes[0] ?? '';
  let leadingArticles = 0;
  while (segments[leadingArticles]?.kind === 'article' && leadingArticles < segments.length - 1) leadingArticles++;
  const forms = suffixes.slice(0, leadingArticles + 1);
  const parts = suffixes.slice(leadingArticles + 1);

  const fullKey = skeletonOfFolded(folded);
  const keys = new Set<string>([fullKey]);
  for (const form of forms.slice(1)) keys.add(skeletonOfFolded(form));
  if (segments.length === 1) {
    // A glued Latin article is a guess (Elidrissi, but Elham, Alia): the rest is a part (prefix
    // search reaches it, ranked below exact), and its key joins the keys when it keeps two
    // consonants; it is not a form, so `ham` is no exact match for Elham.
    const rest = gluedLatinArticle.exec(folded)?.[1];
    if (rest !== undefined) {
      parts.push(rest);
      const restKey = skeletonOfFolded(rest);
      if (restKey.length >= 2) keys.add(restKey);
    }
  }
  if ((folded.startsWith('abd') || folded.startsWith('عبد')) && fullKey.startsWith('bdl') && fullKey.length >= 5) {
    // Abdelkader, Abdulkader, عبد القادر (bdl…) meet Abdukader, Abderrahim (bd…, the article
    // assimilated or not written).
    keys.add(`bd${fullKey.slice(3)}`);
  }
  keys.delete('');

  return {
    folded,
    script: arabicLetter.test(folded) ? 'arabic' : 'latin',
    forms,
    parts,
    keys: [...keys].sort(),
  };
}

/**
 * Splits a name (or a search query) into folded tokens, in order. A particle — article
 * (`el`, `al`, `es` before s…, `ال`), or `ben`, `bin`, `ibn`, `bent`, `ould`, `ait`, `abd`, `abdel`,
 * `abdul`, `abdu` and their Arabic forms — is glued to the word it introduces, chains included
 * (`Aït Ben Haddou` → `aitbenhaddou`); a particle with no word after it stays a token of its own.
 * "El Idrissi", "Al Idrissi", "Elidrissi" and "الإدريسي" get the same keys.
 */
export function nameTokens(text: string): NameToken[] {
  const words = wordsOf(text);
  const tokens: NameToken[] = [];
  let segments: Segment[] = [];
  words.forEach((word, index) => {
    const next = words[index + 1];
    const kind = next === undefined ? undefined : introduces(word, next);
    if (kind !== undefined) {
      segments.push({ text: word.folded, kind });
      return;
    }
    segments.push(...segmentsOf(word));
    tokens.push(tokenOf(segments));
    segments = [];
  });
  return tokens;
}
