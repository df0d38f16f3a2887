import { failure, ok, type Result } from '../result';
/**
 * Hybrid logical clock (HLC) shared by the client sync engine and the server
 * (docs/sync-protocol.md, "Clock").
 *
 * A timestamp is `(wall, counter, replicaId)`: `wall` is milliseconds since the Unix epoch as
 * the replica's clock read it (corrected by the server offset on the client), `counter` orders
 * events that share a millisecond, `replicaId` names the writer and breaks the last ties. The
 * clock gives two guarantees the merge rule relies on:
 *
 * 1. Every timestamp a replica issues is greater than every timestamp it issued or received
 *    before (`tick`, `receive`), so a write made after seeing a value always sorts after it.
 * 2. Timestamps of different replicas never compare equal (the replica id is part of them).
 *
 * It never refuses to issue a timestamp because the clock looks wrong: PC clocks in Moroccan
 * centres are often days or years off, and a counsellor must always be able to save. A clock that
 * is behind simply stops moving the wall (the counter carries the order); a clock that is far
 * ahead is bounded by the server (`clampFuture`), which keeps it from poisoning other replicas.
 *
 * ## String form
 *
 * `WWWWWWWWWWWWWWWW-CCCCC-<deviceId>.<userId>`, for example
 * `0001767225600000-00000-0190b1e4-7c3a-7000-8000-00000000d001.0190b1e4-7c3a-7000-8000-00000000a001`:
 *
 * - wall: 16 decimal digits, zero-padded, 0 … 9 007 199 254 740 991 (`Number.MAX_SAFE_INTEGER`);
 * - counter: 5 decimal digits, zero-padded, 0 … 99 999;
 * - replicaId: two lowercase UUIDs (8-4-4-4-12 hex) joined by a dot, device first.
 *
 * Every part has a fixed width, so every valid string is 96 ASCII characters long and comparing
 * two strings character by character (JavaScript `<`, SQLite's default BINARY collation,
 * PostgreSQL with `COLLATE "C"`) gives exactly the order of the tuples. A locale collation
 * (PostgreSQL's default `en_US.UTF-8`) may ignore the dashes and must not be used on these
 * columns. Decimal digits were chosen over hex so that a person reading an audit log can paste
 * the wall into any date tool.
 *
 * ## Limits
 *
 * - A clock reading is used as given between 0 and 8.64e15 ms (the largest time an ECMAScript
 *   `Date` can hold, year 275 760); below 0 or not a number it counts as 0 (the wall then comes
 *   from the state), above it counts as 8.64e15.
 * - More than 99 999 events in one millisecond (in practice: a replica whose clock stays behind
 *   the newest timestamp it has seen) advance the wall by one millisecond instead of failing.
 * - The only error is exhaustion: a wall of `Number.MAX_SAFE_INTEGER` with a full counter.
 *   Reaching it from the largest possible clock reading takes 3.6e19 events, and the server's
 *   clamp keeps any such remote timestamp out of the system.
 */

/** Milliseconds since the Unix epoch, as a replica's (offset-corrected) clock reads them. */
export type WallMillis = number;

/**
 * `<deviceId>.<userId>`: the writer of a timestamp. The device id alone is not enough: a PC
 * shared by several counsellors has one device id, and each user's writes must stay
 * distinguishable (audit, "who" of a conflict). Built with `formatReplicaId`.
 */
export type ReplicaId = string;

export type Hlc = {
  readonly wall: WallMillis;
  readonly counter: number;
  readonly replicaId: ReplicaId;
};

/**
 * A replica's clock state: the greatest timestamp it has issued or received, carrying the
 * replica's own id. `tick` and `receive` return the new state, which is also the new timestamp.
 * The caller persists it in the same transaction as the write it stamps (never ahead of it).
 */
export type HlcState = Hlc;

export const hlcWallDigits = 16;
export const hlcCounterDigits = 5;
export const maxHlcWall = Number.MAX_SAFE_INTEGER;
export const maxHlcCounter = 99_999;
/** The largest clock reading taken as given: ECMAScript's maximum time value. */
export const maxClockReading = 8.64e15;
/** How far in the server's future an op may be stamped before the server re-stamps it. */
export const maxClockSkewMillis = 5 * 60 * 1000;

