import {
  fileNumberPrefix,
  formatFileNumber,
  newFileCode,
  parseFileNumber,
  provisionalFileNumberPrefix,
} from '../../shared/beneficiary/fileNumber';
import type { CentreInfo } from '../../shared/auth/schemas';
import type { MasarDatabase } from './tables';

/**
 * The file numbers this database gives (shared/beneficiary/fileNumber.ts), and the one correction
 * they may need.
 *
 * The centre's code is the number's prefix. The PC learns its centres at sign-in (and at each
 * pull); a person saved for a centre the PC does not know yet (a centre added to the account since
 * its last online sign-in) takes the provisional prefix `CAPC`, and `correctFileNumberPrefixes`
 * gives that file its centre's code as soon as the code is known, keeping the old number in
 * `formerFileNumbers` so that it is still found. The correction is deterministic — same code, year,
 * database code and counter, only the prefix changes — so every PC that makes it writes the same
 * value, and the numbers stay unique.
 */

/**
 * The next free file numbers of this database, inside the caller's transaction (which must hold
 * `beneficiaries`, `syncMeta` and `centres`): the code is drawn once per database, the counter
 * advances with the save.
 */
export async function takeFileNumbers(
  db: MasarDatabase,
  centreId: string,
  stamp: string,
  count: number,
): Promise<string[]> {
  const [codeEntry, counterEntry] = await db.syncMeta.bulkGet(['fileNumberCode', 'fileNumberCounter']);
  const code = codeEntry?.value ?? newFileCode();
  let counter = Number(counterEntry?.value ?? '0');
  const centreCode = (await db.centres.get(centreId))?.code ?? provisionalFileNumberPrefix;
  const year = Number(stamp.slice(0, 4));
  const numbers: string[] = [];
  while (numbers.length < count) {
    counter += 1;
    const candidate = formatFileNumber(centreCode, year, code, counter);
    // A number already seen here (pulled from a PC that drew the same code) is skipped.
    if ((await db.beneficiaries.where('fileNumber').equals(candidate).count()) === 0) numbers.push(candidate);
  }
  await db.syncMeta.bulkPut([
    { key: 'fileNumberCode', value: code },
    { key: 'fileNumberCounter', value: String(counter) },
  ]);
  return numbers;
}

/**
 * Gives each file numbered with the provisional prefix its centre's code, when the PC knows it
 * (the old number joins `formerFileNumbers`). One transaction; the number of files corrected.
 * Cheap when there is nothing to do: the file number is indexed.
 */
export async function correctFileNumberPrefixes(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
): Promise<number> {
  return db.transaction('rw', db.beneficiaries, db.centres, async () => {
    const provisional = await db.beneficiaries
      .where('fileNumber')
      .startsWith(`${provisionalFileNumberPrefix}-`)
      .toArray();
    if (provisional.length === 0) return 0;
    const centres = new Map((await db.centres.toArray()).map((centre) => [centre.id, centre]));
    const at = now().toISOString();
    let corrected = 0;
    for (const beneficiary of provisional) {
      const parsed = parseFileNumber(beneficiary.fileNumber ?? '');
      const centre = centres.get(beneficiary.centreId);
      if (!parsed || parsed.prefix !== provisionalFileNumberPrefix || !centre) continue;
      // A centre whose code really is CAPC keeps its numbers.
      if (fileNumberPrefix(centre.code) === provisionalFileNumberPrefix) continue;
      const fileNumber = formatFileNumber(centre.code, parsed.year, parsed.code, parsed.counter);
      const formerFileNumbers = [...(beneficiary.formerFileNumbers ?? []), beneficiary.fileNumber ?? ''];
      await db.beneficiaries.put({ ...beneficiary, fileNumber, formerFileNumbers, updatedAt: at });
      corrected += 1;
    }
    return corrected;
  });
}

/**
 * Keeps the centres the account serves, as the server named them (at sign-in or in a pull), and
 * corrects the numbers given before their code was known.
 */
export async function storeCentres(db: MasarDatabase, centres: readonly CentreInfo[]): Promise<void> {
  await db.transaction('rw', db.centres, async () => {
    await db.centres.clear();
    await db.centres.bulkPut(centres.map((centre) => ({ ...centre })));
  });
  await correctFileNumberPrefixes(db);
}
