import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { newId } from '../../../shared/ids/uuidv7';
import type { MasarDatabase } from '../database';
import { generationKey, localCacheTable } from '../rowChanges';

/**
 * The list's snapshot: every beneficiary row packed by column in one local record, so that the
 * list opens by decoding a few large arrays instead of one record per person (IndexedDB's cost is
 * per record: `npm run bench:local`, `openListReadMs`). It is trusted only while it is exact:
 *
 * - it records the beneficiaries' generation token it reflects (renderer/db/rowChanges.ts): any
 *   transaction writing a beneficiary writes a new token, so a write since makes it stale;
 * - it records the row count, checked against the table: rows written around Dexie (tests) are
 *   noticed too;
 * - it is written with a compare-and-set on the token: a write committed since the mirror was
 *   last brought up to date makes the write a no-op.
 *
 * A stale or absent snapshot costs nothing but speed: the rows are read one by one as before.
 * It holds names like the table does (encryption at rest must cover `localCache` too).
 */
const snapshotKey = 'beneficiaries:list';
/** Bumped when the packing changes: an older snapshot is then ignored. */
const snapshotFormat = 2;

type PackedRows = {
  readonly key: string;
  readonly format: number;
  readonly generation: string;
  readonly count: number;
  /** Field names. */
  readonly fields: readonly string[];
  /**
   * One array per field, `columns[f][i]` row i's field f (absent: null), as one JSON text:
   * IndexedDB decodes a single string far faster than a million small values (its cost is per
   * value), and `JSON.parse` is V8's fastest way back to arrays.
   */
  readonly columns: string;
};

export function packRows(rows: Iterable<Beneficiary>, generation: string): PackedRows {
  const list = [...rows];
  const seen = new Set<string>();
  for (const row of list) for (const field in row) seen.add(field);
  const fields = [...seen];
  const columns = fields.map((field) => list.map((row) => (row as Record<string, unknown>)[field] ?? null));
  return {
    key: snapshotKey,
    format: snapshotFormat,
    generation,
    count: list.length,
    fields,
    columns: JSON.stringify(columns),
  };
}

/** The rows of a snapshot; null when its text does not hold what its header says. */
export function unpackRows(packed: PackedRows): Beneficiary[] | null {
  let columns: unknown;
  try {
    columns = JSON.parse(packed.columns);
  } catch {
    return null;
  }
  if (
    !Array.isArray(columns) ||
    columns.length !== packed.fields.length ||
    !columns.every((column) => Array.isArray(column) && column.length === packed.count)
  )
    return null;
  const arrays = columns as unknown[][];
  const rows: Beneficiary[] = [];
  for (let index = 0; index < packed.count; index += 1) {
    const row: Record<string, unknown> = {};
    for (let position = 0; position < packed.fields.length; position += 1) {
      const value = arrays[position]?.[index];
      // Absent fields were stored as null; no field of a beneficiary row holds null itself.
      if (value !== null && value !== undefined) row[packed.fields[position] ?? ''] = value;
    }
    rows.push(row as Beneficiary);
  }
  return rows;
}

function isPacked(value: unknown): value is PackedRows {
  if (typeof value !== 'object' || value === null) return false;
  const packed = value as Partial<PackedRows>;
  return (
    packed.format === snapshotFormat &&
    typeof packed.generation === 'string' &&
    typeof packed.count === 'number' &&
    Array.isArray(packed.fields) &&
    packed.fields.every((field) => typeof field === 'string') &&
    typeof packed.columns === 'string'
  );
}

/** What the list starts from: every row, and the generation token they reflect ('' if none yet). */
export type LoadedRows = { rows: Beneficiary[]; generation: string; source: 'snapshot' | 'rows' };

/**
 * Every beneficiary, from the snapshot when it is exact, else from the table; read in one
 * transaction with the current token, so the rows and the token agree.
 */
export async function loadRows(db: MasarDatabase): Promise<LoadedRows> {
  return db.transaction('r', db.beneficiaries, db.localCache, async () => {
    const [tokenEntry, snapshot] = await db.localCache.bulkGet([generationKey('beneficiaries'), snapshotKey]);
    const generation = typeof tokenEntry?.value === 'string' ? tokenEntry.value : '';
    if (isPacked(snapshot) && generation !== '' && snapshot.generation === generation) {
      const rows = (await db.beneficiaries.count()) === snapshot.count ? unpackRows(snapshot) : null;
      if (rows) return { rows, generation, source: 'snapshot' };
    }
    return { rows: await db.beneficiaries.toArray(), generation, source: 'rows' };
  });
}

/**
 * Stores the snapshot of `rows` as of `generation`, unless a beneficiary was written since (the
 * stored token differs): then nothing is written and false is returned.
 */
export async function saveSnapshot(
  db: MasarDatabase,
  rows: Iterable<Beneficiary>,
  generation: string,
): Promise<boolean> {
  const rowList = [...rows];
  return db.transaction('rw', db.localCache, async () => {
    const current = await db.localCache.get(generationKey('beneficiaries'));
    const stored = typeof current?.value === 'string' ? current.value : '';
    if (stored !== generation) return false;
    // No token yet (nothing written since the cache exists): start one with this snapshot; a
    // write before this transaction would have made one, and then `stored` would differ.
    let token = generation;
    if (token === '') {
      token = newId();
      await db.localCache.put({ key: generationKey('beneficiaries'), value: token });
    }
    await db.table(localCacheTable).put(packRows(rowList, token));
    return true;
  });
}
