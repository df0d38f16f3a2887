import { z } from 'zod';

/**
 * The four roles of Masar. A user works for one or more centres (CAPC); an administrator works
 * for headquarters and sees every centre.
 */
export const roles = ['conseiller', 'coordinateur_centre', 'coordinateur_regional', 'administrateur'] as const;
export const roleSchema = z.enum(roles, { error: 'errors.roleRequired' });
export type Role = z.infer<typeof roleSchema>;

/** Higher ranks may manage lower ones (never their own rank, except administrators). */
export const roleRank: Record<Role, number> = {
  conseiller: 1,
  coordinateur_centre: 2,
  coordinateur_regional: 3,
  administrateur: 4,
};
