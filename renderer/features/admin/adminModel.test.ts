import { describe, expect, it } from 'vitest';
import type { Actor } from '../../../shared/auth/authorization';
import type { Centre, DeviceSummary, UserSummary } from '../../../shared/auth/schemas';
import {
  canCreateUsers,
  canApprovePendingDevice,
  canRevokeDevice,
  judicialHoldRows,
  centreCodeOf,
  centreCodesOf,
  centreOptions,
  defaultCentreIds,
  defaultRole,
  orNull,
  regionName,
  regionOptions,
  roleOptions,
  sortCentres,
  sortDevices,
  sortUsers,
  toRegionCode,
  userCentresSummary,
  userRowActions,
  visibleUsers,
} from './adminModel';

const id = (n: number) => `0190a4c2-0000-7000-8000-${String(n).padStart(12, '0')}`;

const casa: Centre = {
  id: id(1),
  code: 'CASA-01',
  nameFr: 'CAPC Casablanca',
  nameAr: 'مركز الدار البيضاء',
  regionCode: 'CSE',
  autoLockMinutes: 10,
  maxOfflineDays: 30,
  createdAt: '2025-01-01T00:00:00Z',
};
const rabat: Centre = { ...casa, id: id(2), code: 'RABAT-01', nameFr: 'CAPC Rabat', regionCode: 'RSK' };
const agadir: Centre = { ...casa, id: id(3), code: 'AGADIR-01', nameFr: 'CAPC Agadir', regionCode: 'SMA' };
const casa2: Centre = { ...casa, id: id(4), code: 'CASA-02' };
const casa10: Centre = { ...casa, id: id(5), code: 'CASA-10' };

const noHold = { judicialHoldCentreIds: [] };
const admin: Actor = { userId: id(100), role: 'administrateur', centreIds: [], ...noHold };
const coordinator: Actor = { userId: id(101), role: 'coordinateur_centre', centreIds: [casa.id], ...noHold };
const regional: Actor = { userId: id(102), role: 'coordinateur_regional', centreIds: [casa.id, casa2.id], ...noHold };
const counsellor: Actor = { userId: id(103), role: 'conseiller', centreIds: [casa.id], ...noHold };

function user(n: number, overrides: Partial<UserSummary> = {}): UserSummary {
  return {
    id: id(200 + n),
    username: `user${n}`,
    displayName: `User ${n}`,
    role: 'conseiller',
    centreIds: [casa.id],
    mustChangePassword: false,
    judicialHoldCentreIds: [],
    judicialHolds: [],
    disabledAt: null,
    createdAt: '2025-01-01T00:00:00Z',
    lastSignInAt: null,
    ...overrides,
  };
}

function device(n: number, overrides: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    id: id(300 + n),
    name: `PC ${n}`,
    centreId: casa.id,
    registeredByUserId: id(200),
    registeredByName: 'User 0',
    registeredAt: '2025-01-01T00:00:00Z',
    lastSeenAt: null,
    lastSyncAt: null,
    revokedAt: null,
    isPendingApproval: false,
    approvedAt: null,
    registeredByRole: 'conseiller',
    registeredByCentreIds: [casa.id],
    ...overrides,
  };
}

describe('regions', () => {
  it('names a region in both languages', () => {
    expect(regionName('CSE', 'fr')).toBe('Casablanca-Settat');
    expect(regionName('CSE', 'ar')).toBe('الدار البيضاء سطات');
  });

  it('offers the 12 regions and accepts only their codes', () => {
    expect(regionOptions('fr')).toHaveLength(12);
    expect(regionOptions('ar')[0]).toEqual({ value: 'TTA', label: 'طنجة تطوان الحسيمة' });
    expect(toRegionCode('SMA')).toBe('SMA');
    expect(toRegionCode('XYZ')).toBeUndefined();
    expect(toRegionCode(null)).toBeUndefined();
  });
});

describe('ordering', () => {
  it('sorts centres by code, numbers in numeric order, without changing the input', () => {
    const input = [casa10, rabat, casa2, agadir, casa];
    expect(sortCentres(input).map((c) => c.code)).toEqual(['AGADIR-01', 'CASA-01', 'CASA-02', 'CASA-10', 'RABAT-01']);
    expect(input[0]).toBe(casa10);
  });

  it('sorts users by display name, ignoring case and accents, then username', () => {
    const users = [
      user(1, { displayName: 'zineb Alami' }),
      user(2, { displayName: 'Élodie Martin' }),
      user(3, { displayName: 'Amina Benali', username: 'b.amina' }),
      user(4, { displayName: 'Amina Benali', username: 'a.amina' }),
    ];
    expect(sortUsers(users, 'fr').map((u) => u.username)).toEqual(['a.amina', 'b.amina', 'user2', 'user1']);
  });

  it('lists active devices before revoked ones, each by name', () => {
    const devices = [
      device(1, { name: 'PC B', revokedAt: '2025-02-01T00:00:00Z' }),
      device(2, { name: 'PC C' }),
      device(3, { name: 'PC A', revokedAt: '2025-02-01T00:00:00Z' }),
      device(4, { name: 'PC 2' }),
    ];
    expect(sortDevices(devices, 'fr').map((d) => d.name)).toEqual(['PC 2', 'PC C', 'PC A', 'PC B']);
  });
});

