import { describe, expect, it } from 'vitest';
import { centreInputSchema, strictestPrivacy, type CentreInfo } from './schemas';

const centre = (overrides: Partial<CentreInfo>): CentreInfo => ({
  id: '0190a8d4-1c2e-7a3b-9c4d-000000000c01',
  code: 'CASA',
  nameFr: 'CAPC Casablanca',
  nameAr: 'مركز الدار البيضاء',
  regionCode: 'CSE',
  ...overrides,
});

describe("a centre's PC privacy", () => {
  it('bounds a user by the strictest of their centres, the defaults where a centre says nothing', () => {
    expect(strictestPrivacy([])).toEqual({ autoLockMinutes: 10, maxOfflineDays: 30 });
    expect(strictestPrivacy([centre({})])).toEqual({ autoLockMinutes: 10, maxOfflineDays: 30 });
    expect(
      strictestPrivacy([centre({ autoLockMinutes: 20, maxOfflineDays: 7 }), centre({ autoLockMinutes: 5 })]),
    ).toEqual({ autoLockMinutes: 5, maxOfflineDays: 7 });
  });

  it('refuses a lock or an offline period out of bounds, with its message key', () => {
    const base = { code: 'CASA', nameFr: 'CAPC Casablanca', nameAr: 'مركز الدار البيضاء', regionCode: 'CSE' };
    expect(centreInputSchema.safeParse({ ...base, autoLockMinutes: 60, maxOfflineDays: 90 }).success).toBe(true);
    for (const [field, value, key] of [
      ['autoLockMinutes', 0, 'errors.autoLockRange'],
      ['autoLockMinutes', 61, 'errors.autoLockRange'],
      ['autoLockMinutes', 2.5, 'errors.autoLockRange'],
      ['maxOfflineDays', 0, 'errors.maxOfflineRange'],
      ['maxOfflineDays', 91, 'errors.maxOfflineRange'],
    ] as const) {
      const parsed = centreInputSchema.safeParse({ ...base, [field]: value });
      expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message)).toEqual([key]);
    }
  });
});
