import { parse, v4 } from 'uuid';

/**
 * The human-readable file number of a beneficiary (*numéro de dossier*), e.g.
 * `CASA-2026-K7QX3-0042`: the centre's code, the year of admission (PC clock: cosmetic only),
 * the code of the local database that created it, and that database's counter.
 *
 * Unique without coordination (docs/sync-protocol.md, "Identity"): the counter is kept in the
 * user's database and advanced in the transaction that saves the person, so a crash neither
 * reuses nor skips a number silently; two databases differ by their code — five random Crockford
 * base32 characters drawn when the database is created (33 million values). A database wiped and
 * made again draws a new code, so it never re-issues an old number. The residual risk — two live
 * databases of one centre drawing the same code — is about 1 in 700 000 for 50 PCs×users; and the
 * repository also skips any number it already sees locally.
 */
export const fileCodeAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const fileCodeLength = 5;

/** A fresh random database code (crypto randomness). */
export function newFileCode(): string {
  // The last six bytes of a UUIDv4 are crypto-random (uuid uses the platform's CSPRNG).
  const bytes = parse(v4()).slice(10, 10 + fileCodeLength);
  let code = '';
  for (const byte of bytes) code += fileCodeAlphabet.charAt(byte % 32);
  return code;
}

export function isFileCode(value: string): boolean {
  return new RegExp(`^[${fileCodeAlphabet}]{${fileCodeLength}}$`).test(value);
}

/**
 * The prefix of a number given before the PC knew its centre's code; corrected once it does
 * (renderer/db/fileNumbers.ts).
 */
export const provisionalFileNumberPrefix = 'CAPC';

/** A centre code as a file number prefix: letters and digits, upper case, at most 12. */
export function fileNumberPrefix(centreCode: string): string {
  const cleaned = centreCode
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, 12);
  return cleaned === '' ? provisionalFileNumberPrefix : cleaned;
}

export function formatFileNumber(centreCode: string, year: number, code: string, counter: number): string {
  return `${fileNumberPrefix(centreCode)}-${String(year)}-${code}-${String(counter).padStart(4, '0')}`;
}

const fileNumberPattern = new RegExp(
  `^([A-Z0-9]{1,12})-(\\d{4})-([${fileCodeAlphabet}]{${fileCodeLength}})-(\\d{4,9})$`,
);

export type ParsedFileNumber = { prefix: string; year: number; code: string; counter: number };

export function parseFileNumber(value: string): ParsedFileNumber | null {
  const match = fileNumberPattern.exec(value);
  const [, prefix, year, code, counter] = match ?? [];
  if (prefix === undefined || code === undefined) return null;
  return { prefix, year: Number(year), code, counter: Number(counter) };
}

export function isFileNumber(value: string): boolean {
  return parseFileNumber(value) !== null;
}