describe('centre codes', () => {
  it('maps a user’s centres to sorted codes and counts those out of sight', () => {
    expect(centreCodesOf([rabat.id, casa.id, id(999)], [casa, rabat])).toEqual({
      codes: ['CASA-01', 'RABAT-01'],
      hiddenCount: 1,
    });
    expect(centreCodesOf([casa.id, casa.id], [casa])).toEqual({ codes: ['CASA-01'], hiddenCount: 0 });
  });

  it('says "all centres" for an administrator without centres, "none" for anyone else', () => {
    expect(userCentresSummary(user(1, { role: 'administrateur', centreIds: [] }), [casa])).toEqual({ kind: 'all' });
    expect(userCentresSummary(user(2, { centreIds: [] }), [casa])).toEqual({ kind: 'none' });
    expect(userCentresSummary(user(3, { centreIds: [casa.id, id(999)] }), [casa])).toEqual({
      kind: 'codes',
      codes: ['CASA-01'],
      hiddenCount: 1,
    });
  });

  it('finds a device’s centre code', () => {
    expect(centreCodeOf(casa.id, [casa, rabat])).toBe('CASA-01');
    expect(centreCodeOf(null, [casa])).toBeNull();
    expect(centreCodeOf(id(999), [casa])).toBeNull();
  });
});

describe('form options', () => {
  it('offers the visible centres by code, named in the current language', () => {
    expect(centreOptions([rabat, casa], 'fr')).toEqual([
      { value: casa.id, label: 'CASA-01 — CAPC Casablanca' },
      { value: rabat.id, label: 'RABAT-01 — CAPC Rabat' },
    ]);
    expect(centreOptions([casa], 'ar')[0]?.label).toBe('CASA-01 — مركز الدار البيضاء');
  });

  it('keeps a selected centre that is not visible, so that saving does not drop it', () => {
    expect(centreOptions([casa], 'fr', [casa.id, id(999)]).map((o) => o.value)).toEqual([casa.id, id(999)]);
  });

  it('preselects the centre of an actor who has only one', () => {
    expect(defaultCentreIds([casa])).toEqual([casa.id]);
    expect(defaultCentreIds([casa, rabat])).toEqual([]);
    expect(defaultCentreIds([])).toEqual([]);
  });

  it('offers only the roles the actor may assign, plus the user’s current one', () => {
    expect(roleOptions(admin)).toEqual([
      'conseiller',
      'coordinateur_centre',
      'coordinateur_regional',
      'administrateur',
    ]);
    expect(roleOptions(coordinator)).toEqual(['conseiller']);
    expect(roleOptions(regional)).toEqual(['conseiller', 'coordinateur_centre']);
    expect(roleOptions(coordinator, 'conseiller')).toEqual(['conseiller']);
    expect(roleOptions(coordinator, 'coordinateur_regional')).toEqual(['conseiller', 'coordinateur_regional']);
    expect(defaultRole(admin)).toBe('conseiller');
    expect(defaultRole(counsellor)).toBeUndefined();
  });

  it('lets coordinators and administrators create users, not counsellors', () => {
    expect(canCreateUsers(admin)).toBe(true);
    expect(canCreateUsers(coordinator)).toBe(true);
    expect(canCreateUsers(counsellor)).toBe(false);
  });

  it('turns an empty field into null for Mantine', () => {
    expect(orNull(undefined)).toBeNull();
    expect(orNull('CSE')).toBe('CSE');
  });
});

