/**
 * The desktop settings, owned by the main process: `settings.json` in Electron's userData folder.
 * Invariants: a write is atomic (temporary file, flush, rename), so a crash leaves the old or the
 * new file, never half of one; writes are serialised; a file that does not parse is renamed aside
 * (`settings.json.corrupt-<time>`) for support to inspect, and the app starts on the defaults
 * instead of failing.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../shared/host/contract';
import { serverUrlSchema } from '../../shared/host/contract';
import { defaultLanguage, languageSchema } from '../../shared/i18n/language';
import type { Logger } from '../logger';

export const settingsFileName = 'settings.json';

export const defaultSettings: Readonly<Settings> = {
  serverUrl: 'http://127.0.0.1:8787',
  language: defaultLanguage,
};

/** A field missing from the file takes its default; a field present but invalid makes the file corrupt. */
const storedSettingsSchema = z.object({
  serverUrl: serverUrlSchema.default(defaultSettings.serverUrl),
  language: languageSchema.default(defaultSettings.language),
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
  let queue: Promise<unknown> = Promise.resolve();

  function serialised<T>(operation: () => Promise<T>): Promise<T> {
    const run = queue.then(operation);
    queue = run.catch(() => undefined);
    return run;
  }

  async function setAside(reason: string): Promise<void> {
    const asidePath = `${filePath}.corrupt-${now().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(filePath, asidePath);
      log.warn(`[settings] ${reason}: kept aside as ${path.basename(asidePath)}; using defaults`);
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

  async function writeAtomically(settings: Settings): Promise<void> {
    await mkdir(directory, { recursive: true });
    const temporaryPath = `${filePath}.${randomUUID()}.tmp`;
    try {
      const file = await open(temporaryPath, 'w', 0o600);
      try {
        await file.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporaryPath, filePath);
    } catch (error) {
      await rm(temporaryPath, { force: true });
      throw error;
    }
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
        await writeAtomically(next);
        current = next;
        return { ...next };
      }),
  };
}
