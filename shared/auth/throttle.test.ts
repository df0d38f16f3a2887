import { describe, expect, it } from 'vitest';
import { maximumDelayMs, throttleDelayMs } from './throttle';

describe('sign-in throttle', () => {
  it('lets the first four failures through, then doubles from one second', () => {
    expect([0, 1, 4, 5, 6, 7, 8].map((failures) => throttleDelayMs(failures))).toEqual([
      0, 0, 0, 1000, 2000, 4000, 8000,
    ]);
  });
  it('with a larger free allowance, starts the same doubling later', () => {
    expect([10, 11, 12, 13].map((failures) => throttleDelayMs(failures, 10))).toEqual([0, 1000, 2000, 4000]);
  });
  it('never waits more than 15 minutes', () => {
    expect(throttleDelayMs(40)).toBe(maximumDelayMs);
    expect(throttleDelayMs(1000)).toBe(maximumDelayMs);
    expect(throttleDelayMs(5000, 20)).toBe(maximumDelayMs);
  });
});
