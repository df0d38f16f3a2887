/**
 * The main process's implementation of the host contract: one handler per channel, declared in one
 * map so the compiler and a test both check that no channel is missing. Handlers receive parsed
 * requests and trust them; `registerHandler` does the checking.
 */
import type { HostChannel } from '../../shared/host/channelNames';
import { hostChannelNames } from '../../shared/host/channelNames';
import { mayChangeServerAddress } from '../../shared/auth/authorization';
import type { AppInfo } from '../../shared/host/contract';
import type { Language } from '../../shared/i18n/language';
import { err, ok } from '../../shared/result';
import type { AccountServices } from '../auth/accountHandlers';
import { createAccountHandlers } from '../auth/accountHandlers';
import { createSetupHandlers } from '../auth/setupHandlers';
import type { Logger } from '../logger';
import { checkServerHealth, defaultHealthTimeoutMs } from '../network/checkServerHealth';
import type { PrintService } from '../print/printService';
import type { HostHandler, IpcMainLike, SenderCheck } from './registerHandler';
import { registerHandler } from './registerHandler';

export type HostHandlers = { [C in HostChannel]: HostHandler<C> };

export type HostServices = AccountServices & {
  version: string;
  healthTimeoutMs?: number;
  /** Called after the language is saved, e.g. to rebuild the application menu. */
  onLanguageChanged: (language: Language) => void;
  /** `print:pdf`: a document rendered in a hidden window, saved as PDF or printed. */
  print: PrintService;
};

export function createHostHandlers(services: HostServices, log: Logger = console): HostHandlers {
  return {
    ...createAccountHandlers(services, log),
    ...createSetupHandlers(services),
    'app:info': () => Promise.resolve(ok<AppInfo>({ name: 'Masar', version: services.version, hostKind: 'electron' })),
    'app:setLanguage': async ({ language }) => {
      const settings = await services.settings.update({ language });
      services.onLanguageChanged(language);
      return ok(settings);
    },
    'settings:get': async () => ok(await services.settings.read()),
    'settings:setServerUrl': async ({ serverUrl }) => {
      // A device file of the first format belongs to the server URL of now: read it before it changes.
      await services.device.load();
      // A PC registered with a server changes server only by an administrator signed in online
      // (docs/security.md, "A PC's life"): pointed at a dead address, a PC would never hear of its
      // revocation. Before any registration (setting up a new PC) anyone may.
      const current = await services.settings.read();
      if (
        serverUrl !== current.serverUrl &&
        !mayChangeServerAddress(await services.device.isRegisteredAnywhere(), services.session.current()?.role)
      ) {
        log.warn('[settings] a change of server address was refused: no administrator is signed in');
        return err('forbidden', 'settings.serverUrlNeedsAdministrator');
      }
      return ok(await services.settings.update({ serverUrl }));
    },
    'settings:setAutoLock': async ({ autoLockMinutes }) => ok(await services.settings.update({ autoLockMinutes })),
    'server:health': async () => {
      const { serverUrl } = await services.settings.read();
      return checkServerHealth(services.fetch, serverUrl, services.healthTimeoutMs ?? defaultHealthTimeoutMs);
    },
    'print:pdf': (request) => services.print(request),
    // The desktop's protection of the renderer's password wraps (docs/security.md): safeStorage.
    'keys:protect': ({ text }) => {
      const sealed = services.device.protect(text);
      return Promise.resolve(sealed.ok ? ok({ sealed: sealed.value }) : sealed);
    },
    'keys:unprotect': ({ sealed }) => {
      const text = services.device.unprotect(sealed);
      return Promise.resolve(text.ok ? ok({ text: text.value }) : text);
    },
  };
}

/** Registers every channel of the contract, each exactly once, through `registerHandler`. */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  services: HostServices,
  isTrustedSender: SenderCheck,
  log: Logger = console,
): HostHandlers {
  const handlers = createHostHandlers(services, log);
  // Generic so that each channel's handler stays paired with that channel's schemas.
  const register = <C extends HostChannel>(channel: C, handler: HostHandlers[C]) => {
    registerHandler(ipcMain, channel, handler, isTrustedSender, log);
  };
  for (const channel of hostChannelNames) register(channel, handlers[channel]);
  return handlers;
}
