import { describe, expect, it } from 'vitest';
import { offeredAutoLockChoices } from './UserMenu';

describe('the automatic-lock delays a user may choose', () => {
  it("are those the user's centres allow, their limit included", () => {
    expect(offeredAutoLockChoices(60)).toEqual([5, 10, 15, 30, 60]);
    expect(offeredAutoLockChoices(10)).toEqual([5, 10]);
    expect(offeredAutoLockChoices(20)).toEqual([5, 10, 15, 20]);
    expect(offeredAutoLockChoices(3)).toEqual([3]);
  });
});
