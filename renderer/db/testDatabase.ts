import { openUserDatabase, type DexieDependencies } from './database';
import type { MasarDatabase } from './tables';
import type { DataKey } from '../crypto/dataKey';
import { createKeyRing, type KeyRing } from './sealing/keyRing';
import type { ChangeCaptureOptions } from './sync/changeCapture';
import type { DamagedRecord } from './sealing/sealedStores';

/**
 * For tests: a user's database as the app opens it, sealed at rest (renderer/db/sealing/). One
 * data key per test process (`testDataKey`), so a database reopened in a test opens; a record
 * that does not open fails the read (`onDamaged` throws) unless the test says what to do.
 */
export const testDataKey: DataKey = {
  rows: Uint8Array.from({ length: 32 }, (_, index) => index + 1),
  index: Uint8Array.from({ length: 32 }, (_, index) => 255 - index),
};

export function openTestDatabase(
  userId: string,
  dependencies?: DexieDependencies,
  sync?: ChangeCaptureOptions,
  sealing: { keys?: KeyRing; onDamaged?: (damaged: DamagedRecord) => void } = {},
): MasarDatabase {
  return openUserDatabase(userId, dependencies, sync, {
    keys: sealing.keys ?? createKeyRing(testDataKey),
    onDamaged:
      sealing.onDamaged ??
      ((damaged) => {
        throw new Error(`A record did not open: ${damaged.table} ${String(damaged.key)} (${damaged.reason})`);
      }),
  });
}
