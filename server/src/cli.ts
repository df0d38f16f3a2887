/**
 * The server's commands besides serving (`main.ts` dispatches them).
 *
 * `npm run server -- verify-audit`: recomputes the audit chain (server/src/db/auditChain.ts) and
 * prints `N entries, chain intact` with the last hash (exit 0), or the first entry changed,
 * deleted or inserted (exit 1). It uses the same `DATABASE_URL` / `MASAR_DATA_DIR` as the server
 * and migrates the database first, as the server does at start.
 *
 * `npm run server -- create-admin --username <u> --display-name "<name>"`: creates the first
 * administrator (or another one) straight in the database, since Masar has no default account
 * and no default password — the server-side alternative to the first-run screen, through the same
 * `createAdministrator`. The password is read from standard input — typed twice without echo
 * on a terminal, the first line when piped — so it never appears in the shell history or the
 * process list. It prints one line and exits 0, or one `masar create-admin:` line and exits 1.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { displayNameSchema, minimumPasswordLength, newPasswordSchema, usernameSchema } from '../../shared/auth/schemas';
import { createAdministrator } from './auth/createAdministrator';
import { parseConfig } from './config';
import type { AuditVerification } from '../../shared/audit/auditEvents';
import { isUsernameTaken, migrateToLatest, openDatabase, verifyAuditChain } from './db';
import type { MasarDatabase } from './db';

export interface CliIo {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: Readonly<Record<string, string | undefined>>;
}

const usage = 'usage: npm run server -- create-admin --username <username> --display-name "<name>"';

class CliError extends Error {}

const messages: Record<string, string> = {
  'errors.usernameFormat':
    'the username must be 3 to 32 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  'errors.required': 'the display name is required',
  'errors.tooLong': 'too long',
  'errors.passwordTooShort': `the password must have at least ${minimumPasswordLength} characters`,
};

function parsed<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const key = result.error.issues[0]?.message ?? '';
  throw new CliError(key === 'errors.tooLong' ? `the ${what} is too long` : (messages[key] ?? `invalid ${what}`));
}

function parseArguments(args: readonly string[]): { username: string; displayName: string } {
  let values: { username?: string | undefined; 'display-name'?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { username: { type: 'string' }, 'display-name': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (values.username === undefined || values['display-name'] === undefined) throw new CliError(usage);
  return {
    username: parsed(usernameSchema, values.username, 'username'),
    displayName: parsed(displayNameSchema, values['display-name'], 'display name'),
  };
}

/** The first line of a piped standard input, without its line ending. */
function readFirstLine(stdin: Readable): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const lines = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false });
    let done = false;
    lines.once('line', (line) => {
      done = true;
      lines.close();
      resolveLine(line);
    });
    lines.once('close', () => {
      if (!done) reject(new CliError('no password on standard input'));
    });
  });
}

/** Reads one line on a terminal without echoing it (raw mode is set before the prompt shows). */
function readHidden(io: CliIo, prompt: string): Promise<string> {
  const { stdin, stdout } = io;
  return new Promise((resolveLine, reject) => {
    let typed = '';
    const finish = (outcome: () => void): void => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stdout.write('\n');
      outcome();
    };
    const onData = (chunk: Buffer | string): void => {
      for (const character of chunk.toString()) {
        if (character === '\r' || character === '\n' || character === '\u0004') {
          finish(() => {
            resolveLine(typed);
          });
          return;
        }
        if (character === '\u0003') {
          finish(() => {
            reject(new CliError('cancelled'));
          });
          return;
        }
        if (character === '\u007f' || character === '\b') typed = typed.slice(0, -1);
        else if (character >= ' ') typed += character;
      }
    };
    stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.resume();
    stdout.write(prompt);
  });
}

async function readPassword(io: CliIo): Promise<string> {
  if (io.stdin.isTTY !== true) return readFirstLine(io.stdin);
  const first = await readHidden(io, 'Password: ');
  const second = await readHidden(io, 'Password again: ');
  if (first !== second) throw new CliError('the two passwords differ');
  return first;
}

async function createAdministratorFromCli(
  database: MasarDatabase,
  args: { username: string; displayName: string },
  io: CliIo,
) {
  await migrateToLatest(database.db);
  // Checked before the password is typed, so nobody types it twice for nothing; checked again on creation.
  if (await isUsernameTaken(database.db, args.username)) {
    throw new CliError(`the username "${args.username}" is already taken`);
  }
  const password = parsed(newPasswordSchema, await readPassword(io), 'password');
  const outcome = await createAdministrator(
    database.db,
    { ...args, password },
    { at: new Date().toISOString(), via: 'create-admin', isFirstOnly: false },
  );
  if (outcome.ok) return;
  if (outcome.error === 'password-is-username') throw new CliError('the password must not be the username');
  throw new CliError(`the username "${args.username}" is already taken`);
}

/** Runs `create-admin` with these arguments; resolves with the exit code. */
export async function runCreateAdmin(args: readonly string[], io: CliIo): Promise<number> {
  let database: MasarDatabase | undefined;
  try {
    const values = parseArguments(args);
    const config = parseConfig(io.env);
    if (!config.ok) throw new CliError(config.error);
    database = await openDatabase({ databaseUrl: config.value.databaseUrl, dataDir: config.value.dataDir });
    await createAdministratorFromCli(database, values, io);
    io.stdout.write(`Administrator "${values.username}" created.\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`masar create-admin: ${message}\n`);
    return 1;
  } finally {
    await database?.close().catch(() => undefined);
  }
}

/** The command's one line for a verification (without the `masar verify-audit:` prefix). */
export function describeVerification(result: AuditVerification): string {
  if (result.isIntact) return `${result.entries} entries, chain intact (last hash ${result.headHash})`;
  const { kind, seq } = result.problem;
  const what = {
    changed: `entry #${seq} was changed: its content no longer gives its hash (or the hash of entry #${seq - 1} was rewritten)`,
    deleted: `entry #${seq} was deleted`,
    inserted: `entry #${seq} was inserted: the chain does not lead to it`,
    head: `the chain head was changed or removed (at entry #${seq})`,
  }[kind];
  return `audit chain broken after ${result.entries} intact entries: ${what}`;
}

/** Runs `verify-audit`; resolves with the exit code (0 intact, 1 broken or failed). */
export async function runVerifyAudit(args: readonly string[], io: Omit<CliIo, 'stdin'>): Promise<number> {
  let database: MasarDatabase | undefined;
  try {
    if (args.length > 0) throw new CliError('usage: npm run server -- verify-audit');
    const config = parseConfig(io.env);
    if (!config.ok) throw new CliError(config.error);
    database = await openDatabase({ databaseUrl: config.value.databaseUrl, dataDir: config.value.dataDir });
    await migrateToLatest(database.db);
    const result = await verifyAuditChain(database.db);
    if (result.isIntact) {
      io.stdout.write(`${describeVerification(result)}\n`);
      return 0;
    }
    io.stderr.write(`masar verify-audit: ${describeVerification(result)}\n`);
    return 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`masar verify-audit: ${message}\n`);
    return 1;
  } finally {
    await database?.close().catch(() => undefined);
  }
}
