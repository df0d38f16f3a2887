import { describe, expect, it } from 'vitest';
import type { Actor } from './authorization';
import {
  canAccessRow,
  centresToHold,
  hasJudicialAccess,
  isJudicialCoordinatorOf,
  judicialAccessIn,
  judicialConfirmation,
} from './restricted';
import type { HeldUser } from './restricted';

const fes = 'c-fes';
const oujda = 'c-oujda';

const actor = (userId: string, role: Actor['role'], centreIds: string[], held: string[] = []): Actor => ({
  userId,
  role,
  centreIds,
  judicialHoldCentreIds: held,
});
const admin = actor('u-admin', 'administrateur', []);
const otherAdmin = actor('u-admin-2', 'administrateur', []);
const regional = actor('u-regional', 'coordinateur_regional', [fes, oujda]);
const coordinator = actor('u-coord', 'coordinateur_centre', [fes]);
const counsellor = actor('u-conseil', 'conseiller', [fes, oujda]);

describe('judicial access', () => {
  it('is for counsellors and centre coordinators in their centres, unless held there', () => {
    expect(judicialAccessIn(counsellor, fes)).toBe('granted');
    expect(judicialAccessIn(coordinator, oujda)).toBe('none');
    expect(judicialAccessIn(regional, fes)).toBe('none');
    expect(judicialAccessIn(admin, fes)).toBe('none');
    const held = actor('u-held', 'conseiller', [fes, oujda], [oujda]);
    expect(judicialAccessIn(held, oujda)).toBe('on-hold');
    expect(hasJudicialAccess(held, oujda)).toBe(false);
    expect(hasJudicialAccess(held, fes)).toBe(true);
  });

  it('decides restricted rows per centre from the actor, hold included; ordinary rows by centre', () => {
    const held = actor('u-held', 'conseiller', [fes, oujda], [oujda]);
    expect(canAccessRow(held, 'judicial', fes)).toBe(true);
    expect(canAccessRow(held, 'judicial', oujda)).toBe(false);
    expect(canAccessRow(held, 'centre', oujda)).toBe(true);
    expect(canAccessRow(admin, 'centre', oujda)).toBe(true);
    expect(canAccessRow(admin, 'judicial', oujda)).toBe(false);
    expect(canAccessRow(regional, 'judicial', fes)).toBe(false);
    expect(canAccessRow(coordinator, 'judicial', oujda)).toBe(false);
  });
});

describe('holds put by an account change', () => {
  it('are put where the actor has no judicial access, on judicial roles only', () => {
    expect(centresToHold(admin, { role: 'conseiller' }, [fes, oujda])).toEqual([fes, oujda]);
    expect(centresToHold(regional, { role: 'coordinateur_centre' }, [fes])).toEqual([fes]);
    expect(centresToHold(admin, { role: 'coordinateur_regional' }, [fes])).toEqual([]);
    expect(centresToHold(admin, { role: 'administrateur' }, [])).toEqual([]);
  });

  it('are not put by a judicial actor in their own centre, but are in another or while held', () => {
    expect(centresToHold(coordinator, { role: 'conseiller' }, [fes])).toEqual([]);
    expect(centresToHold(coordinator, { role: 'conseiller' }, [fes, oujda])).toEqual([oujda]);
    const heldCoordinator = actor('u-coord-2', 'coordinateur_centre', [fes], [fes]);
    expect(centresToHold(heldCoordinator, { role: 'conseiller' }, [fes])).toEqual([fes]);
  });
});

describe('confirming a hold', () => {
  const heldBy = (userId: string, centreId = fes) => ({
    centreId,
    heldByUserId: userId,
    heldAt: '2025-03-10T09:00:00Z',
  });
  const heldCounsellor: HeldUser = {
    id: 'u-new',
    role: 'conseiller',
    centreIds: [fes],
    judicialHolds: [heldBy(admin.userId)],
    mustChangePassword: false,
    disabledAt: null,
  };

  it('is for a centre coordinator of the centre with judicial access', () => {
    expect(judicialConfirmation(coordinator, heldCounsellor, fes, true)).toEqual({ ok: true, value: 'coordinator' });
    const held = actor('u-coord-held', 'coordinateur_centre', [fes], [fes]);
    expect(judicialConfirmation(held, heldCounsellor, fes, true)).toEqual({ ok: false, error: 'not-allowed' });
    expect(judicialConfirmation(actor('u-c-o', 'coordinateur_centre', [oujda]), heldCounsellor, fes, true)).toEqual({
      ok: false,
      error: 'not-allowed',
    });
  });

  it('never for a counsellor, a regional coordinator, or the held user', () => {
    expect(judicialConfirmation(counsellor, heldCounsellor, fes, false).ok).toBe(false);
    expect(judicialConfirmation(regional, heldCounsellor, fes, false).ok).toBe(false);
    const heldCoordinator: HeldUser = { ...heldCounsellor, id: 'u-self', role: 'coordinateur_centre' };
    const self = actor('u-self', 'coordinateur_centre', [fes], [fes]);
    expect(judicialConfirmation(self, heldCoordinator, fes, false)).toEqual({ ok: false, error: 'own-account' });
  });

  it('by an administrator only while the centre has no judicial coordinator, and never by the one who held it', () => {
    expect(judicialConfirmation(otherAdmin, heldCounsellor, fes, false)).toEqual({ ok: true, value: 'four-eyes' });
    expect(judicialConfirmation(admin, heldCounsellor, fes, false)).toEqual({ ok: false, error: 'not-allowed' });
    expect(judicialConfirmation(otherAdmin, heldCounsellor, fes, true)).toEqual({ ok: false, error: 'not-allowed' });
  });

  it('waits until the one-time password is replaced, and needs a hold', () => {
    expect(judicialConfirmation(coordinator, { ...heldCounsellor, mustChangePassword: true }, fes, true)).toEqual({
      ok: false,
      error: 'one-time-password',
    });
    expect(judicialConfirmation(coordinator, { ...heldCounsellor, judicialHolds: [] }, fes, true)).toEqual({
      ok: false,
      error: 'not-held',
    });
  });

  it('counts as judicial coordinators the active, unheld centre coordinators of the centre', () => {
    const base = { role: 'coordinateur_centre', centreIds: [fes], judicialHolds: [], disabledAt: null } as const;
    expect(isJudicialCoordinatorOf(base, fes)).toBe(true);
    expect(isJudicialCoordinatorOf(base, oujda)).toBe(false);
    expect(isJudicialCoordinatorOf({ ...base, judicialHolds: [heldBy('x')] }, fes)).toBe(false);
    expect(isJudicialCoordinatorOf({ ...base, disabledAt: '2025-01-01T00:00:00Z' }, fes)).toBe(false);
    expect(isJudicialCoordinatorOf({ ...base, role: 'conseiller' }, fes)).toBe(false);
  });
});
