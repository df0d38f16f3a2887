import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { failure, ok, type Result } from '../result';

/**
 * Moroccan phone numbers (+212, 9 national digits; mobiles 6 and 7, fixed lines 5), read with
 * libphonenumber-js's rules: a counsellor types `06 12 34 56 78`, `0612345678`, `+212 612…` or
 * `00212…`; Masar stores the E.164 form (`+212612345678`) and shows `06 12 34 56 78`.
 * Foreign numbers (a family member abroad) are accepted when valid for their country.
 */
/** The E.164 form of a typed number, or the message key saying it is not one. */
export function readPhone(text: string): Result<string, 'errors.phoneInvalid'> {
  const parsed = parsePhoneNumberFromString(text.trim(), 'MA');
  if (!parsed?.isValid()) return failure('errors.phoneInvalid');
  return ok(parsed.number);
}

/** The E.164 form as people read it: `06 12 34 56 78` for Morocco, international otherwise. */
export function displayPhone(e164: string): string {
  const moroccan = /^\+212(\d{9})$/.exec(e164);
  if (!moroccan?.[1]) return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
  const national = `0${moroccan[1]}`;
  return national.replace(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/, '$1 $2 $3 $4 $5');
}

/** What the server accepts: an E.164 number valid for its country. */
export function isStoredPhone(value: string): boolean {
  return /^\+\d{8,15}$/.test(value) && parsePhoneNumberFromString(value)?.isValid() === true;
}
