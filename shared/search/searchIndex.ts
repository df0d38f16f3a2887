import { asciiDigits, nameTokens, type NameToken } from './fold';
import { comparableCin, nationalNumberLength, nationalPhoneDigits, normaliseFileNumber } from './identifiers';

/**
 * In-memory search over a centre's beneficiaries (up to ~50 000), one query box for names in
 * either script, CIN, phone numbers and file numbers.
 *
 * Layout, chosen for a linear scan that stays cheap on a slow PC:
 * - every distinct name token (see `nameTokens`) is interned once in a dictionary; a record
 *   holds only small integers (token ids) in one flat array;
 * - a query resolves each of its tokens against the dictionary first (prefix buckets by first
 *   two characters, exact forms, phonetic keys), giving a match level per distinct token;
 * - then one pass over the records reads those levels through the token ids. Per query, the
 *   allocations are proportional to the dictionary and to the hits kept, not to the records.
 * Each distinct name string is analysed once (names repeat a lot). Removed records leave a
 * hole, compacted once holes outnumber records; the dictionary and the name cache keep entries
 * no record uses any more until `clear()` (bounded by the distinct names ever indexed).
 */

export type SearchableRecord = {
  id: string;
  /** Any script: Latin last/first, Arabic last/first; full names work as well. */
  names: readonly string[];
  /** Normalised (upper case, no spaces) or ''; normalised again here anyway. */
  cin?: string;
  /** Any format; compared on national significant digits (see `nationalPhoneDigits`). */
  phones?: readonly string[];
  /** E.g. `CAS-2026-0042`; compared without case or separators. */
  fileNumber?: string;
  /** Numbers the file had before (a corrected prefix): still found, as the file number. */
  formerFileNumbers?: readonly string[];
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
};

export type SearchHit = { id: string; score: number; matched: 'cin' | 'phone' | 'fileNumber' | 'name' };

export type SearchOptions = { limit?: number };

export type SearchIndex = {
  /** Adds the record, or replaces the record with the same id. */
  upsert(record: SearchableRecord): void;
  remove(id: string): void;
  clear(): void;
  size(): number;
  /**
   * Best hits first (higher score, then id in code-unit order). Scores only compare within one
   * query: identifier matches always rank above name matches.
   */
  search(query: string, options?: SearchOptions): SearchHit[];
};

export const defaultSearchLimit = 50;

type MatchKind = SearchHit['matched'];

const noFileNumbers: readonly string[] = [];

// Identifier scores, by strength of evidence; all above any name score.
const score = {
  cinExact: 9_000_000,
  cinPrefix: 8_000_000,
  /** All 9 national digits, or a CIN's whole digit part. */
  digitsExact: 7_000_000,
  /** End of a phone number, start of one typed with its trunk 0, start of a CIN's digits. */
  digitsPartial: 6_000_000,
  fileExact: 5_000_000,
  filePartial: 4_000_000,
} as const;

// Name match levels of one query token against one name token.
const none = 0;
const phonetic = 1;
const prefix = 2;
const exact = 3;
/**
 * Name score = sum over the query tokens of the weight of their level: lexicographic order on
 * (exact count, prefix count, phonetic count) for up to 99 query tokens, and below 1 000 000.
 */
const levelWeights = [0, 1, 100, 10_000] as const;

/** Phonetic keys of shorter query tokens would match almost anything. */
const minimumPhoneticLength = 3;
const minimumPhoneDigits = 6;
const minimumFileSuffix = 4;

/** Characters an identifier query may contain besides letters and digits. */
const identifierQuery = /^[A-Za-z0-9\s\-./_+()]+$/;
const cinQuery = /^[A-Z]{1,2}[0-9]+$/;
const anyLetter = /\p{L}/u;

/** Distinct name tokens, and the ways to reach them from a query token. */
class TokenDictionary {
  private readonly idBySignature = new Map<string, number>();
  private readonly tokensByForm = new Map<string, number[]>();
  private readonly tokensByKey = new Map<string, number[]>();
  /** First two characters → indices of the entries (forms and parts) starting with them. */
  private readonly prefixBuckets = new Map<string, number[]>();
  private readonly entryText: string[] = [];
  private readonly entryToken: number[] = [];
  private count = 0;