const uuidPart = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const uuidPattern = new RegExp(`^${uuidPart}$`);
const replicaIdPattern = new RegExp(`^(${uuidPart})\\.(${uuidPart})$`);
const hlcPattern = new RegExp(`^(\\d{${hlcWallDigits}})-(\\d{${hlcCounterDigits}})-(${uuidPart}\\.${uuidPart})$`);
/** The same without captures: a `test` allocates nothing (a pull reads thousands of timestamps). */
const hlcShape = new RegExp(`^\\d{${hlcWallDigits}}-\\d{${hlcCounterDigits}}-${uuidPart}\\.${uuidPart}$`);
/** Where the replica id starts in a canonical HLC string. */
const hlcReplicaStart = hlcWallDigits + 1 + hlcCounterDigits + 1;

/**
 * The replica id of a user on a device. UUIDs are case-insensitive on input (RFC 9562), so both
 * are lowercased: the same pair must always give the same string, or a replica would not
 * recognise its own writes and ties would break differently on two machines.
 * Throws a RangeError when either id is not a UUID (a programming error: both come from the
 * server's validated answers).
 */
export function formatReplicaId(deviceId: string, userId: string): ReplicaId {
  const device = deviceId.toLowerCase();
  const user = userId.toLowerCase();
  if (!uuidPattern.test(device)) throw new RangeError(`deviceId is not a UUID: ${JSON.stringify(deviceId)}`);
  if (!uuidPattern.test(user)) throw new RangeError(`userId is not a UUID: ${JSON.stringify(userId)}`);
  return `${device}.${user}`;
}

/** Splits a replica id; refuses anything but the canonical (lowercase) form. */
export function parseReplicaId(text: string): Result<{ deviceId: string; userId: string }, string> {
  const match = replicaIdPattern.exec(text);
  if (!match?.[1] || !match[2]) return failure('not <deviceId>.<userId> with lowercase UUIDs');
  return ok({ deviceId: match[1], userId: match[2] });
}

export function isReplicaId(text: string): boolean {
  return replicaIdPattern.test(text);
}

/** The state of a replica that has never issued nor seen a timestamp. */
export function initialHlcState(replicaId: ReplicaId): HlcState {
  if (!isReplicaId(replicaId)) throw new RangeError(`not a replica id: ${JSON.stringify(replicaId)}`);
  return { wall: 0, counter: 0, replicaId };
}

/**
 * The canonical string of a timestamp. Throws a RangeError for a tuple out of range: `tick`,
 * `receive`, `clampFuture` and `parseHlc` never produce one, so this is a programming error.
 */
export function formatHlc(hlc: Hlc): string {
  if (!Number.isSafeInteger(hlc.wall) || hlc.wall < 0) throw new RangeError(`HLC wall out of range: ${hlc.wall}`);
  if (!Number.isInteger(hlc.counter) || hlc.counter < 0 || hlc.counter > maxHlcCounter) {
    throw new RangeError(`HLC counter out of range: ${hlc.counter}`);
  }
  if (!isReplicaId(hlc.replicaId)) throw new RangeError(`not a replica id: ${JSON.stringify(hlc.replicaId)}`);
  const wall = String(hlc.wall).padStart(hlcWallDigits, '0');
  const counter = String(hlc.counter).padStart(hlcCounterDigits, '0');
  return `${wall}-${counter}-${hlc.replicaId}`;
}

/**
 * Reads a canonical string. Anything else is refused rather than repaired (wrong widths,
 * uppercase, a wall beyond `maxHlcWall`, surrounding spaces): a timestamp that does not
 * round-trip exactly would sort differently as a string and as a tuple.
 */
export function parseHlc(text: string): Result<Hlc, string> {
  const match = hlcPattern.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) {
    return failure('not WWWWWWWWWWWWWWWW-CCCCC-<deviceId>.<userId>');
  }
  const wall = Number(match[1]);
  if (wall > maxHlcWall) return failure('wall beyond Number.MAX_SAFE_INTEGER');
  return ok({ wall, counter: Number(match[2]), replicaId: match[3] });
}

