import fc from 'fast-check';
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
  isHlcText,
  isReplicaId,
  parseHlc,
  replicaIdOfHlc,
  receive,
  tick,
  type Hlc,
  type HlcState,
} from './hlc';

const day = 24 * 60 * 60 * 1000;
const serverStart = Date.UTC(2026, 2, 15, 9, 0);

/** A few replicas, so that equal walls and counters often meet different replica ids. */
const replicas = ['a', 'b', 'c', 'd', 'e'].map((letter, index) =>
  formatReplicaId(`0190b1e4-7c3a-7000-8000-00000000d00${index}`, `0190b1e4-7c3a-7000-8000-00000000${letter}00${index}`),
);
const replicaArb = fc.constantFrom(...replicas);

function replicaAt(index: number): string {
  const replicaId = replicas[index];
  if (replicaId === undefined) throw new Error(`no replica ${index}`);
  return replicaId;
}

/** Walls and counters biased towards collisions and towards the ends of their ranges. */
const wallArb = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: serverStart - 2, max: serverStart + 2 }),
  fc.integer({ min: 0, max: maxHlcWall }),
  fc.integer({ min: maxHlcWall - 2, max: maxHlcWall }),
);
const counterArb = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: maxHlcCounter }));
const hlcArb: fc.Arbitrary<Hlc> = fc.record({ wall: wallArb, counter: counterArb, replicaId: replicaArb });

/** Clock readings as PCs produce them, broken ones included. */
const clockArb = fc.oneof(
  fc.integer({ min: serverStart - 730 * day, max: serverStart + 3 * day }),
  fc.constantFrom(Number.NaN, -1, 0, Infinity, maxClockReading),
  fc.double({ min: -1e16, max: 1e16, noNaN: true }),
);

/** Remote timestamps that a real clock can produce (the server keeps the others out). */
const remoteArb: fc.Arbitrary<Hlc> = fc.record({
  wall: fc.oneof(
    fc.integer({ min: serverStart - 730 * day, max: serverStart + 3 * day }),
    fc.integer({ min: 0, max: maxClockReading }),
  ),
  counter: counterArb,
  replicaId: replicaArb,
});

function sign(value: number): number {
  return value < 0 ? -1 : value > 0 ? 1 : 0;
}

function stringOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

describe('HLC order (property)', () => {
  it('is the order of the strings, and strings round-trip', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        const [textA, textB] = [formatHlc(a), formatHlc(b)];
        expect(sign(compareHlc(a, b))).toBe(stringOrder(textA, textB));
        expect(parseHlc(textA)).toEqual({ ok: true, value: a });
        expect(textA).toHaveLength(96);
      }),
    );
  });

  it('is a total order: antisymmetric, equal only for equal tuples, sorts like the strings', () => {
    fc.assert(
      fc.property(fc.array(hlcArb, { maxLength: 30 }), (stamps) => {
        for (const a of stamps) {
          for (const b of stamps) {
            expect(compareHlc(a, b)).toBe(-compareHlc(b, a) || 0);
            const isSameTuple = a.wall === b.wall && a.counter === b.counter && a.replicaId === b.replicaId;
            expect(compareHlc(a, b) === 0).toBe(isSameTuple);
          }
        }
        const byTuple = [...stamps].sort(compareHlc).map(formatHlc);
        const byString = stamps.map(formatHlc).sort(stringOrder);
        expect(byTuple).toEqual(byString);
      }),
    );
  });
});

type ClockEvent = { kind: 'tick'; now: number } | { kind: 'receive'; now: number; remote: Hlc };

const eventArb: fc.Arbitrary<ClockEvent> = fc.oneof(
  fc.record({ kind: fc.constant('tick' as const), now: clockArb }),
  fc.record({ kind: fc.constant('receive' as const), now: clockArb, remote: remoteArb }),
);

describe('tick and receive (property)', () => {
  it('always issue a timestamp greater than every timestamp issued or seen before', () => {
    const startArb = fc.record({
      wall: fc.integer({ min: 0, max: maxClockReading }),
      counter: fc.oneof(fc.constant(maxHlcCounter), counterArb),
    });
    fc.assert(
      fc.property(startArb, fc.array(eventArb, { minLength: 1, maxLength: 40 }), (start, events) => {
        let state: HlcState = { ...start, replicaId: replicaAt(0) };
        let greatestSeen: Hlc = state;
        for (const event of events) {
          if (event.kind === 'receive' && compareHlc(event.remote, greatestSeen) > 0) greatestSeen = event.remote;
          const next = event.kind === 'tick' ? tick(state, event.now) : receive(state, event.remote, event.now);
          expect(compareHlc(next, greatestSeen)).toBe(1);
          expect(next.replicaId).toBe(state.replicaId);
          expect(parseHlc(formatHlc(next)).ok).toBe(true);
          state = next;
          greatestSeen = next;
        }
      }),
    );
  });
});

