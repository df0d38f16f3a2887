import { isCalendarDate } from '../dates/calendarDate';
import { nameTokens, type NameToken } from './fold';
import { comparableCin, nationalNumberLength, nationalPhoneDigits } from './identifiers';
import type { SearchableRecord } from './searchIndex';

/**
 * Duplicate candidates shown before a new beneficiary is saved: the same person is often
 * registered twice, under another transliteration, in the other script, or at another centre.
 * The counsellor decides; this only has to find the candidates worth a look.
 */

export type DuplicateReason = 'sameCin' | 'samePhone' | 'similarName';
export type DuplicateCandidate = { id: string; reasons: DuplicateReason[] };
export type DuplicateOptions = { maxYearsApart?: number };

export const defaultMaxYearsApart = 2;

/** Reasons in the order they are reported and ranked: strongest evidence first. */
const reasonOrder: readonly DuplicateReason[] = ['sameCin', 'samePhone', 'similarName'];

/**
 * Two names are similar when at least two tokens correspond one-to-one (same phonetic key or same
 * folded form), comparing one script of the draft with one script of the record: two shared
 * tokens are, in practice, the family name and the first name.
 */
const minimumCommonTokens = 2;

type NamesByScript = { latin: readonly NameToken[]; arabic: readonly NameToken[] };

function byScript(tokens: readonly NameToken[]): NamesByScript {
  return {
    latin: tokens.filter((token) => token.script === 'latin'),
    arabic: tokens.filter((token) => token.script === 'arabic'),
  };
}

/** One name string of a record, analysed once per search (the same spellings come back often). */
type AnalysedName = {
  tokens: readonly NameToken[];
  /** How many of its tokens meet some token of the draft: a record below 2 in all is no match. */
  meetingDraft: number;
};

function sameName(a: NameToken, b: NameToken): boolean {
  // Keys cover forms whenever a form has a consonant; forms alone cover vowel-only names (Aya).
  return a.keys.some((key) => b.keys.includes(key)) || a.forms.some((form) => b.forms.includes(form));
}

/**
 * The most tokens of `a` and `b` that can be paired, each token used once (bipartite matching by
 * augmenting paths; a name has a handful of tokens). One-to-one, so "Mohamed Mohamed" does not
 * count twice against one "Mohamed".
 */
function commonTokens(a: readonly NameToken[], b: readonly NameToken[]): number {
  const partnerOfB: (number | undefined)[] = b.map(() => undefined);
  const tryPair = (indexA: number, visited: boolean[]): boolean => {
    const tokenA = a[indexA];
    if (tokenA === undefined) return false;
    for (let indexB = 0; indexB < b.length; indexB++) {
      const tokenB = b[indexB];
      if (tokenB === undefined || visited[indexB] === true || !sameName(tokenA, tokenB)) continue;
      visited[indexB] = true;
      const partner = partnerOfB[indexB];
      if (partner === undefined || tryPair(partner, visited)) {
        partnerOfB[indexB] = indexA;
        return true;
      }
    }
    return false;
  };
  let pairs = 0;
  for (let indexA = 0; indexA < a.length; indexA++) {
    if (tryPair(indexA, [])) pairs++;
  }
  return pairs;
}

/**
 * Script against script (Latin–Latin, Latin–Arabic, …), never mixing scripts on one side: a draft
 * with "Mohamed Alami" and "محمد العلمي" must not pair both Mohameds with two tokens of
 * "Mohamed Amrani / محمد العمراني".
 */
function similarNames(draft: NamesByScript, record: NamesByScript): boolean {
  for (const draftTokens of [draft.latin, draft.arabic]) {
    if (draftTokens.length < minimumCommonTokens) continue;
    for (const recordTokens of [record.latin, record.arabic]) {
      if (commonTokens(draftTokens, recordTokens) >= minimumCommonTokens) return true;
    }
  }
  return false;
}

