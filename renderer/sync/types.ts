import type { JsonValue } from '../../shared/sync/merge';

/**
 * What the sync screens see of the engine (renderer/sync/engine.ts). The screens read these
 * through the hooks of renderer/sync/SyncContext.tsx and never touch the sync tables.
 */

/** Before a sync starts: what will be sent. */
export type SyncPreview = {
  /** Records created since the last sync (their first op is waiting). */
  readonly created: number;
  /** Existing records with changed fields waiting. */
  readonly changed: number;
  readonly deleted: number;
  /** Field ops waiting (after coalescing). */
  readonly ops: number;
};

export type SyncPhase = 'sending' | 'receiving' | 'verifying';

export type SyncProgress = {
  readonly phase: SyncPhase;
  readonly sentOps: number;
  readonly totalOps: number;
  /** Rows changed on this PC by the pull so far (as in the receipt). */
  readonly receivedRows: number;
};

export type { SyncReceipt } from '../db/sync/types';
import type { SyncReceipt, StoredConflict, StoredRejection } from '../db/sync/types';

/** An open conflict of the *À vérifier* list: the stored conflict and what is derived when read. */
export type LocalConflict = StoredConflict & {
  /** Wall clock of each side's timestamp (ms), for "when". */
  readonly winningAt: number;
  readonly losingAt: number;
  /** Which side, if any, was written by the signed-in user: "mine". */
  readonly mine: 'winning' | 'losing' | null;
  /**
   * The side that is Masar's own, if any: the server put a value back for review because, merged
   * with a colleague's change, the other broke a rule of the file (server/src/sync/pushRules.ts).
   */
  readonly masarSide: 'winning' | 'losing' | null;
};

export type ConflictChoice =
  { readonly kind: 'winning' } | { readonly kind: 'losing' } | { readonly kind: 'value'; readonly value: JsonValue };

/**
 * An op the server refused, shown with its reason, to fix and resend or to drop: the stored
 * rejection (its id set once stored) and the label of its record, read with it.
 */
export type LocalRejection = Omit<StoredRejection, 'id'> & {
  readonly id: number;
  readonly recordLabel: string;
};

export type SyncStatus = {
  readonly pendingOps: number;
  readonly pendingRecords: number;
  /** ISO instant (this PC's clock) of the last sync that ended `ok`. */
  readonly lastSuccessAt: string | null;
  /** Syncs in a row that ended without moving the outbox head while ops were waiting. */
  readonly failedAttempts: number;
  /** `failedAttempts` ≥ 3: a visible warning, never a silent stuck queue. */
  readonly isStuck: boolean;
  /** Server time minus this PC's time at the last sync (ms); null before any. */
  readonly clockOffsetMs: number | null;
  /** |clockOffsetMs| > 2 minutes, or the server re-stamped ops of this PC at the last sync. */
  readonly clockWarning: boolean;
  readonly openConflicts: number;
  readonly rejections: number;
  readonly isSyncing: boolean;
};

/**
 * What `useSync()` (renderer/sync/SyncContext.tsx) gives the screens. Lists and status are live
 * (they change as the database does); `undefined` while loading.
 */
export type SyncApi = {
  readonly status: SyncStatus | undefined;
  readonly conflicts: readonly LocalConflict[] | undefined;
  readonly rejections: readonly LocalRejection[] | undefined;
  /** Newest first. */
  readonly journal: readonly SyncReceipt[] | undefined;
  preview(): Promise<SyncPreview>;
  /**
   * Runs one sync (one at a time: a second call while one runs waits for it and returns its
   * receipt). Never throws for network or server errors: the receipt says `failed` and why.
   */
  run(onProgress?: (progress: SyncProgress) => void): Promise<SyncReceipt>;
  /** Settles a conflict: an ordinary local write of the chosen value that closes it; synced next time. */
  resolveConflict(key: string, choice: ConflictChoice): Promise<void>;
  /** Sends the record's current value of that field again at the next sync (after a fix). */
  resendRejection(id: number): Promise<void>;
  /** Drops the rejection and takes the server's value back at the next sync. */
  discardRejection(id: number): Promise<void>;
};
