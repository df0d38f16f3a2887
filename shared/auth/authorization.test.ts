import { describe, expect, it } from 'vitest';
import {
  assignableRoles,
  canAccessCentre,
  canApproveDevice,
  canManageCentres,
  canManageDevice,
  canManageUser,
  canOpenAdministration,
  canReadAudit,
  canRegisterBeneficiary,
  canSeeUser,
  centreScope,
  isAdministrator,
  needsCentre,
} from './authorization';
import type { Actor } from './authorization';
import { roles } from './roles';

const fes = 'c-fes';
const oujda = 'c-oujda';
const rabat = 'c-rabat';

const noHold = { judicialHoldCentreIds: [] };
const admin: Actor = { userId: 'u-admin', role: 'administrateur', centreIds: [], ...noHold };
const regional: Actor = { userId: 'u-regional', role: 'coordinateur_regional', centreIds: [fes, oujda], ...noHold };
const coordinator: Actor = { userId: 'u-coord', role: 'coordinateur_centre', centreIds: [fes], ...noHold };
const counsellor: Actor = { userId: 'u-conseil', role: 'conseiller', centreIds: [fes], ...noHold };

describe('centre scope', () => {
  it('is every centre for administrators, their own centres for everyone else', () => {
    expect(centreScope(admin)).toBe('all');
    expect(centreScope(regional)).toEqual([fes, oujda]);
    expect(centreScope(counsellor)).toEqual([fes]);
    expect(centreScope({ ...counsellor, centreIds: [] })).toEqual([]);
  });

  it('grants access to a centre accordingly', () => {
    expect(canAccessCentre(admin, rabat)).toBe(true);
    expect(canAccessCentre(regional, oujda)).toBe(true);
    expect(canAccessCentre(coordinator, oujda)).toBe(false);
    expect(canAccessCentre(counsellor, fes)).toBe(true);
    expect(canAccessCentre(counsellor, rabat)).toBe(false);
  });
});

describe('registering a person', () => {
  it('is for those who work for a centre, whatever their role; not an administrator without one', () => {
    expect(canRegisterBeneficiary(counsellor)).toBe(true);
    expect(canRegisterBeneficiary(coordinator)).toBe(true);
    expect(canRegisterBeneficiary(regional)).toBe(true);
    expect(canRegisterBeneficiary({ ...admin, centreIds: [rabat] })).toBe(true);
    expect(canRegisterBeneficiary(admin)).toBe(false);
    expect(canRegisterBeneficiary({ ...counsellor, centreIds: [] })).toBe(false);
  });
});

describe('administration', () => {
  it('lets only administrators manage centres', () => {
    expect([admin, regional, coordinator, counsellor].map(canManageCentres)).toEqual([true, false, false, false]);
    expect([admin, regional, coordinator, counsellor].map(isAdministrator)).toEqual([true, false, false, false]);
  });

  it('opens the administration screens to coordinators and administrators', () => {
    expect([admin, regional, coordinator, counsellor].map(canOpenAdministration)).toEqual([true, true, true, false]);
  });

  it('lets each role give only lower roles, administrators any', () => {
    expect(assignableRoles(admin)).toEqual([...roles]);
    expect(assignableRoles(regional)).toEqual(['conseiller', 'coordinateur_centre']);
    expect(assignableRoles(coordinator)).toEqual(['conseiller']);
    expect(assignableRoles(counsellor)).toEqual([]);
  });

  it('requires a centre for every role but administrateur', () => {
    expect(roles.filter(needsCentre)).toEqual(['conseiller', 'coordinateur_centre', 'coordinateur_regional']);
  });
});

describe('the audit', () => {
  it('is read by administrators only: coordinators administer accounts but do not read who consulted what', () => {
    expect([admin, regional, coordinator, counsellor].map(canReadAudit)).toEqual([true, false, false, false]);
  });
});