/**
 * The birth dates at most `years` calendar years from `date` (1990-03-10 and 1992-03-10 are 2
 * years apart, 1992-03-11 is more), as an inclusive range of YYYY-MM-DD strings, which compare
 * as dates. Undefined when the date is unknown or invalid: it excludes no one.
 */
function birthDateWindow(date: string | undefined, years: number): { from: string; to: string } | undefined {
  if (date === undefined || !isCalendarDate(date)) return undefined;
  const shifted = (delta: number) => `${String(Number(date.slice(0, 4)) + delta).padStart(4, '0')}${date.slice(4)}`;
  return { from: shifted(-years), to: shifted(years) };
}

const calendarDateShape = /^\d{4}-\d{2}-\d{2}$/;

function withinWindow(window: { from: string; to: string } | undefined, date: string | undefined): boolean {
  if (window === undefined || date === undefined || !calendarDateShape.test(date)) return true;
  return window.from <= date && date <= window.to;
}

/** National digits of complete numbers only: a partial number is no evidence. */
function completePhones(phones: readonly string[] | undefined): Set<string> {
  const digits = (phones ?? []).map(nationalPhoneDigits).filter((phone) => phone.length === nationalNumberLength);
  return new Set(digits);
}

/**
 * Records that may be the same person as `draft`, with why: same CIN, same phone number, or a
 * similar name (see `similarNames`) with birth dates at most `maxYearsApart` years apart when
 * both are known. The draft's own id is skipped (editing a saved record). Ordered by strongest
 * reason (sameCin, samePhone, similarName), then by more reasons, then by id.
 */
export function findDuplicateCandidates(
  draft: SearchableRecord,
  records: Iterable<SearchableRecord>,
  options?: DuplicateOptions,
): DuplicateCandidate[] {
  const maxYearsApart = options?.maxYearsApart ?? defaultMaxYearsApart;
  const draftCin = comparableCin(draft.cin);
  const draftPhones = completePhones(draft.phones);
  const birthWindow = birthDateWindow(draft.dateOfBirth, maxYearsApart);
  const draftTokens = draft.names.flatMap((name) => nameTokens(name));
  const draftNames = byScript(draftTokens);
  const analysed = new Map<string, AnalysedName>();
  const analyse = (name: string): AnalysedName => {
    let known = analysed.get(name);
    if (known === undefined) {
      const tokens = nameTokens(name);
      const meetingDraft = tokens.filter((token) => draftTokens.some((other) => sameName(token, other))).length;
      known = { tokens, meetingDraft };
      analysed.set(name, known);
    }
    return known;
  };

  const candidates: DuplicateCandidate[] = [];
  for (const record of records) {
    if (record.id === draft.id) continue;
    const reasons: DuplicateReason[] = [];
    if (draftCin !== '' && comparableCin(record.cin) === draftCin) reasons.push('sameCin');
    if (draftPhones.size > 0 && (record.phones ?? []).some((phone) => draftPhones.has(nationalPhoneDigits(phone)))) {
      reasons.push('samePhone');
    }
    // Cheap checks first: birth dates, then a count of tokens meeting the draft's, which rules
    // out most records before any pairing.
    if (draftTokens.length >= minimumCommonTokens && withinWindow(birthWindow, record.dateOfBirth)) {
      const names = record.names.map(analyse);
      const meeting = names.reduce((sum, name) => sum + name.meetingDraft, 0);
      if (meeting >= minimumCommonTokens && similarNames(draftNames, byScript(names.flatMap((name) => name.tokens)))) {
        reasons.push('similarName');
      }
    }
    if (reasons.length > 0) candidates.push({ id: record.id, reasons });
  }

  const rank = (candidate: DuplicateCandidate) => reasonOrder.indexOf(candidate.reasons[0] ?? 'similarName');
  return candidates.sort(
    (a, b) => rank(a) - rank(b) || b.reasons.length - a.reasons.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
