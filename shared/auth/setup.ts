import { z } from 'zod';
import { roleSchema } from './roles';
import { displayNameSchema, newPasswordSchema, passwordIsUsername, usernameSchema, userProfileSchema } from './schemas';

/**
 * The first run of a server, while it has no account: what the sign-in screen asks it, and the two
 * ways in it offers on the server's own machine — creating the first administrator, or loading the
 * demo centre. The routes are in `shared/api/routes.ts`; the server decides who may use them
 * (`server/src/routes/setup.ts`), never the client.
 */
export const setupStatusSchema = z.object({
  /** The server has at least one account (any role, disabled ones too): its first run is over. */
  hasAccounts: z.boolean(),
  /** The request came from the server's own machine, as the server sees the connection. */
  isLoopback: z.boolean(),
});
export type SetupStatus = z.infer<typeof setupStatusSchema>;

/**
 * A new administrator, with the rules of every new account and password: the first one from the
 * first-run screen, any one from `npm run server -- create-admin`.
 */
export const administratorCreateSchema = z
  .object({ username: usernameSchema, displayName: displayNameSchema, password: newPasswordSchema })
  .strict()
  .refine((value) => !passwordIsUsername(value.password, value.username), {
    path: ['password'],
    error: 'errors.passwordIsUsername',
  });
export type AdministratorCreate = z.input<typeof administratorCreateSchema>;

export const firstAdministratorResponseSchema = z.object({ user: userProfileSchema });

/** The demo centre as loaded, with the accounts to sign in with (shown once on the screen). */
export const demoSetupSchema = z.object({
  centre: z.object({ code: z.string(), nameFr: z.string(), nameAr: z.string() }),
  accounts: z.array(z.object({ username: z.string(), displayName: z.string(), role: roleSchema })).min(1),
  /** The demo accounts' password: public (it is in the README), for a demonstration server only. */
  password: z.string().min(1),
});
export type DemoSetup = z.infer<typeof demoSetupSchema>;