describe('clampFuture (property)', () => {
  /**
   * One PC runs far ahead (more than the allowed skew, up to years); the others run anywhere
   * from two years behind to the allowed skew ahead. Every op goes through the server, which
   * clamps it and passes it on to everyone (pull); the server's clock advances between steps.
   */
  const scenarioArb = fc.record({
    farAhead: fc.integer({ min: maxClockSkewMillis + 1, max: 730 * day }),
    offsets: fc.array(fc.integer({ min: -730 * day, max: maxClockSkewMillis }), { minLength: 1, maxLength: 3 }),
    steps: fc.array(fc.record({ writer: fc.nat(), elapsed: fc.integer({ min: 0, max: 60_000 }) }), {
      minLength: 1,
      maxLength: 30,
    }),
  });

  it('keeps a far-future PC from dragging the server and the other PCs past server time + skew', () => {
    fc.assert(
      fc.property(scenarioArb, ({ farAhead, offsets, steps }) => {
        const clockOffsets = [farAhead, ...offsets];
        let clocks: HlcState[] = clockOffsets.map((_, index) => initialHlcState(replicaAt(index)));
        let server = initialHlcState(replicaAt(4));
        let serverNow = serverStart;
        for (const { writer, elapsed } of steps) {
          serverNow += elapsed;
          const index = writer % clockOffsets.length;
          const writerClock = clocks[index];
          if (!writerClock) throw new Error('no such replica');
          const stamped = tick(writerClock, serverNow + (clockOffsets[index] ?? 0));
          clocks[index] = stamped;

          const clamped = clampFuture(stamped, serverNow);
          expect(clamped.wasClamped).toBe(index === 0);
          expect(clamped.original).toBe(stamped);
          expect(clamped.hlc.replicaId).toBe(stamped.replicaId);
          expect(clamped.hlc.wall).toBeLessThanOrEqual(serverNow + maxClockSkewMillis);

          server = receive(server, clamped.hlc, serverNow);
          clocks = clocks.map((clock, other) =>
            other === index ? clock : receive(clock, clamped.hlc, serverNow + (clockOffsets[other] ?? 0)),
          );
          expect(server.wall).toBeLessThanOrEqual(serverNow + maxClockSkewMillis);
          clocks.slice(1).forEach((clock) => {
            expect(clock.wall).toBeLessThanOrEqual(serverNow + maxClockSkewMillis);
          });
        }
      }),
    );
  });
});

describe('the shape check without captures', () => {
  // An independent copy of the canonical pattern: every check must agree with it.
  const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
  const reference = new RegExp(`^(\\d{16})-(\\d{5})-(${uuid}\\.${uuid})$`);
  const referenceReplica = new RegExp(`^${uuid}\\.${uuid}$`);
  // Valid strings with one character replaced, removed or added: the near misses that matter.
  const alphabet = ['0', '9', 'a', 'f', 'g', 'A', 'F', '-', '.', ' ', '٣', '\u0000', 'é'];
  const mutated = fc
    .tuple(
      fc.record({ wall: wallArb, counter: fc.integer({ min: 0, max: maxHlcCounter }), replicaId: replicaArb }),
      fc.nat(),
      fc.constantFrom(...alphabet),
      fc.constantFrom('replace', 'insert', 'delete', 'keep'),
    )
    .map(([hlc, at, char, how]) => {
      const text = formatHlc(hlc);
      const index = at % text.length;
      if (how === 'replace') return text.slice(0, index) + char + text.slice(index + 1);
      if (how === 'insert') return text.slice(0, index) + char + text.slice(index);
      if (how === 'delete') return text.slice(0, index) + text.slice(index + 1);
      return text;
    });

  it('accepts what the regular expression accepted, and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 100 })), (text) => {
        const match = reference.exec(text);
        const expected = match !== null && Number(match[1]) <= maxHlcWall;
        const parsed = parseHlc(text);
        expect(parsed.ok).toBe(expected);
        expect(isHlcText(text)).toBe(expected);
        if (parsed.ok && match) {
          expect(parsed.value).toEqual({ wall: Number(match[1]), counter: Number(match[2]), replicaId: match[3] });
          expect(replicaIdOfHlc(text)).toBe(match[3]);
        } else expect(() => replicaIdOfHlc(text)).toThrow(RangeError);
        const replicaPart = text.slice(23);
        expect(isReplicaId(replicaPart)).toBe(referenceReplica.test(replicaPart));
      }),
      { numRuns: 5_000 },
    );
  });
});
