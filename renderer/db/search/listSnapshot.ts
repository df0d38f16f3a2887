import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { newId } from '../../../shared/ids/uuidv7';
import type { MasarDatabase } from '../tables';
import { generationKey, localCacheTable } from '../rowChanges';
import { open, seal } from '../../crypto/envelope';
import { snapshotSealingKey } from '../sealing/sealedStores';

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
 *
 * It holds names like the table does, so in a sealed database its columns are sealed with the
 * row key (docs/security.md, "The local stores") — by WebCrypto, outside the transactions: one
 * value of several megabytes, which WebCrypto opens in milliseconds and a JavaScript cipher in a
 * good part of a second. The additional data binds its key, format, generation, count and fields.
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
   * value), and `JSON.parse` is V8's fastest way back to arrays. In a sealed database: absent,
   * and `sealedColumns` holds its UTF-8 bytes sealed.
   */
  readonly columns?: string;
  readonly sealedColumns?: Uint8Array;
};

const snapshotAad = (packed: PackedRows) =>
  `snapshot|${packed.key}|${packed.format}|${packed.generation}|${packed.count}|${packed.fields.join(',')}`;

/** The snapshot as stored: its columns sealed when the database seals (`key`). */
async function sealedForStorage(packed: PackedRows, key: CryptoKey | null): Promise<PackedRows> {
  if (key === null || packed.columns === undefined) return packed;
  const { columns, ...header } = packed;
  const sealedColumns = await seal(key, snapshotAad(packed), new TextEncoder().encode(columns));
  return { ...header, sealedColumns };
}

/** The columns' text of a stored snapshot; null when they do not open (changed, another key). */
async function columnsOf(packed: PackedRows, key: CryptoKey | null): Promise<string | null> {
  if (packed.sealedColumns === undefined) return packed.columns ?? null;
  if (key === null) return null;
  const opened = await open(key, snapshotAad(packed), packed.sealedColumns);
  return opened.ok && opened.value instanceof Uint8Array ? new TextDecoder().decode(opened.value) : null;
}

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
    columns = JSON.parse(packed.columns ?? '');
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
    (typeof packed.columns === 'string' || packed.sealedColumns instanceof Uint8Array)
  );
}

/** What the list starts from: every row, and the generation token they reflect ('' if none yet). */
export type LoadedRows = { rows: Beneficiary[]; generation: string; source: 'snapshot' | 'rows' };

/**
 * Every beneficiary, from the snapshot when it is exact, else from the table; the rows and the
 * generation token they reflect are read in one transaction, so they agree. A sealed snapshot is
 * opened after its transaction (WebCrypto cannot wait inside one); if it does not open, the rows
 * are read one by one.
 */
export async function loadRows(db: MasarDatabase): Promise<LoadedRows> {
  const key = await snapshotSealingKey(db);
  const found = await db.transaction('r', db.beneficiaries, db.localCache, async () => {
    const [tokenEntry, snapshot] = await db.localCache.bulkGet([generationKey('beneficiaries'), snapshotKey]);
    const generation = typeof tokenEntry?.value === 'string' ? tokenEntry.value : '';
    const isExact =
      isPacked(snapshot) &&
      generation !== '' &&
      snapshot.generation === generation &&
      (await db.beneficiaries.count()) === snapshot.count;
    return isExact ? { snapshot, generation } : null;
  });
  if (found) {
    const columns = await columnsOf(found.snapshot, key);
    const rows = columns === null ? null : unpackRows({ ...found.snapshot, columns });
    if (rows) return { rows, generation: found.generation, source: 'snapshot' };
  }
  return db.transaction('r', db.beneficiaries, db.localCache, async () => {
    const tokenEntry = await db.localCache.get(generationKey('beneficiaries'));
    const generation = typeof tokenEntry?.value === 'string' ? tokenEntry.value : '';
    return { rows: await db.beneficiaries.toArray(), generation, source: 'rows' as const };
  });
}

/**
 * Stores the snapshot of `rows` as of `generation`, unless a beneficiary was written since (the
 * stored token differs): then nothing is written and false is returned. Sealed, in a sealed
 * database, before its transaction.
 */
export async function saveSnapshot(
  db: MasarDatabase,
  rows: Iterable<Beneficiary>,
  generation: string,
): Promise<boolean> {
  const key = await snapshotSealingKey(db);
  // No token yet (nothing written since the cache exists): this snapshot starts one; a write
  // before the transaction below would have made one, and then the stored token would differ.
  const token = generation === '' ? newId() : generation;
  const stored = await sealedForStorage(packRows(rows, token), key);
  return db.transaction('rw', db.localCache, async () => {
    const current = await db.localCache.get(generationKey('beneficiaries'));
    const storedToken = typeof current?.value === 'string' ? current.value : '';
    if (storedToken !== generation) return false;
    if (generation === '') await db.localCache.put({ key: generationKey('beneficiaries'), value: token });
    await db.table(localCacheTable).put(stored);
    return true;
  });
}
