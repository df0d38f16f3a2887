/**
 * The page of `npm run bench:local` (bench/local.ts drives it in Chromium): the real local
 * database, repositories and search service of the renderer, exposed to the driver as
 * `window.masarBench`. Built with bench/local/vite.config.ts into a temporary folder by bench/local.ts;
 * never shipped.
 */
import type { BeneficiaryDraft } from '../../shared/beneficiary/beneficiary';
import { createBeneficiaryRepository } from '../../renderer/db/beneficiaryRepository';
import { openUserDatabase } from '../../renderer/db/database';
import type { MasarDatabase } from '../../renderer/db/tables';
import { createBeneficiarySearch, type BeneficiarySearch } from '../../renderer/db/search/beneficiarySearch';
import { importDataKey, unwrapWithPassword, wrapWithPassword, type DataKey } from '../../renderer/crypto/dataKey';
import { createKeyRing } from '../../renderer/db/sealing/keyRing';
import { prepareSealedDatabase } from '../../renderer/db/sealing/prepare';

const userId = 'bench-local';
/** The sealed world's data key: the same at every cold start (a bench, not a secret). */
const benchDataKeyBytes = () => Uint8Array.from({ length: 32 }, (_, index) => index * 7 + 3);
let dataKey: DataKey | null = null;
const sealingKey = async () => (dataKey ??= await importDataKey(benchDataKeyBytes()));
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
  /**
   * Opens the database and the search service; the time until the list's rows are ready.
   * `sealed`: as the app does for a session with a data key (the key is opened beforehand: see
   * `unlock` for that part), records sealed at rest.
   */
  async open(sealed = false): Promise<number> {
    const key = sealed ? await sealingKey() : null;
    const started = performance.now();
    db = openUserDatabase(userId, undefined, { replicaId }, key ? { keys: createKeyRing(key) } : undefined);
    await db.open();
    if (key) await prepareSealedDatabase(db, userId, key);
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
  /**
   * The floor under a save: one read-write transaction writing one small record to a table that
   * is neither synced nor sealed (`syncMeta`), committed with the same strict durability. What
   * IndexedDB itself costs for any save on this disk, whatever Masar does above it.
   */
  async commitFloor(round: number): Promise<number> {
    const { db } = opened();
    const started = performance.now();
    await db.transaction('rw', db.syncMeta, async () => {
      await db.syncMeta.put({ key: 'benchCommitFloor', value: String(round) });
    });
    return performance.now() - started;
  },
  /**
   * What unlocking costs on top of opening (the app's sign-in offline and its unlock): the
   * password wrap opened (PBKDF2-SHA256, 600 000 iterations), the session's keys derived, the
   * database's key checked. The wrap is made beforehand, untimed.
   */
  async unlock(): Promise<number> {
    const password = 'un mot de passe de banc';
    const wrap = await wrapWithPassword(benchDataKeyBytes(), userId, password);
    const { db } = opened();
    const started = performance.now();
    const raw = await unwrapWithPassword(wrap, userId, password);
    if (!raw) throw new Error('the bench wrap did not open');
    const key = await importDataKey(raw);
    await prepareSealedDatabase(db, userId, key);
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
