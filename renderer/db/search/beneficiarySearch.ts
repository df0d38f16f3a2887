import type { Beneficiary } from '../../../shared/beneficiary/beneficiary';
import { findDuplicateCandidates, type DuplicateCandidate } from '../../../shared/search/duplicates';
import { createSearchIndex, type SearchableRecord } from '../../../shared/search/searchIndex';
import type { MasarDatabase } from '../tables';
import { subscribeRowChanges, type RowChange } from '../rowChanges';
import { loadRows, saveSnapshot } from './listSnapshot';

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
  /** Where the first load came from: the list's snapshot, or the rows one by one. */
  loadedFrom(): 'snapshot' | 'rows' | undefined;
  /** Writes the list's snapshot now (it is otherwise written a while after the last change). */
  flushSnapshot(): Promise<boolean>;
  close(): void;
};

export type BeneficiarySearchOptions = {
  /** Quiet time after the last change before the list's snapshot is rewritten. */
  readonly snapshotDelayMs?: number;
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
    ...(beneficiary.formerFileNumbers?.length ? { formerFileNumbers: beneficiary.formerFileNumbers } : {}),
    phones: [beneficiary.phone ?? '', beneficiary.phoneOther ?? ''].filter((phone) => phone !== ''),
    dateOfBirth: beneficiary.dateOfBirth,
  };
}

export function createBeneficiarySearch(
  db: MasarDatabase,
  { snapshotDelayMs = 10_000 }: BeneficiarySearchOptions = {},
): BeneficiarySearch {
  const index = createSearchIndex();
  const rows = new Map<string, Beneficiary>();
  const searchable = new Map<string, SearchableRecord>();
  const listeners = new Set<() => void>();
  let version = 0;
  let sorted: Beneficiary[] | null = null;
  let isLoaded = false;
  let isClosed = false;
  // The beneficiaries' generation token the mirror reflects (renderer/db/rowChanges.ts).
  let generation = '';
  let source: 'snapshot' | 'rows' | undefined;
  let snapshotTimer: ReturnType<typeof setTimeout> | undefined;
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
    const loaded = await loadRows(db);
    const stored = loaded.rows;
    generation = loaded.generation;
    source = loaded.source;
    const read = performance.now();
    rows.clear();
    searchable.clear();
    index.clear();
    for (const row of stored) put(row);
    // What a full load costs, for `npm run bench:local` (reading the rows vs indexing them).
    performance.measure('masar:search:read', { start: started, end: read });
    performance.measure('masar:search:index', { start: read, end: performance.now() });
  };
  const writeSnapshot = () => (isClosed ? Promise.resolve(false) : saveSnapshot(db, rows.values(), generation));
  // After a change, the snapshot is rewritten once things are quiet (in the queue: after every
  // change already told has been applied, so the mirror is at `generation`).
  const scheduleSnapshot = () => {
    if (snapshotTimer !== undefined) clearTimeout(snapshotTimer);
    snapshotTimer = setTimeout(() => {
      snapshotTimer = undefined;
      queue = queue.then(() => writeSnapshot().then(() => undefined)).catch(() => undefined);
    }, snapshotDelayMs);
  };
  const apply = async (changes: readonly RowChange[]) => {
    const change = changes.find((candidate) => candidate.table === 'beneficiaries');
    if (!change || isClosed) return;
    if (change.generation !== undefined) generation = change.generation;
    scheduleSnapshot();
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
    if (source === 'rows') scheduleSnapshot();
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
    loadedFrom: () => source,
    flushSnapshot() {
      if (snapshotTimer !== undefined) clearTimeout(snapshotTimer);
      snapshotTimer = undefined;
      const written = queue.then(writeSnapshot);
      queue = written.then(() => undefined).catch(() => undefined);
      return written;
    },
    close() {
      if (snapshotTimer !== undefined) clearTimeout(snapshotTimer);
      isClosed = true;
      unsubscribe();
      listeners.clear();
    },
  };
}
