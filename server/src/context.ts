/** What every route handler and the authentication share: the database and the clock. */
import type { MasarDatabase } from './db';

export interface ServerContext {
  database: MasarDatabase;
  /** The server's clock; tests inject one to move time without sleeping. */
  now: () => Date;
  /** The app version reported by `/api/health`. */
  version: string;
  /** Bytes of row state per pull response (shared/sync/protocol.ts `maxPullStateBytes` by default). */
  maxPullStateBytes?: number;
}
