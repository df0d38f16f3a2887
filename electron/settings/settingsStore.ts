/**
 * The desktop settings, owned by the main process: `settings.json` in Electron's userData folder.
 * Invariants: a write is atomic (temporary file, flush, rename), so a crash leaves the old or the
 * new file, never half of one; writes are serialised; a file that does not parse is renamed aside
 * (`settings.json.corrupt-<time>`) for support to inspect, and the app starts on the defaults
 * instead of failing; a file from an older version, without a newer field, gets that field's default.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../shared/host/contract';
import { autoLockMinutesSchema, defaultAutoLockMinutes, serverUrlSchema } from '../../shared/host/contract';
import { defaultLanguage, languageSchema } from '../../shared/i18n/language';
import type { Logger } from '../logger';
import { createSerialQueue, setFileAside, writeFileAtomically } from '../storage/localFile';

export const settingsFileName = 'settings.json';

export const defaultSettings: Readonly<Settings> = {
  serverUrl: 'http://127.0.0.1:8787',
  language: defaultLanguage,
  autoLockMinutes: defaultAutoLockMinutes,
};

/** A field missing from the file takes its default; a field present but invalid makes the file corrupt. */
const storedSettingsSchema = z.object({
  serverUrl: serverUrlSchema.default(defaultSettings.serverUrl),
  language: languageSchema.default(defaultSettings.language),
  autoLockMinutes: autoLockMinutesSchema.default(defaultSettings.autoLockMinutes),
});

export type SettingsStore = {
  read(): Promise<Settings>;
  /** Validates the merged settings (throws on an invalid value), persists them, and returns them. */
  update(patch: Partial<Settings>): Promise<Settings>;
};

export type SettingsStoreOptions = {
  directory: string;
  log: Logger;
  now?: () => Date;
};

export function createSettingsStore({ directory, log, now = () => new Date() }: SettingsStoreOptions): SettingsStore {
  const filePath = path.join(directory, settingsFileName);
  let current: Settings | undefined;
  const serialised = createSerialQueue();

  async function setAside(reason: string): Promise<void> {
    try {
      const asideName = await setFileAside(filePath, now());
      log.warn(`[settings] ${reason}: kept aside as ${asideName}; using defaults`);
    } catch (error) {
      log.error(`[settings] ${reason}, and it could not be kept aside; using defaults`, error);
    }
  }

  async function load(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        log.error('[settings] could not read the settings file; using defaults', error);
      }
      return { ...defaultSettings };
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      await setAside('settings file is not JSON');
      return { ...defaultSettings };
    }
    const parsed = storedSettingsSchema.safeParse(json);
    if (!parsed.success) {
      await setAside('settings file does not match the schema');
      return { ...defaultSettings };
    }
    return parsed.data;
  }

  async function currentSettings(): Promise<Settings> {
    current ??= await load();
    return current;
  }

  return {
    read: () => serialised(async () => ({ ...(await currentSettings()) })),
    update: (patch) =>
      serialised(async () => {
        const next = storedSettingsSchema.parse({ ...(await currentSettings()), ...patch });
        await writeFileAtomically(filePath, `${JSON.stringify(next, null, 2)}\n`);
        current = next;
        return { ...next };
      }),
  };
}
