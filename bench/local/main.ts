/**
 * The page of `npm run bench:local` (bench/local.ts drives it in Chromium): the real local
 * database, repositories and search service of the renderer, exposed to the driver as
 * `window.masarBench`. Built with bench/local/vite.config.ts into a temporary folder by bench/local.ts;
 * never shipped.
 */
import type { BeneficiaryDraft } from '../../shared/beneficiary/beneficiary';
import { createBeneficiaryRepository } from '../../renderer/db/beneficiaryRepository';
import { openUserDatabase, type MasarDatabase } from '../../renderer/db/database';
import { createBeneficiarySearch, type BeneficiarySearch } from '../../renderer/db/search/beneficiarySearch';

const userId = 'bench-local';
const centreId = '0190a8d4-1c2e-7a3b-9c4d-0000000000c1';
const replicaId = '0190a8d4-1c2e-7a3b-9c4d-00000000d0b1.0190a8d4-1c2e-7a3b-9c4d-00000000e0b1';

let db: MasarDatabase | null = null;
let search: BeneficiarySearch | null = null;
/** The part of the last `open()` spent opening the IndexedDB database itself. */
let openDatabaseMs = Number.NaN;

function opened(): { db: MasarDatabase; search: BeneficiarySearch } {
  if (!db || !search) throw new Error('call open() first');
  return { db, search };
}

const api = {
  /** Opens the database and the search service; the time until the list's rows are ready. */
  async open(): Promise<number> {
    const started = performance.now();
    db = openUserDatabase(userId, undefined, { replicaId });
    await db.open();
    openDatabaseMs = performance.now() - started;
    search = createBeneficiarySearch(db);
    await search.ready;
    search.all();
    return performance.now() - started;
  },
  /** Saves `drafts` in batches through the repository; returns the milliseconds it took. */
  async fill(drafts: BeneficiaryDraft[], batchSize: number): Promise<number> {
    const repository = createBeneficiaryRepository(opened().db);
    const started = performance.now();
    for (let start = 0; start < drafts.length; start += batchSize)
      await repository.createMany(drafts.slice(start, start + batchSize), centreId);
    return performance.now() - started;
  },
  /** Milliseconds of one search, and how many it found. */
  search(query: string): { ms: number; found: number } {
    const started = performance.now();
    const found = opened().search.search(query).length;
    return { ms: performance.now() - started, found };
  },
  /** Milliseconds of one edit through the repository (the row, its versions, the outbox). */
  async save(index: number, cin: string): Promise<number> {
    const { search } = opened();
    const row = search.all()[index];
    if (!row) throw new Error(`no row ${index}`);
    const repository = createBeneficiaryRepository(opened().db);
    const started = performance.now();
    await repository.update(row.id, { cin });
    return performance.now() - started;
  },
  count: () => opened().search.all().length,
  /** Writes the list's snapshot (the app does it a few seconds after the last change). */
  flushSnapshot: () => opened().search.flushSnapshot(),
  /** Where the last open read the list from: its snapshot, or the rows one by one. */
  source: () => opened().search.loadedFrom(),
  /** The last full load of the search service: reading the rows, then indexing them (ms). */
  loadParts(): { openDatabaseMs: number; readMs: number; indexMs: number } {
    const last = (name: string) => performance.getEntriesByName(name).at(-1)?.duration ?? Number.NaN;
    return { openDatabaseMs, readMs: last('masar:search:read'), indexMs: last('masar:search:index') };
  },
  close() {
    search?.close();
    db?.close();
    search = null;
    db = null;
  },
};

declare global {
  interface Window {
    masarBench?: typeof api;
  }
}
window.masarBench = api;
