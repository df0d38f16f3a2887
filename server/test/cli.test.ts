import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildServer } from '../src/app';
import { runCreateAdmin } from '../src/cli';
import type { CliIo } from '../src/cli';
import { repositoryRoot } from '../src/config';
import { findUserByUsername, listAuditEvents, openDatabase } from '../src/db';
import type { MasarDatabase } from '../src/db';
import { signIn } from './support/accounts';
import { testVersion } from './support/http';
import { createDatabaseTarget, engines, openTestDatabase } from './support/testDatabase';
import type { DatabaseTarget } from './support/testDatabase';
import { textCollector } from './support/textCollector';

const password = 'a long admin password';

async function createAdmin(target: DatabaseTarget, args: string[], stdinText: string) {
  const stdout = textCollector();
  const stderr = textCollector();
  const io: CliIo = {
    stdin: Readable.from([stdinText]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: target.env,
  };
  const code = await runCreateAdmin(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function openTarget(target: DatabaseTarget): Promise<MasarDatabase> {
  const database = await openDatabase(target.options);
  onTestFinished(() => database.close());
  return database;
}

describe.each(engines)('create-admin on %s', (engine) => {
  it('has no account at all after the migrations: no default user, no default password', async () => {
    const { db } = await openTestDatabase(engine);
    expect(await db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('creates an administrator without a centre from a piped password, who can sign in', async () => {
    const target = await createDatabaseTarget(engine);
    const result = await createAdmin(
      target,
      ['--username', 'Direction', '--display-name', 'Direction FM6'],
      `${password}\nsecond line ignored\n`,
    );
    expect(result).toEqual({ code: 0, stdout: 'Administrator "direction" created.\n', stderr: '' });

    const database = await openTarget(target);
    const user = await findUserByUsername(database.db, 'direction');
    expect(user).toMatchObject({
      role: 'administrateur',
      centreIds: [],
      displayName: 'Direction FM6',
      mustChangePassword: false,
    });
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const [event] = await listAuditEvents(database.db);
    expect(event).toMatchObject({ type: 'user-create', outcome: 'ok', actorUserId: null, subjectUserId: user?.id });
    expect(event?.detail).not.toContain(password);

    const app = buildServer({ database, version: testVersion });
    onTestFinished(() => app.close());
    const session = await signIn(app, { username: 'direction', password });
    expect(session.response.user.role).toBe('administrateur');
  });

  it('refuses a short password, a password equal to the username and an existing username', async () => {
    const target = await createDatabaseTarget(engine);
    const args = ['--username', 'direction', '--display-name', 'Direction'];
    const short = await createAdmin(target, args, 'short\n');
    expect(short).toEqual({
      code: 1,
      stdout: '',
      stderr: 'masar create-admin: the password must have at least 10 characters\n',
    });
    const username = await createAdmin(
      target,
      ['--username', 'direction.fm6', '--display-name', 'Direction'],
      'DIRECTION.FM6\n',
    );
    expect(username.code).toBe(1);
    expect(username.stderr).toBe('masar create-admin: the password must not be the username\n');
    const empty = await createAdmin(target, args, '');
    expect(empty.stderr).toBe('masar create-admin: no password on standard input\n');
    expect(await (await openTarget(target)).db.selectFrom('users').selectAll().execute()).toEqual([]);

    expect((await createAdmin(target, args, `${password}\n`)).code).toBe(0);
    const again = await createAdmin(target, args, `${password}\n`);
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: 'masar create-admin: the username "direction" is already taken\n',
    });
  });
});

describe('create-admin arguments and wiring', () => {
  it('refuses missing or malformed arguments with the usage line', async () => {
    const target = await createDatabaseTarget('sqlite');
    for (const args of [[], ['--username', 'direction'], ['--username', 'x', '--display-name', 'X'], ['--bogus']]) {
      const result = await createAdmin(target, args, `${password}\n`);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^masar create-admin: /);
    }
  });

  it('runs through `npm run server -- create-admin`', async () => {
    const target = await createDatabaseTarget('sqlite');
    const child = promisify(execFile)(
      'npm',
      ['run', '--silent', 'server', '--', 'create-admin', '--username', 'direction', '--display-name', 'Direction FM6'],
      { cwd: repositoryRoot, env: { ...process.env, ...target.env } },
    );
    child.child.stdin?.end(`${password}\n`);
    const { stdout } = await child;
    expect(stdout.trim().split('\n').at(-1)).toBe('Administrator "direction" created.');
    const database = await openTarget(target);
    expect((await findUserByUsername(database.db, 'direction'))?.displayName).toBe('Direction FM6');
  });
});
