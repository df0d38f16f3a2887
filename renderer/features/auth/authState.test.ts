import { describe, expect, it } from 'vitest';
import type { UserProfile } from '../../../shared/auth/schemas';
import { importDataKey, newDataKeyBytes } from '../../crypto/dataKey';
import { effectiveAutoLockMinutes, locked, sessionDataKey, signedIn, signedOut, unlocked } from './authState';

const amina: UserProfile = {
  id: '0190a8d4-1c2e-7a3b-9c4d-5e6f7a8b9c0d',
  username: 'amina.idrissi',
  displayName: 'Amina El Idrissi',
  role: 'conseiller',
  centreIds: [],
  mustChangePassword: false,
  judicialHoldCentreIds: [],
};

describe('the data key in the session', () => {
  it('is there while signed in and unlocked; locking drops it, unlocking puts back the one reopened', async () => {
    const key = await importDataKey(newDataKeyBytes());
    const state = signedIn({
      kind: 'signed-in',
      user: amina,
      hasServerSession: true,
      dataKey: key,
      privacy: { autoLockMinutes: 10, maxOfflineDays: 30 },
    });
    expect(sessionDataKey(state)).toBe(key);

    const isLocked = locked(state);
    expect(isLocked).toMatchObject({ kind: 'signed-in', isLocked: true, dataKey: null });
    expect(sessionDataKey(isLocked)).toBeNull();

    const reopened = await importDataKey(newDataKeyBytes());
    expect(sessionDataKey(unlocked(isLocked, reopened))).toBe(reopened);
    expect(sessionDataKey(signedOut)).toBeNull();
    expect(locked(signedOut)).toBe(signedOut);
    expect(unlocked(signedOut, reopened)).toBe(signedOut);
  });
});

describe('the automatic lock', () => {
  it('is the one chosen on the PC, never longer than the user’s centres allow', () => {
    const withCentre = (autoLockMinutes: number) =>
      signedIn({
        kind: 'signed-in',
        user: amina,
        hasServerSession: false,
        dataKey: null,
        privacy: { autoLockMinutes, maxOfflineDays: 30 },
      });
    expect(effectiveAutoLockMinutes(withCentre(10), 30)).toBe(10);
    expect(effectiveAutoLockMinutes(withCentre(10), 5)).toBe(5);
    expect(effectiveAutoLockMinutes(withCentre(3), 5)).toBe(3);
    expect(effectiveAutoLockMinutes(signedOut, 15)).toBe(15);
  });
});
