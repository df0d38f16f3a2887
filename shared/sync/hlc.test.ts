import { describe, expect, it } from 'vitest';
import {
  clampFuture,
  compareHlc,
  formatHlc,
  formatReplicaId,
  initialHlcState,
  maxClockReading,
  maxClockSkewMillis,
  maxHlcCounter,
  maxHlcWall,
  parseHlc,
  parseReplicaId,
  receive,
  tick,
  type Hlc,
} from './hlc';

const device = '0190b1e4-7c3a-7000-8000-00000000d001';
const userA = '0190b1e4-7c3a-7000-8000-00000000a001';
const userB = '0190b1e4-7c3a-7000-8000-00000000b001';
const replicaA = formatReplicaId(device, userA);
const replicaB = formatReplicaId(device, userB);

const newYear2026 = Date.UTC(2026, 0, 1);
const day = 24 * 60 * 60 * 1000;

function parsed(text: string): Hlc {
  const result = parseHlc(text);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('replica ids', () => {
  it('join the device and the user, device first, in lowercase', () => {
    expect(formatReplicaId(device.toUpperCase(), userA)).toBe(`${device}.${userA}`);
    expect(parseReplicaId(replicaA)).toEqual({ ok: true, value: { deviceId: device, userId: userA } });
  });

  it('refuse anything but two UUIDs', () => {
    expect(() => formatReplicaId('local', userA)).toThrow(RangeError);
    expect(() => formatReplicaId(device, '')).toThrow(RangeError);
    expect(() => formatReplicaId(`${device}.x`, userA)).toThrow(RangeError);
    expect(parseReplicaId(replicaA.toUpperCase()).ok).toBe(false);
    expect(parseReplicaId(device).ok).toBe(false);
  });
});

describe('HLC strings', () => {
  it('have a fixed width: 16-digit wall, 5-digit counter, replica id', () => {
    const text = formatHlc({ wall: newYear2026, counter: 42, replicaId: replicaA });
    expect(text).toBe(`0001767225600000-00042-${replicaA}`);
    expect(text).toHaveLength(96);
    expect(parsed(text)).toEqual({ wall: newYear2026, counter: 42, replicaId: replicaA });
  });

  it('cover the whole range from 0 to Number.MAX_SAFE_INTEGER', () => {
    const lowest = formatHlc({ wall: 0, counter: 0, replicaId: replicaA });
    const highest = formatHlc({ wall: maxHlcWall, counter: maxHlcCounter, replicaId: replicaA });
    expect(lowest.startsWith('0000000000000000-00000-')).toBe(true);
    expect(highest.startsWith('9007199254740991-99999-')).toBe(true);
    expect(parsed(highest).wall).toBe(maxHlcWall);
  });

  it.each([
    ['an empty string', ''],
    ['a 15-digit wall', `001767225600000-00000-${replicaA}`],
    ['a 4-digit counter', `0001767225600000-0000-${replicaA}`],
    ['a wall beyond Number.MAX_SAFE_INTEGER', `9007199254740992-00000-${replicaA}`],
    ['an uppercase replica id', `0001767225600000-00000-${replicaA.toUpperCase()}`],
    ['a replica without its user', `0001767225600000-00000-${device}`],
    ['a sign', `-001767225600000-00000-${replicaA}`],
    ['spaces around it', ` 0001767225600000-00000-${replicaA}`],
    ['a trailing newline', `0001767225600000-00000-${replicaA}\n`],
    ['an ISO date', `2026-01-01T00:00:00.000Z-0000-${replicaA}`],
  ])('refuse %s', (_label, text) => {
    expect(parseHlc(text).ok).toBe(false);
  });

  it('refuse to format a tuple out of range', () => {
    expect(() => formatHlc({ wall: -1, counter: 0, replicaId: replicaA })).toThrow(RangeError);
    expect(() => formatHlc({ wall: 1.5, counter: 0, replicaId: replicaA })).toThrow(RangeError);
    expect(() => formatHlc({ wall: 0, counter: maxHlcCounter + 1, replicaId: replicaA })).toThrow(RangeError);
    expect(() => formatHlc({ wall: 0, counter: 0, replicaId: 'local' })).toThrow(RangeError);
  });
});

describe('HLC order', () => {
  it('breaks a tie of wall and counter by replica id, in both forms', () => {
    const a: Hlc = { wall: newYear2026, counter: 3, replicaId: replicaA };
    const b: Hlc = { wall: newYear2026, counter: 3, replicaId: replicaB };
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, a)).toBe(1);
    expect(formatHlc(a) < formatHlc(b)).toBe(true);
    expect(compareHlc(a, { ...a })).toBe(0);
  });

  it('puts the wall before the counter and the counter before the replica', () => {
    const earlier: Hlc = { wall: newYear2026, counter: maxHlcCounter, replicaId: replicaB };
    const later: Hlc = { wall: newYear2026 + 1, counter: 0, replicaId: replicaA };
    expect(compareHlc(earlier, later)).toBe(-1);
    expect(formatHlc(earlier) < formatHlc(later)).toBe(true);
  });
});

