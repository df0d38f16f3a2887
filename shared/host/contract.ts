import { z } from 'zod';
import type { HostChannel } from './channelNames';
import { healthSchema } from '../api/health';
import { languageSchema } from '../i18n/language';

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

export const settingsSchema = z.object({
  serverUrl: z.string(),
  language: languageSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const hostContract = {
  'app:info': { request: empty, response: appInfoSchema },
  'app:setLanguage': { request: z.object({ language: languageSchema }).strict(), response: settingsSchema },
  'settings:get': { request: empty, response: settingsSchema },
  'settings:setServerUrl': { request: z.object({ serverUrl: serverUrlSchema }).strict(), response: settingsSchema },
  'server:health': { request: empty, response: healthSchema },
} as const satisfies Record<HostChannel, { request: z.ZodType; response: z.ZodType }>;

export type HostContract = typeof hostContract;
export type HostRequest<C extends HostChannel> = z.input<HostContract[C]['request']>;
export type HostParsedRequest<C extends HostChannel> = z.output<HostContract[C]['request']>;
export type HostResponse<C extends HostChannel> = z.output<HostContract[C]['response']>;