describe('row actions', () => {
  it('gives an administrator every action, by account status', () => {
    expect(userRowActions(admin, user(1))).toEqual({ edit: true, toggle: 'disable', resetPassword: true });
    expect(userRowActions(admin, user(2, { disabledAt: '2025-02-01T00:00:00Z' }))).toEqual({
      edit: true,
      toggle: 'enable',
      resetPassword: false,
    });
  });

  it('lets a coordinator manage counsellors of their centres only', () => {
    expect(userRowActions(coordinator, user(1)).edit).toBe(true);
    const none = { edit: false, toggle: null, resetPassword: false };
    expect(userRowActions(coordinator, user(2, { centreIds: [casa.id, rabat.id] }))).toEqual(none);
    expect(userRowActions(coordinator, user(3, { role: 'coordinateur_centre' }))).toEqual(none);
    expect(userRowActions(coordinator, user(4, { id: coordinator.userId, role: 'coordinateur_centre' }))).toEqual(none);
    expect(userRowActions(counsellor, user(5))).toEqual(none);
  });

  it('shows the users the actor may see', () => {
    const users = [user(1), user(2, { centreIds: [rabat.id] }), user(3, { id: coordinator.userId })];
    expect(visibleUsers(coordinator, users).map((u) => u.username)).toEqual(['user1', 'user3']);
    expect(visibleUsers(admin, users)).toHaveLength(3);
  });

  it('offers to revoke an active device of the actor’s centres', () => {
    expect(canRevokeDevice(coordinator, device(1))).toBe(true);
    expect(canRevokeDevice(coordinator, device(2, { centreId: rabat.id }))).toBe(false);
    expect(canRevokeDevice(coordinator, device(3, { centreId: null }))).toBe(false);
    expect(canRevokeDevice(admin, device(4, { centreId: null }))).toBe(true);
    expect(canRevokeDevice(admin, device(5, { revokedAt: '2025-02-01T00:00:00Z' }))).toBe(false);
    expect(canRevokeDevice(counsellor, device(6))).toBe(false);
  });
});

describe('judicial holds in the list', () => {
  const hold = (heldByUserId: string) => ({ centreId: casa.id, heldByUserId, heldAt: '2025-01-02T00:00:00Z' });
  const held = user(1, { judicialHolds: [hold(admin.userId)], judicialHoldCentreIds: [casa.id] });
  const otherAdmin: Actor = { ...admin, userId: id(104) };
  const coordinatorUser = user(2, { id: coordinator.userId, role: 'coordinateur_centre' });

  it('offer the confirmation to a coordinator of the centre with judicial access', () => {
    expect(judicialHoldRows(coordinator, held, [held, coordinatorUser])).toEqual([
      { centreId: casa.id, by: 'coordinator', waitsForPassword: false },
    ]);
    expect(judicialHoldRows(counsellor, held, [held])).toEqual([
      { centreId: casa.id, by: null, waitsForPassword: false },
    ]);
    expect(judicialHoldRows(regional, held, [held])[0]?.by).toBeNull();
  });

  it('offer it to another administrator only while the centre has no judicial coordinator', () => {
    expect(judicialHoldRows(otherAdmin, held, [held])[0]?.by).toBe('four-eyes');
    expect(judicialHoldRows(admin, held, [held])[0]?.by).toBeNull();
    expect(judicialHoldRows(otherAdmin, held, [held, coordinatorUser])[0]?.by).toBeNull();
    // A coordinator whose own access is held does not count.
    const heldCoordinator = { ...coordinatorUser, judicialHolds: [hold(admin.userId)] };
    expect(judicialHoldRows(otherAdmin, held, [held, heldCoordinator])[0]?.by).toBe('four-eyes');
  });

  it('say it waits for the one-time password to be replaced', () => {
    const fresh = { ...held, mustChangePassword: true };
    expect(judicialHoldRows(coordinator, fresh, [fresh, coordinatorUser])).toEqual([
      { centreId: casa.id, by: null, waitsForPassword: true },
    ]);
    expect(judicialHoldRows(counsellor, fresh, [fresh])[0]?.waitsForPassword).toBe(false);
  });
});

describe('pending PCs', () => {
  const pending = (overrides: Partial<DeviceSummary> = {}) => device(9, { isPendingApproval: true, ...overrides });

  it('are approved by an administrator, or a coordinator who manages their user', () => {
    expect(canApprovePendingDevice(admin, pending())).toBe(true);
    expect(canApprovePendingDevice(coordinator, pending())).toBe(true);
    expect(canApprovePendingDevice(counsellor, pending())).toBe(false);
    expect(
      canApprovePendingDevice(
        coordinator,
        pending({ registeredByUserId: coordinator.userId, registeredByRole: 'coordinateur_centre' }),
      ),
    ).toBe(false);
  });

  it('only while pending and not revoked', () => {
    expect(canApprovePendingDevice(admin, device(10))).toBe(false);
    expect(canApprovePendingDevice(admin, pending({ revokedAt: '2025-02-01T00:00:00Z' }))).toBe(false);
  });
});