/** Whether `text` is a canonical HLC string (what `parseHlc` accepts), without building the tuple. */
export function isHlcText(text: string): boolean {
  return hlcShape.test(text) && Number(text.slice(0, hlcWallDigits)) <= maxHlcWall;
}

/** The replica id of a canonical HLC string; throws a RangeError for anything else. */
export function replicaIdOfHlc(text: string): ReplicaId {
  if (!isHlcText(text)) throw new RangeError(`not an HLC timestamp: ${text}`);
  return text.slice(hlcReplicaStart);
}

/** Orders timestamps by wall, then counter, then replica id; the same order as their strings. */
export function compareHlc(a: Hlc, b: Hlc): -1 | 0 | 1 {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.replicaId === b.replicaId) return 0;
  return a.replicaId < b.replicaId ? -1 : 1;
}

/**
 * A local event (a write): the wall is the later of the state's and the clock's, and the counter
 * moves when the wall did not. A clock behind the state (a PC set two years back, or one that
 * just received a newer server timestamp) keeps issuing increasing timestamps from the state.
 */
export function tick(state: HlcState, nowMillis: WallMillis): Hlc {
  const wall = Math.max(state.wall, readClock(nowMillis));
  return carry(wall, wall === state.wall ? state.counter + 1 : 0, state.replicaId);
}

/**
 * A remote timestamp seen (a pulled version, a server reply): the result is greater than both
 * the state and the remote timestamp, and becomes the new state. The remote timestamp is taken
 * as it is; bounding far-future ones is the server's job (`clampFuture`) so that all replicas
 * apply the same bound.
 */
export function receive(state: HlcState, remote: Hlc, nowMillis: WallMillis): Hlc {
  const wall = Math.max(state.wall, remote.wall, readClock(nowMillis));
  let counter: number;
  if (wall === state.wall && wall === remote.wall) counter = Math.max(state.counter, remote.counter) + 1;
  else if (wall === state.wall) counter = state.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return carry(wall, counter, state.replicaId);
}

export type ClampResult = {
  /** The timestamp to store: the original one, or the server's time when it was too far ahead. */
  readonly hlc: Hlc;
  readonly wasClamped: boolean;
  /** The timestamp as the client sent it, for the audit trail and the client's clock warning. */
  readonly original: Hlc;
};

/**
 * The server's bound on clocks that run ahead. An op stamped more than `maxSkewMillis` after the
 * server's clock (strictly more: exactly 5 minutes is accepted) is re-stamped
 * `(serverNow, 0, same replica)`. Without the bound, one PC set three days ahead would win every
 * concurrent edit for three days and, through `receive`, drag every other replica's clock there.
 *
 * The replica id is kept: it still names the writer, and the merge rule recognises a replica's
 * successive writes by it. Two ops of one replica clamped in the same millisecond get the same
 * timestamp; the merge rule orders a replica's own writes by their delivery order (its push
 * sequence), not by their timestamps, so they still apply in the order they were made.
 */
export function clampFuture(hlc: Hlc, serverNowMillis: WallMillis, maxSkewMillis = maxClockSkewMillis): ClampResult {
  const serverNow = readClock(serverNowMillis);
  if (hlc.wall - serverNow > maxSkewMillis) {
    return { hlc: { wall: serverNow, counter: 0, replicaId: hlc.replicaId }, wasClamped: true, original: hlc };
  }
  return { hlc, wasClamped: false, original: hlc };
}

/** A clock reading made usable whatever it is: never a reason to refuse a write. */
function readClock(nowMillis: WallMillis): WallMillis {
  if (Number.isNaN(nowMillis) || nowMillis <= 0) return 0;
  return Math.min(Math.floor(nowMillis), maxClockReading);
}

/** Counter overflow advances the millisecond: the order is kept and nothing is refused. */
function carry(wall: WallMillis, counter: number, replicaId: ReplicaId): Hlc {
  if (counter <= maxHlcCounter) return { wall, counter, replicaId };
  if (wall >= maxHlcWall) throw new RangeError('HLC exhausted: wall at Number.MAX_SAFE_INTEGER with a full counter');
  return { wall: wall + 1, counter: 0, replicaId };
}
