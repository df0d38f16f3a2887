/** What every route handler and the authentication share: the database, the clock, the argon2 work. */
import type { NewPcAllowance } from './auth/deviceRegistration';
import type { PasswordWork } from './auth/passwordWork';
import type { MasarDatabase } from './db';

export interface ServerContext {
  database: MasarDatabase;
  /** The server's clock; tests inject one to move time without sleeping. */
  now: () => Date;
  /** The app version reported by `/api/health`. */
  version: string;
  /** Bytes of row state per pull response (shared/sync/protocol.ts `maxPullStateBytes` by default). */
  maxPullStateBytes?: number;
  /** Every argon2 hash and verification of a request goes through it (bounded: auth/passwordWork.ts). */
  passwords: PasswordWork;
  /** PCs a user may register before a new one waits for an approval (auth/deviceRegistration.ts). */
  newPcAllowance: NewPcAllowance;
}
