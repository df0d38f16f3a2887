import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { findDuplicateCandidates, type DuplicateCandidate } from '../../../shared/search/duplicates';
import { createSearchIndex, type SearchableRecord } from '../../../shared/search/searchIndex';
import type { MasarDatabase } from '../database';
import { subscribeRowChanges, type RowChange } from '../rowChanges';

/**
 * The search service of the beneficiaries (docs/architecture.md, "Data on the PC"): screens find
 * people here, never through Dexie indexes on names, so names can later be encrypted at rest
 * without touching the screens. It mirrors the table in memory — read once when the database
 * opens, then kept current from the row change feed (every committed write, local or pulled) —
 * and answers from an in-memory index: a keystroke never waits for IndexedDB.
 */
export type BeneficiarySearch = {
  /** Resolves when the mirror holds every stored row (rejects if the first read fails). */
  readonly ready: Promise<void>;
  /** Whether `ready` has resolved. */
  isReady(): boolean;
  /** Changes at every change of the mirrored rows: the snapshot key of `useSyncExternalStore`. */
  version(): number;
  subscribe(listener: () => void): () => void;
  /** Every beneficiary, most recently created first. The same array until the next change. */
  all(): readonly Beneficiary[];
  /** The best matches of `query` (name in either script, CIN, phone, file number), best first. */
  search(query: string, limit?: number): readonly Beneficiary[];
  /**
   * The stored people who may be the one described (same CIN, same phone, similar name with a
   * close date of birth): what the form shows before saving a new beneficiary.
   */
  findDuplicates(record: SearchableRecord): DuplicateCandidate[];
  get(id: string): Beneficiary | undefined;
  close(): void;
};

/** The searchable view of a beneficiary: names in both scripts, CIN, file number, phones. */
export function searchableBeneficiary(beneficiary: Beneficiary): SearchableRecord {
  return {
    id: beneficiary.id,
    names: [
      beneficiary.lastNameLatin,
      beneficiary.firstNameLatin,
      beneficiary.lastNameArabic,
      beneficiary.firstNameArabic,
    ].filter((name) => name.trim() !== ''),
    cin: beneficiary.cin,
    ...(beneficiary.fileNumber ? { fileNumber: beneficiary.fileNumber } : {}),
    phones: [beneficiary.phone ?? '', beneficiary.phoneOther ?? ''].filter((phone) => phone !== ''),
    dateOfBirth: beneficiary.dateOfBirth,
  };
}

export function createBeneficiarySearch(db: MasarDatabase): BeneficiarySearch {
  const index = createSearchIndex();
  const rows = new Map<string, Beneficiary>();
  const searchable = new Map<string, SearchableRecord>();
  const listeners = new Set<() => void>();
  let version = 0;
  let sorted: Beneficiary[] | null = null;
  let isLoaded = false;
  let isClosed = false;
  // Changes that arrive while the first read runs are applied after it, in order.
  let queue: Promise<void> = Promise.resolve();

  const notify = () => {
    version += 1;
    sorted = null;
    for (const listener of listeners) listener();
  };
  const put = (row: Beneficiary) => {
    const record = searchableBeneficiary(row);
    rows.set(row.id, row);
    searchable.set(row.id, record);
    index.upsert(record);
  };
  const drop = (id: string) => {
    rows.delete(id);
    searchable.delete(id);
    index.remove(id);
  };
  const reloadAll = async () => {
    const started = performance.now();
    const stored = await db.beneficiaries.toArray();
    const read = performance.now();
    rows.clear();
    searchable.clear();
    index.clear();
    for (const row of stored) put(row);
    // What a full load costs, for `npm run bench:local` (reading the rows vs indexing them).
    performance.measure('masar:search:read', { start: started, end: read });
    performance.measure('masar:search:index', { start: read, end: performance.now() });
  };
  const apply = async (changes: readonly RowChange[]) => {
    const change = changes.find((candidate) => candidate.table === 'beneficiaries');
    if (!change || isClosed) return;
    if (change.keys === 'all') await reloadAll();
    else {
      const keys = [...change.keys];
      const current = await db.beneficiaries.bulkGet(keys);
      keys.forEach((id, position) => {
        const row = current[position];
        if (row) put(row);
        else drop(id);
      });
    }
    notify();
  };

  const unsubscribe = subscribeRowChanges(db, (changes) => {
    queue = queue.then(() => apply(changes)).catch(() => undefined);
  });
  const ready = reloadAll().then(() => {
    isLoaded = true;
    notify();
  });
  queue = ready.catch(() => undefined);

  return {
    ready,
    isReady: () => isLoaded,
    version: () => version,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    all() {
      // ISO instants sort as strings; ties (same millisecond) by id, which is time-ordered too.
      sorted ??= [...rows.values()].sort((a, b) =>
        a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
      );
      return sorted;
    },
    search(query, limit = 200) {
      return index.search(query, { limit }).flatMap((hit) => {
        const row = rows.get(hit.id);
        return row ? [row] : [];
      });
    },
    findDuplicates: (record) => findDuplicateCandidates(record, searchable.values()),
    get: (id) => rows.get(id),
    close() {
      isClosed = true;
      unsubscribe();
      listeners.clear();
    },
  };
}
