import type { MasarDatabase } from '../tables';
import type { SyncReceipt } from './types';

/** The sync journal: the receipt of each sync, the latest ones kept. */

/** Receipts kept in the journal. */
const journalLength = 200;

export async function storeReceipt(db: MasarDatabase, receipt: SyncReceipt): Promise<void> {
  await db.transaction('rw', db.syncJournal, async () => {
    await db.syncJournal.put(receipt);
    const count = await db.syncJournal.count();
    if (count > journalLength) {
      const oldest = await db.syncJournal
        .orderBy('startedAt')
        .limit(count - journalLength)
        .primaryKeys();
      await db.syncJournal.bulkDelete(oldest);
    }
  });
}
