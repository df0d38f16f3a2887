import { z } from 'zod';
import type { HostChannel } from './channelNames';
import { healthSchema } from '../api/health';
import { languageSchema } from '../i18n/language';
import { apiRouteNameSchema, hostCallableRoutes } from '../api/routes';
import {
  administratorCreateSchema,
  demoSetupSchema,
  firstAdministratorResponseSchema,
  setupStatusSchema,
} from '../auth/setup';
import {
  changePasswordRequestSchema,
  type changePasswordResponseSchema,
  dataKeySecretSchema,
  idSchema,
  passwordInputSchema,
  userProfileSchema,
  centreInfoSchema,
  usernameSchema,
} from '../auth/schemas';

/**
 * The host contract: what the renderer may ask of its host (the Electron main process through
 * the preload bridge, or the browser with the server). Each channel has a request and a
 * response schema; both hosts implement all of them and pass the same contract tests.
 */
export const hostKindSchema = z.enum(['electron', 'web']);
export type HostKind = z.infer<typeof hostKindSchema>;

const empty = z.object({}).strict();

export const appInfoSchema = z.object({
  name: z.literal('Masar'),
  version: z.string().min(1),
  hostKind: hostKindSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const loopbackHost = /^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?([/?#]|$)/i;

export function isLoopbackUrl(url: string): boolean {
  return loopbackHost.test(url);
}

/** The server URL: http(s) only, no credentials in it, no trailing slash once normalised. */
export const serverUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'settings.serverUrlInvalid', abort: true }))
  // No credentials in the authority part (user:password@host).
  .refine((url) => !/^https?:\/\/[^/?#]*@/i.test(url), { error: 'settings.serverUrlInvalid', abort: true })
  // The records are identities and judicial history: only the PC's own loopback may be plain http.
  .refine((url) => /^https:/i.test(url) || isLoopbackUrl(url), 'settings.serverUrlInsecure')
  .transform((url) => url.replace(/\/+$/, ''));

/**
 * The server a credential belongs to, as stored with the PC's device credentials: the URL with its
 * scheme and host in lower case, without a default port, fragment or trailing slash, so that two
 * spellings of the same server share one registration and any other URL is another server. Never
 * throws: a string that is not a URL is only trimmed (it names a server no token was issued by).
 */
/** The WHATWG URL parser of every runtime Masar runs on; `shared` is compiled without DOM or Node types. */
declare const URL: new (url: string) => { protocol: string; host: string; pathname: string; search: string };

export function normaliseServerUrl(serverUrl: string): string {
  const trimmed = serverUrl.trim();
  let url: InstanceType<typeof URL>;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed.replace(/\/+$/, '');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

/** Minutes of inactivity before the screen locks itself (shared PCs). */
export const autoLockMinutesSchema = z.number().int().min(1).max(240);
export const defaultAutoLockMinutes = 10;

export const settingsSchema = z.object({
  serverUrl: z.string(),
  language: languageSchema,
  autoLockMinutes: autoLockMinutesSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * The name a printed PDF is offered under in the save dialog: one file name, no folder, ending in
 * `.pdf`. Refused: path separators and the characters Windows forbids, control and bidi-control
 * characters (a right-to-left override can dress `fdp.exe` up as `exe.pdf`), a leading dot or
 * space, and Windows' reserved device names (`CON.pdf` is still the console there).
 */
export const pdfFileNameSchema = z
  .string()
  .max(150)
  // eslint-disable-next-line no-control-regex -- control characters are among those refused
  .regex(/^(?![\s.])[^\\/:*?"<>|\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]+\.pdf$/i)
  .refine((name) => !/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name), 'reserved file name');

/** A printed document can carry signatures as images: generous, but bounded. */
export const maxPrintHtmlLength = 20 * 1024 * 1024;

export const printRequestSchema = z
  .object({
    /** A complete HTML document (`renderer/print/printDocument.ts`): it must need no network. */
    html: z.string().min(1).max(maxPrintHtmlLength),
    fileName: pdfFileNameSchema,
    /** `save`: a PDF where the user chooses; `print`: the system's print dialog. */
    action: z.enum(['save', 'print']),
  })
  .strict();

export const printResponseSchema = z.discriminatedUnion('outcome', [
  /** `path`: where the PDF was written, to tell the user. */
  z.object({ outcome: z.literal('saved'), path: z.string().min(1) }),
  /** Handed to the printer (desktop), or to the browser's print dialog (web: its outcome is unknown). */
  z.object({ outcome: z.literal('printed') }),
  /** The user closed the save or print dialog. */
  z.object({ outcome: z.literal('cancelled') }),
]);
export type PrintRequest = z.input<typeof printRequestSchema>;
export type PrintResponse = z.output<typeof printResponseSchema>;

/** A wrapped key is a few hundred characters: generous, but bounded. */
const maxProtectedText = 16_384;

export const hostContract = {
  'app:info': { request: empty, response: appInfoSchema },
  'app:setLanguage': { request: z.object({ language: languageSchema }).strict(), response: settingsSchema },
  'settings:get': { request: empty, response: settingsSchema },
  'settings:setServerUrl': { request: z.object({ serverUrl: serverUrlSchema }).strict(), response: settingsSchema },
  'settings:setAutoLock': {
    request: z.object({ autoLockMinutes: autoLockMinutesSchema }).strict(),
    response: settingsSchema,
  },
  'server:health': { request: empty, response: healthSchema },
  /**
   * The first run of the server the settings name (shared/auth/setup.ts): whether it has an account
   * yet and whether this host's requests reach it from its own machine (the server decides, from
   * the connection: the desktop's main process or the browser on the server's PC). The two ways
   * in answer only there and only while the server has no account; they need no session.
   */
  'setup:status': { request: empty, response: setupStatusSchema },
  'setup:createFirstAdministrator': { request: administratorCreateSchema, response: firstAdministratorResponseSchema },
  /** Loads the demo centre (seconds: 400 people written through the server's sync) and names its accounts. */
  'setup:loadDemo': { request: empty, response: demoSetupSchema },
  /**
   * This PC's registration with the server the settings name now (a device token belongs to the
   * server that issued it: with another server URL the PC is not registered there). `isRevoked` is
   * remembered from that server's last `device-revoked` answer: a revoked PC refuses every sign-in,
   * offline included.
   */
  'device:status': {
    request: empty,
    response: z.object({ deviceId: idSchema.nullable(), isRevoked: z.boolean() }),
  },
  /**
   * Online sign-in: the host sends the device token this server issued, if any (registering the PC
   * with this server on its first sign-in there, and again, once, when the server answers
   * `device-unknown`), keeps the session token and the device token to itself, and answers with the
   * profile only.
   */
  'auth:signIn': {
    request: z.object({ username: usernameSchema, password: passwordInputSchema }).strict(),
    response: z.object({
      user: userProfileSchema,
      deviceId: idSchema,
      serverTime: z.number().int(),
      /** The centres the user serves, kept by the PC before its first sync (file numbers, letterheads). */
      centres: z.array(centreInfoSchema),
      /**
       * The server's secret for this user on this PC, passed through to the renderer, which wraps
       * the user's data key with it (docs/security.md). Never logged.
       */
      dataKeySecret: dataKeySecretSchema.optional(),
    }),
  },
  /** Ends the server session when it can, and always forgets it locally. */
  'auth:signOut': { request: empty, response: z.object({ isServerSessionEnded: z.boolean() }) },
  'auth:changePassword': {
    request: changePasswordRequestSchema,
    response: z.object({
      user: userProfileSchema,
      centres: z.array(centreInfoSchema),
      dataKeySecret: dataKeySecretSchema.optional(),
    }),
  },
  /** Any other server route, by name, with the open session; the renderer parses `data` with the route's schema. */
  'api:call': {
    request: z
      .object({
        route: apiRouteNameSchema.refine((name) => hostCallableRoutes.includes(name), 'not callable through the host'),
        id: idSchema.optional(),
        body: z.unknown().optional(),
      })
      .strict(),
    response: z.object({ data: z.unknown() }),
  },
  /**
   * The OS's protection of a secret the renderer keeps (docs/security.md, "OS protection"): the
   * desktop host seals `text` with Electron's `safeStorage` (DPAPI under the Windows account) and
   * answers it base64; `keys:unprotect` opens it, only under the same account on the same PC. The
   * browser host has no such protection: it answers `text` as it is.
   */
  'keys:protect': {
    request: z.object({ text: z.string().min(1).max(maxProtectedText) }).strict(),
    response: z.object({ sealed: z.string().min(1) }),
  },
  'keys:unprotect': {
    request: z
      .object({
        sealed: z
          .string()
          .min(1)
          .max(4 * maxProtectedText),
      })
      .strict(),
    response: z.object({ text: z.string().min(1) }),
  },
  /**
   * A document printed from its HTML by the host's Chromium: saved as an A4 PDF where the user
   * chooses (desktop), or sent to the print dialog. The browser host opens the browser's print
   * dialog for both actions, where the user may also choose "Save as PDF".
   */
  'print:pdf': { request: printRequestSchema, response: printResponseSchema },
} as const satisfies Record<HostChannel, { request: z.ZodType; response: z.ZodType }>;

export type HostContract = typeof hostContract;
export type HostRequest<C extends HostChannel> = z.input<HostContract[C]['request']>;
export type HostParsedRequest<C extends HostChannel> = z.output<HostContract[C]['request']>;
export type HostResponse<C extends HostChannel> = z.output<HostContract[C]['response']>;

/**
 * A host's answer to `auth:changePassword`, from the server's: the profile, the centres, and the
 * secret that re-wraps the data key when the server sent one.
 */
export function changePasswordAnswer({
  user,
  centres,
  dataKeySecret,
}: z.output<typeof changePasswordResponseSchema>): HostResponse<'auth:changePassword'> {
  return { user, centres, ...(dataKeySecret === undefined ? {} : { dataKeySecret }) };
}
