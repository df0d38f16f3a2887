import type { Role } from './roles';

/**
 * Who may write what, field by field: the one table the server applies to every pushed op
 * (shared/sync/admission.ts) and the screens read to show read-only fields. It comes on top of
 * row access (shared/auth/restricted.ts: the centres served, judicial rows to judicial roles):
 * a field not listed here may be written by anyone who may write its row.
 *
 * - `coordinators`: the committee's decision on a project and holding a ceremony are the centre's
 *   or region's coordination's (domain: "validates projects, prepares ceremonies"). A new row may
 *   carry the field's `openValue` (a project created without a decision, a ceremony created in
 *   preparation) whoever creates it.
 * - `fileCounsellorOrCoordinator` (a whole row): a *procès-verbal de remise* is signed by the
 *   counsellor who follows the file (`beneficiaries.followedById`) or a coordinator.
 * - `self`: an author's id, which must be the writer's own user id.
 * - `selfName`: an author's name, which the server sets to the writer's display name as it knows
 *   it (what the PC sent is replaced, never trusted).
 */
export type FieldWriteRule =
  | { readonly kind: 'coordinators'; readonly openValue: string | number }
  | { readonly kind: 'fileCounsellorOrCoordinator' }
  | { readonly kind: 'self' }
  | { readonly kind: 'selfName' };

export const coordinatorRoles: readonly Role[] = ['coordinateur_centre', 'coordinateur_regional'];

export function isCoordinatorRole(role: Role): boolean {
  return coordinatorRoles.includes(role);
}

const decidedByCoordinators = (openValue: string | number): FieldWriteRule => ({ kind: 'coordinators', openValue });

type EntityRules = {
  /** A rule for every field of the row. */
  readonly row?: FieldWriteRule;
  readonly fields?: Readonly<Record<string, FieldWriteRule>>;
};

/** By table. Keep in step with docs/architecture.md ("Who may write what"). */
export const fieldWriteRules: Readonly<Record<string, EntityRules>> = {
  beneficiaries: {
    // Who follows the file: the counsellor who registers it (reassignment comes with follow-up).
    fields: { followedById: { kind: 'self' }, followedByName: { kind: 'selfName' } },
  },
  stageChanges: { fields: { byUserId: { kind: 'self' }, byName: { kind: 'selfName' } } },
  incomeProjects: {
    fields: {
      committee: decidedByCoordinators(''),
      decisionDate: decidedByCoordinators(''),
      decisionReference: decidedByCoordinators(''),
      decision: decidedByCoordinators(''),
      amountGrantedCentimes: decidedByCoordinators(0),
      approvedTotalCentimes: decidedByCoordinators(0),
    },
  },
  ceremonies: { fields: { status: decidedByCoordinators('preparation') } },
  handoverReceipts: {
    row: { kind: 'fileCounsellorOrCoordinator' },
    fields: { counsellorName: { kind: 'selfName' } },
  },
  // A consultation of judicial data is the writer's own: the server's audit names the pusher.
  consultations: { fields: { userId: { kind: 'self' } } },
};

/** The rule for one field (the field's own, else the row's), or undefined: whoever writes the row. */
export function writeRuleOf(table: string, field: string): FieldWriteRule | undefined {
  const rules = fieldWriteRules[table];
  return rules?.fields?.[field] ?? rules?.row;
}

/** What a rule needs to know of the writer and of the row's file. */
export type WriteContext = {
  readonly userId: string;
  readonly role: Role;
  /** The row is new to the server (its creation). */
  readonly isNewRow: boolean;
  /** The counsellor who follows the row's file ('' when unknown or not a file's row). */
  readonly fileCounsellorId: string;
};

/**
 * May this writer give `field` this value? `selfName` is always allowed: the server sets the
 * value. The value is only looked at for `coordinators` (the open value of a new row) and `self`.
 */
export function mayWriteField(table: string, field: string, value: unknown, context: WriteContext): boolean {
  const rule = writeRuleOf(table, field);
  if (rule === undefined) return true;
  switch (rule.kind) {
    case 'coordinators':
      return isCoordinatorRole(context.role) || (context.isNewRow && value === rule.openValue);
    case 'fileCounsellorOrCoordinator':
      return (
        isCoordinatorRole(context.role) ||
        (context.fileCounsellorId !== '' && context.fileCounsellorId === context.userId)
      );
    case 'self':
      return value === context.userId;
    case 'selfName':
      return true;
  }
}

/** May this writer delete or restore a row of `table` (its row rule, if it has one)? */
export function mayWriteRow(table: string, context: WriteContext): boolean {
  const rule = fieldWriteRules[table]?.row;
  return rule === undefined || mayWriteField(table, '', null, context);
}

/** For the screens: may this user change `field` of an existing row (whatever the value)? */
export function mayEditField(table: string, field: string, context: Omit<WriteContext, 'isNewRow'>): boolean {
  const rule = writeRuleOf(table, field);
  if (rule?.kind === 'self' || rule?.kind === 'selfName') return true;
  return mayWriteField(table, field, Symbol('any value'), { ...context, isNewRow: false });
}

/** The fields whose value the server sets from the writer (`selfName`) in a table. */
export function serverSetNameFields(table: string): readonly string[] {
  const rules = fieldWriteRules[table];
  return Object.entries(rules?.fields ?? {}).flatMap(([field, rule]) => (rule.kind === 'selfName' ? [field] : []));
}
