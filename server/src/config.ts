/**
 * The server's settings, read once from the environment and validated with zod so a typo fails
 * at start with one readable line instead of a crash later. Default folders are resolved from
 * this file's location, so the server finds them whatever the working directory.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { defaultNewPcAllowance } from './auth/deviceRegistration';
import { failure, ok, type Result } from '../../shared/result';

/** The repository root (this file is `<root>/server/src/config.ts`). */
export const repositoryRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; SQLite in `dataDir` otherwise. */
  databaseUrl: string | undefined;
  dataDir: string;
  rendererDir: string;
  logLevel: LogLevel;
  /**
   * The reverse proxies whose `X-Forwarded-For` the server believes (addresses, CIDR ranges, or
   * `loopback`), for the client address the sign-in throttle counts; none by default: the address is
   * the TCP peer's, and a forwarded header from anyone else is ignored.
   */
  trustProxy: string[];
  /** PCs a user may register within 30 days before a new one waits for an approval. */
  newPcAllowance: number;
}

export const defaultPort = 8787;
export const defaultHost = '127.0.0.1';
export const defaultDataDir = resolve(repositoryRoot, '.masar-data', 'server');
export const defaultRendererDir = resolve(repositoryRoot, 'dist', 'renderer');

/** An empty variable (`PORT=`) means "use the default", as most shells and compose files intend. */
const blankAsUnset = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

function isPostgresUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

const portMessage = 'must be a whole number from 0 (any free port) to 65535';

/** An IPv4 or IPv6 address, optionally with a /prefix, or a range name proxy-addr knows. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return false;
  const version = isIP(address);
  return version !== 0 && (prefix === undefined || Number(prefix) <= (version === 4 ? 32 : 128));
}

const envSchema = z.object({
  PORT: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .regex(/^\d{1,5}$/, portMessage)
      .transform(Number)
      .pipe(z.number().max(65535, portMessage))
      .default(defaultPort),
  ),
  HOST: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .regex(/^[\w.:-]+$/, 'must be a host name or an IP address such as 127.0.0.1 or 0.0.0.0')
      .default(defaultHost),
  ),
  DATABASE_URL: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL (leave it unset to use SQLite)')
      .optional(),
  ),
  MASAR_DATA_DIR: z.preprocess(
    blankAsUnset,
    z
      .string()
      .transform((dir) => resolve(dir))
      .default(defaultDataDir),
  ),
  MASAR_RENDERER_DIR: z.preprocess(
    blankAsUnset,
    z
      .string()
      .transform((dir) => resolve(dir))
      .default(defaultRendererDir),
  ),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof blankAsUnset(value) === 'string' ? String(value).trim().toLowerCase() : undefined),
    z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  ),
  MASAR_TRUST_PROXY: z.preprocess(
    blankAsUnset,
    z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      )
      .pipe(
        z.array(
          z
            .string()
            .refine(
              isProxyEntry,
              'must list proxy addresses or ranges (10.0.0.5, 10.0.0.0/8, loopback), comma-separated',
            ),
        ),
      )
      .default([]),
  ),
  MASAR_NEW_PC_ALLOWANCE: z.preprocess(
    blankAsUnset,
    z
      .string()
      .trim()
      .regex(/^\d{1,4}$/, 'must be a whole number of PCs (0 means every new PC waits for an approval)')
      .transform(Number)
      .default(defaultNewPcAllowance.count),
  ),
});

/** The configuration, or a message naming every variable that is wrong. */
export type ConfigResult = Result<ServerConfig, string>;

/**
 * Reads the configuration from environment variables. Relative folders are resolved against
 * the working directory. Error messages name the variable, never echo its value (a database
 * URL holds a password).
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    return failure(`Invalid configuration: ${problems.join('; ')}.`);
  }
  const { PORT, HOST, DATABASE_URL, MASAR_DATA_DIR, MASAR_RENDERER_DIR, LOG_LEVEL, MASAR_TRUST_PROXY } = parsed.data;
  return ok({
    port: PORT,
    host: HOST,
    databaseUrl: DATABASE_URL,
    dataDir: MASAR_DATA_DIR,
    rendererDir: MASAR_RENDERER_DIR,
    logLevel: LOG_LEVEL,
    trustProxy: MASAR_TRUST_PROXY,
    newPcAllowance: parsed.data.MASAR_NEW_PC_ALLOWANCE,
  });
}
