import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultAutoLockMinutes } from '../../shared/host/contract';
import type { Logger } from '../logger';
import { createSettingsStore, defaultSettings, settingsFileName } from './settingsStore';

let directory: string;
let log: Logger;

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'masar-settings-'));
  log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const settingsPath = () => path.join(directory, settingsFileName);
const now = () => new Date('2025-03-04T05:06:07.089Z');

describe('settingsStore', () => {
  it('starts on the defaults when there is no file, without creating one', async () => {
    const store = createSettingsStore({ directory, log });
    await expect(store.read()).resolves.toEqual({
      serverUrl: 'http://127.0.0.1:8787',
      language: 'fr',
      autoLockMinutes: 10,
    });
    expect(await readdir(directory)).toEqual([]);
  });

  it('persists updates, and a new store (next launch) reads them back', async () => {
    const store = createSettingsStore({ directory, log });
    await store.update({ serverUrl: 'https://masar.fm6reinsertion.ma/' });
    await store.update({ autoLockMinutes: 5 });
    await expect(store.update({ language: 'ar' })).resolves.toEqual({
      serverUrl: 'https://masar.fm6reinsertion.ma',
      language: 'ar',
      autoLockMinutes: 5,
    });

    await expect(createSettingsStore({ directory, log }).read()).resolves.toEqual({
      serverUrl: 'https://masar.fm6reinsertion.ma',
      language: 'ar',
      autoLockMinutes: 5,
    });
    expect(JSON.parse(await readFile(settingsPath(), 'utf8'))).toEqual({
      serverUrl: 'https://masar.fm6reinsertion.ma',
      language: 'ar',
      autoLockMinutes: 5,
    });
  });

  it('leaves no temporary file behind, and keeps concurrent updates', async () => {
    const store = createSettingsStore({ directory, log });
    await Promise.all([store.update({ serverUrl: 'https://a.example.ma' }), store.update({ language: 'ar' })]);
    expect(await readdir(directory)).toEqual([settingsFileName]);
    await expect(createSettingsStore({ directory, log }).read()).resolves.toEqual({
      serverUrl: 'https://a.example.ma',
      language: 'ar',
      autoLockMinutes: 10,
    });
  });

  it.each([
    ['not JSON', '{"serverUrl": "https://a.ma", '],
    ['an invalid server URL', JSON.stringify({ serverUrl: 'javascript:alert(1)', language: 'fr' })],
    ['an unknown language', JSON.stringify({ serverUrl: 'https://a.ma', language: 'en' })],
    ['not an object', '[]'],
    [
      'an auto-lock delay out of range',
      JSON.stringify({ serverUrl: 'https://a.ma', language: 'fr', autoLockMinutes: 0 }),
    ],
    ['an auto-lock delay that is not a whole number', JSON.stringify({ autoLockMinutes: 2.5 })],
  ])('keeps a corrupt file (%s) aside and uses the defaults', async (_name, content) => {
    await writeFile(settingsPath(), content);
    const store = createSettingsStore({ directory, log, now });

    await expect(store.read()).resolves.toEqual(defaultSettings);
    const asideName = `${settingsFileName}.corrupt-2025-03-04T05-06-07-089Z`;
    expect(await readdir(directory)).toEqual([asideName]);
    expect(await readFile(path.join(directory, asideName), 'utf8')).toBe(content);
    expect(log.warn).toHaveBeenCalled();

    await store.update({ language: 'ar' });
    expect((await readdir(directory)).sort()).toEqual([settingsFileName, asideName].sort());
    expect(await readFile(path.join(directory, asideName), 'utf8')).toBe(content);
  });

  it('fills a field missing from the file with its default, without treating the file as corrupt', async () => {
    await writeFile(settingsPath(), JSON.stringify({ language: 'ar' }));
    const store = createSettingsStore({ directory, log });
    await expect(store.read()).resolves.toEqual({
      serverUrl: defaultSettings.serverUrl,
      language: 'ar',
      autoLockMinutes: 10,
    });
    expect(await readdir(directory)).toEqual([settingsFileName]);
  });

  it('gives a file written before the auto-lock setting existed the default delay of 10 minutes', async () => {
    await writeFile(settingsPath(), JSON.stringify({ serverUrl: 'https://a.example.ma', language: 'fr' }));
    const store = createSettingsStore({ directory, log });
    await expect(store.read()).resolves.toEqual({
      serverUrl: 'https://a.example.ma',
      language: 'fr',
      autoLockMinutes: defaultAutoLockMinutes,
    });
    expect(defaultAutoLockMinutes).toBe(10);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('refuses an auto-lock delay outside 1–240 whole minutes and keeps the saved one', async () => {
    const store = createSettingsStore({ directory, log });
    await store.update({ autoLockMinutes: 240 });
    for (const autoLockMinutes of [0, 241, 1.5, -5, Number.NaN]) {
      await expect(store.update({ autoLockMinutes }), String(autoLockMinutes)).rejects.toThrow();
    }
    await expect(createSettingsStore({ directory, log }).read()).resolves.toMatchObject({ autoLockMinutes: 240 });
  });

  it('refuses an invalid server URL and keeps the saved settings', async () => {
    const store = createSettingsStore({ directory, log });
    await store.update({ serverUrl: 'https://a.example.ma' });
    for (const serverUrl of ['ftp://a.example.ma', 'https://user:pw@a.example.ma', 'not a url', '']) {
      await expect(store.update({ serverUrl }), serverUrl).rejects.toThrow();
    }
    await expect(store.read()).resolves.toEqual({
      serverUrl: 'https://a.example.ma',
      language: 'fr',
      autoLockMinutes: 10,
    });
    expect(JSON.parse(await readFile(settingsPath(), 'utf8'))).toMatchObject({ serverUrl: 'https://a.example.ma' });
  });

  it('returns copies: callers cannot change the stored settings by mutation', async () => {
    const store = createSettingsStore({ directory, log });
    const read = await store.read();
    read.language = 'ar';
    await expect(store.read()).resolves.toEqual(defaultSettings);
  });
});
