/**
 * The server's argon2 work, bounded. Each hash or verification costs about 30 ms of CPU and 19 MiB
 * (passwords.ts), on the thread pool that file and network I/O share: a burst of sign-ins with
 * wrong passwords could otherwise queue thousands of them and starve everything else — sync
 * included, which needs no argon2 at all. So at most `concurrency` run at once, at most
 * `maxQueued` requests wait for a turn, and any request beyond that is answered at once with
 * 503 `server-busy` and `Retry-After`, before anything else of it is done (not even counted
 * against the sign-in throttle).
 *
 * A request takes one **ticket** before its first argon2 step (`admit`) and gives it back when it
 * is done (`release`, in a `finally`): a sign-in's verification, a password change's verification
 * and new hash, run one after the other on the same ticket.
 */
import { httpError } from '../http/errors';
import { hashPassword, prepareDummyHash, verifyPassword } from './passwords';

export interface PasswordFunctions {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a hash that cannot be read. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export interface PasswordWorkOptions {
  /** argon2 computations at once (default 2: the thread pool keeps room for I/O). */
  concurrency?: number;
  /** Requests waiting for a turn beyond those (default 32, about half a second of work). */
  maxQueued?: number;
  /** The argon2 functions; tests inject slow ones to fill the queue deterministically. */
  functions?: PasswordFunctions;
}

/** Seconds a refused request is told to wait (`Retry-After`). */
export const serverBusyRetryAfterSeconds = 2;

export const serverBusy = () =>
  httpError('server-busy', 'The server is checking many passwords at once: try again in a moment.', {
    retryAfterSeconds: serverBusyRetryAfterSeconds,
  });

export interface PasswordTicket {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Spends the time of a real verification for a username that does not exist, so the answer time
   * does not tell which usernames exist. Always false.
   */
  verifyAgainstDummy(password: string): Promise<false>;
  /** Gives the turn back (or leaves the queue). Idempotent. */
  release(): void;
}

export interface PasswordWork {
  /** A ticket for this request's argon2 steps; throws `server-busy` when no turn can be promised. */
  admit(): PasswordTicket;
  /** One hash on a ticket of its own. */
  hash(password: string): Promise<string>;
  /** What runs and what waits, for tests and logs. */
  load(): { running: number; queued: number };
}

export const defaultPasswordConcurrency = 2;
export const defaultMaxQueuedPasswordWork = 32;

export function createPasswordWork(options: PasswordWorkOptions = {}): PasswordWork {
  const concurrency = options.concurrency ?? defaultPasswordConcurrency;
  const maxQueued = options.maxQueued ?? defaultMaxQueuedPasswordWork;
  const functions: PasswordFunctions = options.functions ?? { hash: hashPassword, verify: verifyPassword };
  let running = 0;
  const waiting: (() => void)[] = [];

  /** A turn ends: the next in the queue takes it, or it is free again. */
  function handOver(): void {
    const next = waiting.shift();
    if (next === undefined) running -= 1;
    else next();
  }

  function admit(): PasswordTicket {
    let turn: Promise<void>;
    let state: 'running' | 'waiting' | 'released';
    let start: () => void = () => undefined;
    if (running < concurrency) {
      running += 1;
      state = 'running';
      turn = Promise.resolve();
    } else if (waiting.length < maxQueued) {
      state = 'waiting';
      turn = new Promise<void>((resolve) => {
        start = () => {
          state = 'running';
          resolve();
        };
      });
      waiting.push(start);
    } else {
      throw serverBusy();
    }

    // The ticket's steps run one after the other, each once its turn has come.
    let chain: Promise<unknown> = turn;
    const step = <T>(work: () => Promise<T>): Promise<T> => {
      if (state === 'released') return Promise.reject(new Error('password ticket used after its release'));
      const result = chain.then(work);
      chain = result.catch(() => undefined);
      return result;
    };

    return {
      hash: (password) => step(() => functions.hash(password)),
      verify: (passwordHash, password) => step(() => functions.verify(passwordHash, password)),
      verifyAgainstDummy: async (password) => {
        const stored = await prepareDummyHash();
        await step(() => functions.verify(stored, password));
        return false;
      },
      release: () => {
        if (state === 'running') handOver();
        else if (state === 'waiting') waiting.splice(waiting.indexOf(start), 1);
        state = 'released';
      },
    };
  }

  return {
    admit,
    hash: async (password) => {
      const ticket = admit();
      try {
        return await ticket.hash(password);
      } finally {
        ticket.release();
      }
    },
    load: () => ({ running, queued: waiting.length }),
  };
}