describe('managing users', () => {
  const counsellorOfFes = { id: 'u-1', role: 'conseiller', centreIds: [fes] } as const;
  const counsellorOfOujda = { id: 'u-2', role: 'conseiller', centreIds: [oujda] } as const;
  const counsellorOfBoth = { id: 'u-3', role: 'conseiller', centreIds: [fes, oujda] } as const;
  const coordinatorOfFes = { id: 'u-4', role: 'coordinateur_centre', centreIds: [fes] } as const;

  it('lets administrators manage anyone, themselves included', () => {
    for (const target of [
      counsellorOfFes,
      coordinatorOfFes,
      { id: admin.userId, role: 'administrateur', centreIds: [] } as const,
    ]) {
      expect(canManageUser(admin, target)).toBe(true);
    }
  });

  it('lets coordinators manage lower roles of their own centres only', () => {
    expect(canManageUser(coordinator, counsellorOfFes)).toBe(true);
    expect(canManageUser(coordinator, counsellorOfOujda)).toBe(false);
    // Every centre of the target must be the coordinator's.
    expect(canManageUser(coordinator, counsellorOfBoth)).toBe(false);
    expect(canManageUser(regional, counsellorOfBoth)).toBe(true);
    // Never their own rank or above, never an administrator.
    expect(canManageUser(coordinator, coordinatorOfFes)).toBe(false);
    expect(canManageUser(regional, coordinatorOfFes)).toBe(true);
    expect(canManageUser(regional, { id: 'u-5', role: 'coordinateur_regional', centreIds: [fes] })).toBe(false);
    expect(canManageUser(regional, { id: 'u-6', role: 'administrateur', centreIds: [fes] })).toBe(false);
  });

  it('never lets a coordinator manage themselves or a user without a centre', () => {
    expect(canManageUser(coordinator, { id: coordinator.userId, role: 'conseiller', centreIds: [fes] })).toBe(false);
    expect(canManageUser(coordinator, { id: 'u-7', role: 'conseiller', centreIds: [] })).toBe(false);
  });

  it('lets counsellors manage nobody', () => {
    expect(canManageUser(counsellor, counsellorOfFes)).toBe(false);
    expect(canManageUser(counsellor, { id: counsellor.userId, role: 'conseiller', centreIds: [fes] })).toBe(false);
  });

  it('shows coordinators the users sharing one of their centres, counsellors only themselves', () => {
    expect(canSeeUser(admin, counsellorOfOujda)).toBe(true);
    expect(canSeeUser(coordinator, counsellorOfFes)).toBe(true);
    expect(canSeeUser(coordinator, counsellorOfBoth)).toBe(true);
    expect(canSeeUser(coordinator, counsellorOfOujda)).toBe(false);
    expect(canSeeUser(coordinator, { id: coordinator.userId, role: 'coordinateur_centre', centreIds: [] })).toBe(true);
    expect(canSeeUser(counsellor, counsellorOfFes)).toBe(false);
    expect(canSeeUser(counsellor, { id: counsellor.userId, role: 'conseiller', centreIds: [fes] })).toBe(true);
  });
});

describe('managing devices', () => {
  it('gives administrators every PC and coordinators the PCs of their centres', () => {
    expect(canManageDevice(admin, { centreId: null })).toBe(true);
    expect(canManageDevice(admin, { centreId: rabat })).toBe(true);
    expect(canManageDevice(coordinator, { centreId: fes })).toBe(true);
    expect(canManageDevice(coordinator, { centreId: oujda })).toBe(false);
    expect(canManageDevice(coordinator, { centreId: null })).toBe(false);
    expect(canManageDevice(regional, { centreId: oujda })).toBe(true);
    expect(canManageDevice(counsellor, { centreId: fes })).toBe(false);
  });
});

describe('approving a pending PC', () => {
  const pcOfFes = { centreId: fes };
  const counsellorOfFes = { id: 'u-1', role: 'conseiller', centreIds: [fes] } as const;

  it('is for administrators, and for the coordinators who manage the user who registered it', () => {
    expect(canApproveDevice(admin, pcOfFes, counsellorOfFes)).toBe(true);
    expect(
      canApproveDevice(admin, { centreId: null }, { id: admin.userId, role: 'administrateur', centreIds: [] }),
    ).toBe(true);
    expect(canApproveDevice(coordinator, pcOfFes, counsellorOfFes)).toBe(true);
    expect(canApproveDevice(regional, pcOfFes, counsellorOfFes)).toBe(true);
  });

  it('is never for the user who registered it, nor a coordinator of another centre, nor a counsellor', () => {
    expect(
      canApproveDevice(coordinator, pcOfFes, { id: coordinator.userId, role: 'coordinateur_centre', centreIds: [fes] }),
    ).toBe(false);
    expect(
      canApproveDevice(coordinator, { centreId: oujda }, { id: 'u-2', role: 'conseiller', centreIds: [oujda] }),
    ).toBe(false);
    expect(canApproveDevice(coordinator, pcOfFes, { id: 'u-4', role: 'coordinateur_centre', centreIds: [fes] })).toBe(
      false,
    );
    expect(canApproveDevice(counsellor, pcOfFes, counsellorOfFes)).toBe(false);
    expect(canApproveDevice(counsellor, pcOfFes, { id: counsellor.userId, role: 'conseiller', centreIds: [fes] })).toBe(
      false,
    );
  });
});
