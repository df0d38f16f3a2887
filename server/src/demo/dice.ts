/**
 * The demo's only source of chance (`npm run seed:demo`): a seeded generator
 * (shared/search/syntheticRecords.ts), so that the same seed gives the same draws, ids included.
 * The seed relies on it to finish an interrupted run.
 */
import { seededRandom } from '../../../shared/search/syntheticRecords';

export class Dice {
  private readonly next: () => number;

  constructor(seedValue: number) {
    this.next = seededRandom(seedValue);
  }

  float(): number {
    return this.next();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = this.next() * total;
    for (const [value, weight] of entries) {
      draw -= weight;
      if (draw < 0) return value;
    }
    const last = entries.at(-1);
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** `count` distinct items, in drawing order. */
  some<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0)
      chosen.push(...pool.splice(Math.floor(this.next() * pool.length), 1));
    return chosen;
  }

  shuffle<T>(items: readonly T[]): T[] {
    return this.some(items, items.length);
  }

  bytes(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => Math.floor(this.next() * 256));
  }
}
