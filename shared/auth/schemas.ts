import { z } from 'zod';
import { regionCodes } from '../reference/regions';
import { roleSchema } from './roles';

/**
 * The account messages shared by the server, both hosts and the screens. Error messages are
 * i18n keys (`errors.*`), translated by the renderer.
 */
export const idSchema = z.uuid();

/**
 * What no account or administration text may hold: the NUL character (PostgreSQL's `text` refuses
 * it, so the write failed with a 500 there while SQLite stored it) and a lone UTF-16 surrogate
 * (half a character: both drivers write it as U+FFFD, so the value stored would not be the value
 * checked). Refused with `errors.invalidCharacters` before any other rule.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableCharacters(text: string): boolean {
  return text.includes('\u0000') || loneSurrogate.test(text);
}

/**
 * A text field of an account or an administration form: refused when it holds what cannot be
 * stored, then trimmed and put in Unicode NFC (an "é" typed as e + combining accent is the same
 * name as the precomposed one). The rules piped after it — length, format — judge that value, and
 * it is the value the server stores: what is checked is what is kept.
 */
export function storedText() {
  return z
    .string()
    .refine((text) => !hasUnstorableCharacters(text), { error: 'errors.invalidCharacters', abort: true })
    .transform((text) => text.trim().normalize('NFC'));
}

export const usernameSchema = storedText()
  .transform((text) => text.toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, 'errors.usernameFormat'));

/** What is checked on sign-in: anything non-empty and bounded (the policy applies when setting it). */
export const passwordInputSchema = z.string().min(1, 'errors.required').max(256, 'errors.tooLong');

/** The policy for a new password (OWASP ASVS: length over composition rules). */
export const minimumPasswordLength = 10;
export const newPasswordSchema = z
  .string()
  // Not stored, but hashed from its UTF-8 bytes, where a lone surrogate becomes U+FFFD: two
  // different passwords would then be the same one.
  .refine((text) => !hasUnstorableCharacters(text), { error: 'errors.invalidCharacters', abort: true })
  .min(minimumPasswordLength, 'errors.passwordTooShort')
  .max(256, 'errors.tooLong');

/** Refuses a new password equal to the username (whatever its case); `username` as `usernameSchema` gives it. */
export function passwordIsUsername(password: string, username: string): boolean {
  return password.trim().toLowerCase() === username;
}

export const displayNameSchema = storedText().pipe(
  z.string().min(1, { error: 'errors.required', abort: true }).max(100, 'errors.tooLong'),
);

export const centreCodeSchema = storedText()
  .transform((text) => text.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'errors.centreCodeFormat'));

/**
 * The privacy of the centre's PCs (docs/security.md), set per centre by an administrator: minutes
 * of inactivity before a PC locks, and days a user may keep signing in offline since their last
 * online sign-in on that PC. Defaults: 10 minutes, 30 days.
 */
export const defaultCentreAutoLockMinutes = 10;
export const defaultCentreMaxOfflineDays = 30;
/** The bounds an administrator may set (the form's number fields read them too). */
export const maxCentreAutoLockMinutes = 60;
export const maxCentreMaxOfflineDays = 90;
export const centreAutoLockMinutesSchema = z
  .number({ error: 'errors.autoLockRange' })
  .int('errors.autoLockRange')
  .min(1, 'errors.autoLockRange')
  .max(maxCentreAutoLockMinutes, 'errors.autoLockRange');
export const centreMaxOfflineDaysSchema = z
  .number({ error: 'errors.maxOfflineRange' })
  .int('errors.maxOfflineRange')
  .min(1, 'errors.maxOfflineRange')
  .max(maxCentreMaxOfflineDays, 'errors.maxOfflineRange');

export const centreSchema = z.object({
  id: idSchema,
  code: z.string(),
  nameFr: z.string(),
  nameAr: z.string(),
  regionCode: z.enum(regionCodes),
  autoLockMinutes: centreAutoLockMinutesSchema,
  maxOfflineDays: centreMaxOfflineDaysSchema,
  createdAt: z.string(),
});
export type Centre = z.infer<typeof centreSchema>;

/**
 * A centre the account serves, as a PC keeps it: its code gives the file numbers' prefix, its
 * names head the printed documents, its region orders the préfecture lists, its privacy settings
 * bound the PC's automatic lock and offline sign-in. Sent at sign-in (so a
 * PC knows them before its first sync) and with each pull (shared/sync/protocol.ts).
 */
export const centreInfoSchema = centreSchema
  .pick({ id: true, code: true, nameFr: true, nameAr: true, regionCode: true })
  .extend({
    // Optional: a centre stored on a PC by an earlier version of Masar (the defaults apply).
    autoLockMinutes: centreAutoLockMinutesSchema.optional(),
    maxOfflineDays: centreMaxOfflineDaysSchema.optional(),
  });
export type CentreInfo = z.infer<typeof centreInfoSchema>;

export function centreInfoOf(centre: CentreInfo): CentreInfo {
  return {
    id: centre.id,
    code: centre.code,
    nameFr: centre.nameFr,
    nameAr: centre.nameAr,
    regionCode: centre.regionCode,
    ...(centre.autoLockMinutes === undefined ? {} : { autoLockMinutes: centre.autoLockMinutes }),
    ...(centre.maxOfflineDays === undefined ? {} : { maxOfflineDays: centre.maxOfflineDays }),
  };
}

