import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, defaultRendererDir, parseConfig, repositoryRoot } from '../src/config';
import type { ServerConfig } from '../src/config';

function parsedOrThrow(env: Record<string, string | undefined>): ServerConfig {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function failure(env: Record<string, string | undefined>): string {
  const result = parseConfig(env);
  if (result.ok) throw new Error(`expected a configuration error for ${JSON.stringify(env)}`);
  return result.error;
}

describe('server configuration', () => {
  it('resolves default folders from the repository root, not the working directory', () => {
    expect(existsSync(join(repositoryRoot, 'package.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'))).toMatchObject({ name: 'masar' });
    expect(defaultDataDir).toBe(join(repositoryRoot, '.masar-data', 'server'));
    expect(defaultRendererDir).toBe(join(repositoryRoot, 'dist', 'renderer'));
  });

  it('has a default for everything', () => {
    expect(parsedOrThrow({})).toEqual({
      port: 8787,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: defaultDataDir,
      rendererDir: defaultRendererDir,
      logLevel: 'info',
      trustProxy: [],
      newPcAllowance: 3,
    });
  });

  it('treats empty variables as unset', () => {
    expect(parsedOrThrow({ PORT: '', HOST: ' ', DATABASE_URL: '', MASAR_DATA_DIR: '', LOG_LEVEL: '' })).toEqual(
      parsedOrThrow({}),
    );
  });

  it('reads every variable', () => {
    expect(
      parsedOrThrow({
        PORT: '0',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgresql://masar:pw@db.example:5432/masar',
        MASAR_DATA_DIR: '/var/lib/masar',
        MASAR_RENDERER_DIR: '/opt/masar/renderer',
        LOG_LEVEL: 'DEBUG',
        MASAR_TRUST_PROXY: ' 10.0.0.5, 10.1.0.0/16 ,loopback,::1',
        MASAR_NEW_PC_ALLOWANCE: '5',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://masar:pw@db.example:5432/masar',
      dataDir: '/var/lib/masar',
      rendererDir: '/opt/masar/renderer',
      logLevel: 'debug',
      trustProxy: ['10.0.0.5', '10.1.0.0/16', 'loopback', '::1'],
      newPcAllowance: 5,
    });
    expect(parsedOrThrow({ PORT: '65535', DATABASE_URL: 'postgres://localhost/masar' })).toMatchObject({
      port: 65535,
      databaseUrl: 'postgres://localhost/masar',
    });
  });

  it('resolves relative folders against the working directory', () => {
    expect(parsedOrThrow({ MASAR_DATA_DIR: 'data/here' }).dataDir).toBe(resolve('data/here'));
  });

  it.each(['abc', '-1', '65536', '80.5', '1e3', '99999999'])('refuses PORT=%s', (port) => {
    expect(failure({ PORT: port })).toMatch(/^Invalid configuration: PORT must be a whole number from 0/);
  });

  it.each(['mysql://db/masar', 'not a url', 'localhost:5432'])('refuses DATABASE_URL=%s', (url) => {
    expect(failure({ DATABASE_URL: url })).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
  });

  it('never echoes the refused value (a database URL may hold a password)', () => {
    const message = failure({ DATABASE_URL: 'mysql://masar:hunter2@db/masar' });
    expect(message).not.toContain('hunter2');
  });

  it('refuses a proxy list that is not addresses, and an allowance that is not a count', () => {
    expect(failure({ MASAR_TRUST_PROXY: 'true' })).toContain('MASAR_TRUST_PROXY');
    expect(failure({ MASAR_TRUST_PROXY: 'proxy.example' })).toContain('MASAR_TRUST_PROXY');
    expect(failure({ MASAR_TRUST_PROXY: 'abc' })).toContain('MASAR_TRUST_PROXY');
    expect(failure({ MASAR_TRUST_PROXY: '10.0.0.0/33' })).toContain('MASAR_TRUST_PROXY');
    expect(failure({ MASAR_NEW_PC_ALLOWANCE: '-1' })).toContain('MASAR_NEW_PC_ALLOWANCE');
    expect(failure({ MASAR_NEW_PC_ALLOWANCE: 'many' })).toContain('MASAR_NEW_PC_ALLOWANCE');
  });

  it('refuses an unknown log level and a host with a scheme', () => {
    expect(failure({ LOG_LEVEL: 'verbose' })).toContain('LOG_LEVEL must be one of fatal, error, warn, info');
    expect(failure({ HOST: 'http://localhost' })).toContain('HOST must be a host name or an IP address');
  });

  it('reports every problem on one line', () => {
    const message = failure({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).not.toContain('\n');
  });
});