  intern(token: NameToken): number {
    // forms and parts determine the keys, so they identify the token.
    const signature = `${token.forms.join('\u0001')}\u0002${token.parts.join('\u0001')}`;
    const known = this.idBySignature.get(signature);
    if (known !== undefined) return known;
    const id = this.count++;
    this.idBySignature.set(signature, id);
    for (const form of token.forms) {
      pushTo(this.tokensByForm, form, id);
      this.addEntry(form, id);
    }
    for (const part of token.parts) this.addEntry(part, id);
    for (const key of token.keys) pushTo(this.tokensByKey, key, id);
    return id;
  }

  private addEntry(text: string, token: number): void {
    const entry = this.entryText.length;
    this.entryText.push(text);
    this.entryToken.push(token);
    pushTo(this.prefixBuckets, text.slice(0, 2), entry);
  }

  /** The level of every distinct token for one query token; undefined when nothing matches. */
  levelsFor(query: NameToken): Uint8Array | undefined {
    const levels = new Uint8Array(this.count);
    let reached = 0;
    const raise = (token: number, level: number): number => {
      if ((levels[token] ?? none) < level) levels[token] = level;
      return 1;
    };
    for (const form of query.forms) {
      for (const entry of this.entriesStartingWith(form)) reached += raise(this.entryToken[entry] ?? 0, prefix);
      for (const token of this.tokensByForm.get(form) ?? []) reached += raise(token, exact);
    }
    if (query.folded.length >= minimumPhoneticLength) {
      for (const key of query.keys) {
        for (const token of this.tokensByKey.get(key) ?? []) reached += raise(token, phonetic);
      }
    }
    return reached > 0 ? levels : undefined;
  }