describe('tick', () => {
  const start = initialHlcState(replicaA);

  it('follows the clock when it moves forward', () => {
    const first = tick(start, newYear2026);
    expect(first).toEqual({ wall: newYear2026, counter: 0, replicaId: replicaA });
    expect(tick(first, newYear2026 + 5)).toEqual({ wall: newYear2026 + 5, counter: 0, replicaId: replicaA });
  });

  it('counts events within one millisecond', () => {
    const first = tick(start, newYear2026);
    expect(tick(first, newYear2026)).toEqual({ wall: newYear2026, counter: 1, replicaId: replicaA });
  });

  it('keeps going forward from the state when the clock is two years behind', () => {
    const state = tick(start, newYear2026);
    const next = tick(state, newYear2026 - 730 * day);
    expect(next).toEqual({ wall: newYear2026, counter: 1, replicaId: replicaA });
    expect(compareHlc(next, state)).toBe(1);
  });

  it('accepts a clock three days ahead', () => {
    expect(tick(start, newYear2026 + 3 * day).wall).toBe(newYear2026 + 3 * day);
  });

  it('advances the millisecond when the counter overflows instead of failing', () => {
    const full: Hlc = { wall: newYear2026, counter: maxHlcCounter, replicaId: replicaA };
    expect(tick(full, newYear2026)).toEqual({ wall: newYear2026 + 1, counter: 0, replicaId: replicaA });
    expect(tick(full, newYear2026 - day)).toEqual({ wall: newYear2026 + 1, counter: 0, replicaId: replicaA });
  });

  it('still issues a timestamp when the clock reading is unusable', () => {
    const state = tick(start, newYear2026);
    for (const reading of [Number.NaN, -1, -Infinity, 0]) {
      expect(tick(state, reading)).toEqual({ wall: newYear2026, counter: 1, replicaId: replicaA });
    }
    expect(tick(start, Number.NaN)).toEqual({ wall: 0, counter: 1, replicaId: replicaA });
    expect(tick(start, Infinity).wall).toBe(maxClockReading);
    expect(tick(start, newYear2026 + 0.7).wall).toBe(newYear2026);
  });

  it('fails only when the whole range is exhausted', () => {
    const last: Hlc = { wall: maxHlcWall, counter: maxHlcCounter, replicaId: replicaA };
    expect(() => tick(last, newYear2026)).toThrow(/exhausted/);
  });
});

describe('receive', () => {
  const local = tick(initialHlcState(replicaA), newYear2026);

  it('moves to a remote timestamp ahead of the state and the clock', () => {
    const remote: Hlc = { wall: newYear2026 + 1000, counter: 7, replicaId: replicaB };
    expect(receive(local, remote, newYear2026 + 10)).toEqual({
      wall: newYear2026 + 1000,
      counter: 8,
      replicaId: replicaA,
    });
  });

  it('takes the greater counter when state and remote share the wall', () => {
    const state: Hlc = { wall: newYear2026, counter: 2, replicaId: replicaA };
    const remote: Hlc = { wall: newYear2026, counter: 9, replicaId: replicaB };
    expect(receive(state, remote, newYear2026 - day)).toEqual({ wall: newYear2026, counter: 10, replicaId: replicaA });
  });

  it('keeps the state when the remote timestamp is older', () => {
    const remote: Hlc = { wall: newYear2026 - day, counter: 50, replicaId: replicaB };
    expect(receive(local, remote, newYear2026)).toEqual({ wall: newYear2026, counter: 1, replicaId: replicaA });
  });

  it('follows the clock when it is ahead of both', () => {
    const remote: Hlc = { wall: newYear2026 + 1, counter: 50, replicaId: replicaB };
    expect(receive(local, remote, newYear2026 + 60_000)).toEqual({
      wall: newYear2026 + 60_000,
      counter: 0,
      replicaId: replicaA,
    });
  });

  it('advances the millisecond when the remote counter is full', () => {
    const remote: Hlc = { wall: newYear2026 + 5, counter: maxHlcCounter, replicaId: replicaB };
    const next = receive(local, remote, newYear2026);
    expect(next).toEqual({ wall: newYear2026 + 6, counter: 0, replicaId: replicaA });
    expect(compareHlc(next, remote)).toBe(1);
  });
});

describe('clampFuture', () => {
  const serverNow = newYear2026;
  const at = (wall: number): Hlc => ({ wall, counter: 4, replicaId: replicaB });

  it('accepts a timestamp exactly 5 minutes ahead of the server', () => {
    const hlc = at(serverNow + maxClockSkewMillis);
    expect(clampFuture(hlc, serverNow)).toEqual({ hlc, wasClamped: false, original: hlc });
  });

  it("re-stamps one more than 5 minutes ahead at the server's time, keeping the original", () => {
    const hlc = at(serverNow + maxClockSkewMillis + 1);
    expect(clampFuture(hlc, serverNow)).toEqual({
      hlc: { wall: serverNow, counter: 0, replicaId: replicaB },
      wasClamped: true,
      original: hlc,
    });
  });

  it('re-stamps a PC three days ahead', () => {
    const result = clampFuture(at(serverNow + 3 * day), serverNow);
    expect(result.wasClamped).toBe(true);
    expect(result.hlc.wall).toBe(serverNow);
  });

  it('leaves past timestamps alone, however old', () => {
    const hlc = at(serverNow - 730 * day);
    expect(clampFuture(hlc, serverNow).wasClamped).toBe(false);
  });

  it('takes another bound when given one', () => {
    expect(clampFuture(at(serverNow + 1001), serverNow, 1000).wasClamped).toBe(true);
    expect(clampFuture(at(serverNow + 1000), serverNow, 1000).wasClamped).toBe(false);
  });
});
