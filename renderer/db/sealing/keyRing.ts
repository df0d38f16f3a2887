import type { DataKey } from '../../crypto/dataKey';
import { forgetKey } from '../../crypto/gcmNow';

/**
 * Holds the signed-in user's data key for their open database while the session is unlocked,
 * and nothing while it is locked: the sealing middleware asks it at every read and write, so
 * locking (which empties it) drops the key from the database too, without closing it (a form
 * left open is still there after unlocking). Nothing else keeps the key: what the cipher derived
 * from the row key (its AES schedule and GHASH table, renderer/crypto/gcmNow.ts) is destroyed
 * when the key leaves the ring.
 */
export type KeyRing = {
  /** The keys, or `null` while the session is locked. */
  current(): DataKey | null;
  set(key: DataKey | null): void;
};

export function createKeyRing(initial: DataKey | null): KeyRing {
  let key = initial;
  return {
    current: () => key,
    set: (next) => {
      if (key !== null && key !== next) forgetKey(key.rows);
      key = next;
    },
  };
}

/** Thrown by a read or write of a sealed table while the session is locked. */
export class SealedStoreLockedError extends Error {
  constructor() {
    super('The session is locked: its records cannot be read or written until it is unlocked');
    this.name = 'SealedStoreLockedError';
  }
}
