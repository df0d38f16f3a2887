import { zodResolver } from '@hookform/resolvers/zod';
import type { Resolver } from 'react-hook-form';
import { z } from 'zod';
import { needsCentre } from '../../../shared/auth/authorization';
import { roleSchema, type Role } from '../../../shared/auth/roles';
import { userCreateSchema } from '../../../shared/auth/schemas';

/**
 * The user forms validate with the shared input schemas, plus the one rule a form must explain
 * before the server refuses: every role but the administrator works for at least one centre.
 * Messages are i18n keys.
 */
export const centresRequiredKey = 'admin.errors.centresRequired';

const hasCentreIfNeeded = (value: { role: Role; centreIds: readonly string[] }): boolean =>
  !needsCentre(value.role) || value.centreIds.length > 0;

/** The same rule on the raw form values (role possibly not chosen yet): is a centre missing? */
export function isMissingCentre(values: { role?: unknown; centreIds?: unknown }): boolean {
  const role = roleSchema.safeParse(values.role);
  const centreIds = Array.isArray(values.centreIds) ? (values.centreIds as unknown[]) : [];
  return role.success && !hasCentreIfNeeded({ role: role.data, centreIds: centreIds.map(String) });
}

const centresRequired = { path: ['centreIds'], error: centresRequiredKey };

/** *Nouvel utilisateur*: the body of `createUser`. */
export const userCreateFormSchema = userCreateSchema.refine(hasCentreIfNeeded, centresRequired);

/**
 * *Modifier* a user: display name, role and centres are checked and sent; the username never
 * changes (it is in the form, unchecked, so both forms share one shape).
 */
export const userEditFormSchema = userCreateSchema
  .omit({ username: true })
  .extend({ username: z.string() })
  .refine(hasCentreIfNeeded, centresRequired);

export type UserFormInput = z.input<typeof userCreateFormSchema>;
export type UserFormOutput = z.output<typeof userCreateFormSchema>;

/**
 * The form's resolver. Zod runs an object's cross-field check only once its fields are valid;
 * this reports the missing centre together with the other mistakes, so that a first *Enregistrer*
 * shows everything to correct.
 */
export function userFormResolver(mode: 'create' | 'edit'): Resolver<UserFormInput, unknown, UserFormOutput> {
  const base = zodResolver(mode === 'create' ? userCreateFormSchema : userEditFormSchema);
  return async (values, context, options) => {
    const result = await base(values, context, options);
    if (!isMissingCentre(values) || result.errors.centreIds) return result;
    return { values: {}, errors: { ...result.errors, centreIds: { type: 'custom', message: centresRequiredKey } } };
  };
}
