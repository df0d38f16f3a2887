import { normaliseCin } from '../beneficiary/cin';
import { asciiDigits } from './fold';

/**
 * Identifiers as search and duplicate detection compare them. Counsellors type them in every
 * format (spaces, dashes, +212, Arabic-Indic digits); the stored values may be just as varied.
 */

/** Digits of a Moroccan national significant number: a phone number's last 9 digits. */
export const nationalNumberLength = 9;

/**
 * The national significant digits of a phone number, in any format: `+212 6 12-34-56-78`,
 * `00212612345678`, `0612345678` and `612345678` all give `612345678` (the last 9 digits, which
 * drops +212, 00212 or the trunk 0). A shorter number (incomplete) keeps its digits, less a
 * leading trunk 0. '' when there is no digit.
 */
export function nationalPhoneDigits(phone: string): string {
  const digits = asciiDigits(phone).replace(/\D/g, '');
  if (digits.length >= nationalNumberLength) return digits.slice(-nationalNumberLength);
  return digits.replace(/^0/, '');
}

/** CIN / CNIE as stored (upper case, no spaces, dashes or dots), whatever the caller passed. */
export function comparableCin(cin: string | undefined): string {
  if (cin === undefined) return '';
  // Stored CINs are normalised already: skip the work for them.
  return /^[A-Z0-9]*$/.test(cin) ? cin : normaliseCin(asciiDigits(cin));
}

/** A file number without case or separators: `cas-2026-0042`, `CAS 2026/0042` → `CAS20260042`. */
export function normaliseFileNumber(fileNumber: string | undefined): string {
  return asciiDigits(fileNumber ?? '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