  private *entriesStartingWith(text: string): Generator<number> {
    if (text.length >= 2) {
      for (const entry of this.prefixBuckets.get(text.slice(0, 2)) ?? []) {
        if ((this.entryText[entry] ?? '').startsWith(text)) yield entry;
      }
      return;
    }
    // One character: every bucket whose two characters start with it matches whole.
    for (const [bucket, entries] of this.prefixBuckets) {
      if (bucket.startsWith(text)) yield* entries;
    }
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

type Candidate = { slot: number; score: number; matched: MatchKind };

/** Keeps the best `limit` candidates without sorting every hit of a broad query. */
class TopHits {
  private kept: Candidate[] = [];
  /** The worst kept candidate once `limit` are kept: anything not better is dropped at once. */
  private floor: Candidate | undefined;

  constructor(
    private readonly limit: number,
    private readonly idOf: (slot: number) => string,
  ) {}

  offer(candidate: Candidate): void {
    if (this.floor !== undefined && this.compare(candidate, this.floor) >= 0) return;
    this.kept.push(candidate);
    if (this.kept.length >= 2 * this.limit + 64) this.prune();
  }

  result(): SearchHit[] {
    this.prune();
    return this.kept.map(({ slot, score, matched }) => ({ id: this.idOf(slot), score, matched }));
  }

  private prune(): void {
    this.kept.sort((a, b) => this.compare(a, b));
    if (this.kept.length >= this.limit) {
      this.kept.length = this.limit;
      this.floor = this.kept[this.limit - 1];
    }
  }

  /** Negative when `a` ranks first: higher score, then smaller id. */
  private compare(a: Candidate, b: Candidate): number {
    if (a.score !== b.score) return b.score - a.score;
    const idA = this.idOf(a.slot);
    const idB = this.idOf(b.slot);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  }
}

export function createSearchIndex(): SearchIndex {
  let dictionary = new TokenDictionary();
  // One slot per upsert; a removed or replaced record leaves `undefined` in `ids`.
  let ids: (string | undefined)[] = [];
  /** Slot s holds the token ids tokens[tokenStart[s]] … tokens[tokenStart[s + 1] - 1]. */
  let tokenStart: number[] = [];
  let tokens: number[] = [];
  let cins: string[] = [];
  /** A CIN's digits (BE123456 → 123456), for digit-only queries. */
  let cinDigits: string[] = [];
  let phones: (readonly string[])[] = [];
  // Per slot: the current number first, then former ones (normalised, non-empty).
  let fileNumbers: (readonly string[])[] = [];
  let slotById = new Map<string, number>();
  let holes = 0;

  const idOf = (slot: number): string => ids[slot] ?? '';

  /**
   * Names repeat a lot (a few thousand spellings for tens of thousands of records): each is
   * analysed once. Bounded by the distinct names ever indexed; `clear()` empties it.
   */
  const tokenIdsByName = new Map<string, readonly number[]>();
  function tokenIdsOf(name: string): readonly number[] {
    let known = tokenIdsByName.get(name);
    if (known === undefined) {
      known = nameTokens(name).map((token) => dictionary.intern(token));
      tokenIdsByName.set(name, known);
    }
    return known;
  }

  /** Empty record columns (the dictionary of tokens is kept). */
  function emptyColumns(): void {
    ids = [];
    tokenStart = [];
    tokens = [];
    cins = [];
    cinDigits = [];
    phones = [];
    fileNumbers = [];
    slotById = new Map();
    holes = 0;
  }

  function reset(): void {
    dictionary = new TokenDictionary();
    emptyColumns();
    tokenIdsByName.clear();
  }

  function tokenEnd(slot: number): number {
    return tokenStart[slot + 1] ?? tokens.length;
  }

  function compact(): void {
    const old = { ids, tokenStart, tokens, cins, cinDigits, phones, fileNumbers };
    emptyColumns();
    old.ids.forEach((id, slot) => {
      if (id === undefined) return;
      slotById.set(id, ids.length);
      ids.push(id);
      tokenStart.push(tokens.length);
      const end = old.tokenStart[slot + 1] ?? old.tokens.length;
      for (let index = old.tokenStart[slot] ?? end; index < end; index++) tokens.push(old.tokens[index] ?? 0);
      cins.push(old.cins[slot] ?? '');
      cinDigits.push(old.cinDigits[slot] ?? '');
      phones.push(old.phones[slot] ?? []);
      fileNumbers.push(old.fileNumbers[slot] ?? noFileNumbers);
    });
  }

  function remove(id: string): void {
    const slot = slotById.get(id);
    if (slot === undefined) return;
    slotById.delete(id);
    ids[slot] = undefined;
    holes++;
    if (holes > 1024 && holes > slotById.size) compact();
  }

  function upsert(record: SearchableRecord): void {
    remove(record.id);
    const slot = ids.length;
    slotById.set(record.id, slot);
    ids.push(record.id);
    tokenStart.push(tokens.length);
    for (const name of record.names) {
      for (const id of tokenIdsOf(name)) {
        // The Latin and Arabic names often repeat a token (the same spelling twice): keep one.
        if (tokens.indexOf(id, tokenStart[slot]) === -1) tokens.push(id);
      }
    }
    const cin = comparableCin(record.cin);
    cins.push(cin);
    cinDigits.push(cin.replace(/^[A-Z]+/, ''));
    phones.push((record.phones ?? []).map(nationalPhoneDigits).filter((digits) => digits !== ''));
    const numbers = [record.fileNumber, ...(record.formerFileNumbers ?? [])]
      .map(normaliseFileNumber)
      .filter((number) => number !== '');
    fileNumbers.push(numbers.length === 0 ? noFileNumbers : numbers);
  }

  /** Best identifier match per slot: CIN, phone, file number (few hits; a map is fine). */
  function identifierMatches(query: string): Map<number, Candidate> {
    const matches = new Map<number, Candidate>();
    const plain = asciiDigits(query);
    if (!identifierQuery.test(plain)) return matches;
    const compactQuery = plain.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (!/[0-9]/.test(compactQuery)) return matches;

    const offer = (slot: number, value: number, matched: MatchKind) => {
      const known = matches.get(slot);
      if (known === undefined || known.score < value) matches.set(slot, { slot, score: value, matched });
    };
    const isCin = cinQuery.test(compactQuery);
    const digits = /^[0-9]+$/.test(compactQuery) ? compactQuery : '';
    const phoneDigits = digits.length >= minimumPhoneDigits;
    const fullPhone = digits.length >= nationalNumberLength ? digits.slice(-nationalNumberLength) : '';
    // `0612 345`: the start of a number typed with its trunk 0.
    const phoneStart = !fullPhone && digits.startsWith('0') ? digits.slice(1) : '';

    ids.forEach((id, slot) => {
      if (id === undefined) return;
      const cin = cins[slot] ?? '';
      if (isCin && cin !== '') {
        if (cin === compactQuery) offer(slot, score.cinExact, 'cin');
        else if (cin.startsWith(compactQuery)) offer(slot, score.cinPrefix, 'cin');
      }
      if (phoneDigits) {
        const digitsOfCin = cinDigits[slot] ?? '';
        if (digitsOfCin === digits) offer(slot, score.digitsExact, 'cin');
        else if (digitsOfCin.startsWith(digits)) offer(slot, score.digitsPartial, 'cin');
        for (const phone of phones[slot] ?? []) {
          if (fullPhone !== '' && phone === fullPhone) offer(slot, score.digitsExact, 'phone');
          else if (phone.endsWith(digits) || (phoneStart.length >= 5 && phone.startsWith(phoneStart))) {
            offer(slot, score.digitsPartial, 'phone');
          }
        }
      }
      for (const fileNumber of fileNumbers[slot] ?? noFileNumbers) {
        if (fileNumber === compactQuery) offer(slot, score.fileExact, 'fileNumber');
        else if (
          fileNumber.startsWith(compactQuery) ||
          (compactQuery.length >= minimumFileSuffix && fileNumber.endsWith(compactQuery))
        ) {
          offer(slot, score.filePartial, 'fileNumber');
        }
      }
    });
    return matches;
  }

  /** Every query token must reach some name token of the record; see `levelWeights`. */
  function searchNames(query: string, hits: TopHits, identified: Map<number, Candidate>): void {
    const queryTokens = nameTokens(query);
    if (queryTokens.length === 0) return;
    const levelsByQueryToken: Uint8Array[] = [];
    for (const queryToken of queryTokens) {
      const levels = dictionary.levelsFor(queryToken);
      if (levels === undefined) return; // a query token that reaches nothing: no record has all
      levelsByQueryToken.push(levels);
    }
    const slotCount = ids.length;
    for (let slot = 0; slot < slotCount; slot++) {
      if (ids[slot] === undefined) continue;
      const start = tokenStart[slot] ?? 0;
      const end = tokenEnd(slot);
      let total = 0;
      for (const levels of levelsByQueryToken) {
        let best = none;
        for (let index = start; index < end; index++) {
          const level = levels[tokens[index] ?? 0] ?? none;
          if (level > best) best = level;
        }
        if (best === none) {
          total = -1;
          break;
        }
        total += levelWeights[best] ?? 0;
      }
      if (total < 0) continue;
      // A record found both ways is offered once, with its best match (identifiers come later).
      const known = identified.get(slot);
      if (known !== undefined) {
        if (known.score >= total) continue;
        identified.delete(slot);
      }
      hits.offer({ slot, score: total, matched: 'name' });
    }
  }

  function search(query: string, options?: SearchOptions): SearchHit[] {
    const limit = Math.floor(options?.limit ?? defaultSearchLimit);
    if (query.trim() === '' || !(limit > 0)) return [];
    const hits = new TopHits(limit, idOf);
    const identified = identifierMatches(query);
    if (anyLetter.test(query)) searchNames(query, hits, identified);
    for (const candidate of identified.values()) hits.offer(candidate);
    return hits.result();
  }

  return {
    upsert,
    remove,
    clear: reset,
    size: () => slotById.size,
    search,
  };
}