/**
 * What bounds a user's PC: the strictest of the centres they serve (the shortest lock, the
 * shortest offline period), the defaults for a centre that says nothing, or for no centre.
 */
export type PcPrivacy = { autoLockMinutes: number; maxOfflineDays: number };

export function strictestPrivacy(centres: readonly CentreInfo[]): PcPrivacy {
  const locks = centres.map((centre) => centre.autoLockMinutes ?? defaultCentreAutoLockMinutes);
  const offline = centres.map((centre) => centre.maxOfflineDays ?? defaultCentreMaxOfflineDays);
  return {
    autoLockMinutes: locks.length === 0 ? defaultCentreAutoLockMinutes : Math.min(...locks),
    maxOfflineDays: offline.length === 0 ? defaultCentreMaxOfflineDays : Math.min(...offline),
  };
}

export const defaultPcPrivacy: PcPrivacy = {
  autoLockMinutes: defaultCentreAutoLockMinutes,
  maxOfflineDays: defaultCentreMaxOfflineDays,
};

export const centreInputSchema = z.object({
  code: centreCodeSchema,
  nameFr: displayNameSchema,
  nameAr: displayNameSchema,
  regionCode: z.enum(regionCodes, { error: 'errors.regionRequired' }),
  // Absent: the defaults for a new centre, unchanged for an existing one.
  autoLockMinutes: centreAutoLockMinutesSchema.optional(),
  maxOfflineDays: centreMaxOfflineDaysSchema.optional(),
});
export type CentreInput = z.infer<typeof centreInputSchema>;

export const userProfileSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  centreIds: z.array(idSchema),
  /** After a reset: signed in with a one-time password that must be changed before anything else. */
  mustChangePassword: z.boolean(),
  /**
   * The centres where the user's judicial access waits for confirmation (shared/auth/restricted.ts):
   * the screens say so where the detention data would be. Absent from a server without holds.
   */
  judicialHoldCentreIds: z.array(idSchema).default([]),
});
export type UserProfile = z.infer<typeof userProfileSchema>;

export const judicialHoldSchema = z.object({ centreId: idSchema, heldByUserId: idSchema, heldAt: z.string() });

export const userSummarySchema = userProfileSchema.extend({
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
  /** Who put each hold and when: the administration list offers its confirmation to those who may. */
  judicialHolds: z.array(judicialHoldSchema),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const userCreateSchema = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  centreIds: z.array(idSchema).max(50),
});
export type UserCreate = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    centreIds: z.array(idSchema).max(50).optional(),
  })
  .strict();
export type UserUpdate = z.infer<typeof userUpdateSchema>;

export const oneTimePasswordSchema = z.object({ oneTimePassword: z.string() });

/** Lifts a user's judicial hold in one of their centres (shared/auth/restricted.ts `judicialConfirmation`). */
export const judicialConfirmationRequestSchema = z.object({ centreId: idSchema }).strict();

export const deviceSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  centreId: idSchema.nullable(),
  registeredByUserId: idSchema,
  registeredByName: z.string(),
  registeredAt: z.string(),
  lastSeenAt: z.string().nullable(),
  /** Set by the sync engine once it exists. */
  lastSyncAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /**
   * Registered beyond the PCs its user may register on their own: it signs in only once approved
   * (`device-pending` until then).
   */
  isPendingApproval: z.boolean(),
  approvedAt: z.string().nullable(),
  /** The role and centres of the user who registered it: who may approve it (`canApproveDevice`). */
  registeredByRole: roleSchema,
  registeredByCentreIds: z.array(idSchema),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

/** The name a PC gives itself at registration, e.g. "PC accueil — Préfecture Aïn Sebaâ". */
export const deviceNameSchema = storedText().pipe(
  z.string().min(1, { error: 'errors.required', abort: true }).max(100, 'errors.tooLong'),
);

export const signInRequestSchema = z
  .object({
    username: usernameSchema,
    password: passwordInputSchema,
    /** Only for a PC that has no device token yet: the name it registers under. */
    deviceName: deviceNameSchema.optional(),
  })
  .strict();

/**
 * The server's secret for this user on this PC (32 random bytes, base64url): it wraps the user's
 * data key on the PC, to recover it after a password reset or a change made elsewhere
 * (docs/security.md). Only in the answers to a sign-in or password change on a PC in good
 * standing; optional so that a PC still talks to a server that does not send it yet.
 */
export const dataKeySecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const signInResponseSchema = z.object({
  sessionToken: z.string().min(32),
  sessionExpiresAt: z.string(),
  user: userProfileSchema,
  /** Present only when this sign-in registered the PC: the host stores it, the renderer never sees it. */
  newDevice: z.object({ id: idSchema, token: z.string().min(32) }).optional(),
  deviceId: idSchema,
  serverTime: z.number().int(),
  /** The centres the account serves now. */
  centres: z.array(centreInfoSchema),
  dataKeySecret: dataKeySecretSchema.optional(),
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const changePasswordRequestSchema = z
  .object({ currentPassword: passwordInputSchema, newPassword: newPasswordSchema })
  .strict()
  .refine((value) => value.currentPassword !== value.newPassword, {
    path: ['newPassword'],
    error: 'errors.passwordUnchanged',
  });

export const meResponseSchema = z.object({ user: userProfileSchema, centres: z.array(centreInfoSchema) });

/** The profile, and the secret that lets the PC re-wrap the data key under the new password. */
export const changePasswordResponseSchema = meResponseSchema.extend({ dataKeySecret: dataKeySecretSchema.optional() });
