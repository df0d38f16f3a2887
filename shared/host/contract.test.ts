import { describe, expect, it } from 'vitest';
import { hostChannelNames } from './channelNames';
import { hostContract, isLoopbackUrl, normaliseServerUrl, serverUrlSchema } from './contract';

describe('host contract', () => {
  it('declares exactly the channels the preload exposes', () => {
    expect(Object.keys(hostContract).sort()).toEqual([...hostChannelNames].sort());
  });
});

describe('server URL', () => {
  it.each([
    ['https://masar.fm6reinsertion.ma/', 'https://masar.fm6reinsertion.ma'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('accepts %s', (input, normalised) => {
    expect(serverUrlSchema.parse(input)).toBe(normalised);
  });

  it.each([
    ['http://192.168.1.10:8787', 'settings.serverUrlInsecure'],
    ['http://localhost.evil.example', 'settings.serverUrlInsecure'],
    ['http://127.0.0.1@evil.example', 'settings.serverUrlInvalid'],
    ['https://user:pw@masar.example', 'settings.serverUrlInvalid'],
    ['ftp://masar.example', 'settings.serverUrlInvalid'],
    ['masar', 'settings.serverUrlInvalid'],
  ])('refuses %s with %s', (input, message) => {
    const result = serverUrlSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('knows the loopback hosts', () => {
    expect(isLoopbackUrl('http://127.1.2.3')).toBe(true);
    expect(isLoopbackUrl('http://10.0.0.1')).toBe(false);
  });
});

describe('normaliseServerUrl', () => {
  it.each([
    ['https://masar.fm6reinsertion.ma', 'https://masar.fm6reinsertion.ma'],
    ['HTTPS://Masar.FM6Reinsertion.MA:443/', 'https://masar.fm6reinsertion.ma'],
    ['http://127.0.0.1:80//', 'http://127.0.0.1'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['https://proxy.example/Masar/#fragment', 'https://proxy.example/Masar'],
    ['  http://localhost:8787/  ', 'http://localhost:8787'],
    ['not a url/', 'not a url'],
  ])('turns %j into %j', (input, expected) => {
    expect(normaliseServerUrl(input)).toBe(expected);
  });

  it('tells servers apart by scheme, port and path', () => {
    const keys = [
      'https://masar.example',
      'http://masar.example',
      'https://masar.example:8443',
      'https://masar.example/centre-a',
      'https://masar.example/centre-b',
    ].map(normaliseServerUrl);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves a URL the settings accept unchanged once normalised', () => {
    const url = serverUrlSchema.parse('https://masar.example/');
    expect(normaliseServerUrl(normaliseServerUrl(url))).toBe(normaliseServerUrl(url));
  });
});
