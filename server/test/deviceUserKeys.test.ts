/**
 * The per-PC, per-user secret that wraps a user's data key (docs/security.md, "Server wrap"):
 * handed out only by a sign-in or a password change on a PC in good standing, the same for the
 * same PC and user, another on another PC, and gone once the PC is revoked or the user disabled.
 */
import { describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/api/health';
import { changePasswordResponseSchema, oneTimePasswordSchema } from '../../shared/auth/schemas';
import type { MasarDatabase } from '../src/db';
import { buildAccountsServer, call, postSignIn, seedCentre, seedUser, signIn } from './support/accounts';
import { expectApiError } from './support/http';
import { engines } from './support/testDatabase';

async function storedSecrets(database: MasarDatabase) {
  return database.db
    .selectFrom('device_user_keys')
    .select(['device_id', 'user_id', 'secret'])
    .orderBy('device_id')
    .orderBy('user_id')
    .execute();
}

describe.each(engines)('data key secrets on %s', (engine) => {
  async function setUp() {
    const server = await buildAccountsServer(engine, { newPcAllowance: { count: 2, periodDays: 30 } });
    const centre = await seedCentre(server.database, 'CAPC-FES');
    const amina = await seedUser(server.database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] });
    const karim = await seedUser(server.database, { username: 'karim', role: 'conseiller', centreIds: [centre.id] });
    const admin = await seedUser(server.database, { username: 'admin', role: 'administrateur' });
    return { ...server, amina, karim, admin };
  }

  it('is the same for the same PC and user, and differs per PC and per user', async () => {
    const { app, database, amina, karim } = await setUp();
    const first = await signIn(app, amina);
    const secret = first.response.dataKeySecret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await signIn(app, amina, first.deviceToken)).response.dataKeySecret).toBe(secret);

    const karimHere = await signIn(app, karim, first.deviceToken);
    expect(karimHere.response.dataKeySecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(karimHere.response.dataKeySecret).not.toBe(secret);
    const otherPc = await signIn(app, amina);
    expect(otherPc.response.dataKeySecret).not.toBe(secret);

    expect(await storedSecrets(database)).toHaveLength(3);
    // Not in the audit trail, whose entries are facts and ids only.
    const audit = JSON.stringify(await database.db.selectFrom('audit_events').selectAll().execute());
    expect(audit).not.toContain(secret);
  });

  it('comes with a password change on the same PC, the same as at sign-in', async () => {
    const { app, amina } = await setUp();
    const session = await signIn(app, amina);
    const changed = await call(app, 'changePassword', session, {
      body: { currentPassword: amina.password, newPassword: 'a brand new password' },
    });
    expect(changed.statusCode, changed.payload).toBe(200);
    expect(changePasswordResponseSchema.parse(changed.json()).dataKeySecret).toBe(session.response.dataKeySecret);
  });

  it('is never given to a PC awaiting approval, nor for a wrong password', async () => {
    const { app, database, amina } = await setUp();
    await signIn(app, amina);
    await signIn(app, amina);
    const pending = await postSignIn(app, amina);
    expectApiError(pending, 403, 'device-pending');
    expect(pending.payload).not.toMatch(/dataKeySecret/);
    const token = apiErrorSchema.parse(pending.json()).error.newDevice?.token;
    expect(token).toBeDefined();
    const again = await postSignIn(app, amina, token);
    expectApiError(again, 403, 'device-pending');
    expect(again.payload).not.toMatch(/dataKeySecret/);
    const wrong = await postSignIn(app, { username: 'amina', password: 'wrong password' });
    expect(wrong.payload).not.toMatch(/dataKeySecret/);
    expect(await storedSecrets(database)).toHaveLength(2);
  });

  it('is deleted when the PC is revoked, and never given to it again', async () => {
    const { app, database, amina, karim, admin } = await setUp();
    const here = await signIn(app, amina);
    await signIn(app, karim, here.deviceToken);
    const elsewhere = await signIn(app, amina);
    const administrator = await signIn(app, admin);
    expect((await call(app, 'revokeDevice', administrator, { id: here.deviceId })).statusCode).toBe(200);

    const left = await storedSecrets(database);
    expect(left.map((row) => row.device_id).filter((id) => id === here.deviceId)).toEqual([]);
    expect(left.find((row) => row.device_id === elsewhere.deviceId)?.secret).toBe(elsewhere.response.dataKeySecret);
    const refused = await postSignIn(app, amina, here.deviceToken);
    expectApiError(refused, 403, 'device-revoked');
    expect(refused.payload).not.toMatch(/dataKeySecret/);
    expect((await storedSecrets(database)).filter((row) => row.device_id === here.deviceId)).toEqual([]);
  });

  it('is deleted on every PC when the user is disabled; enabled again, the user gets a new one', async () => {
    const { app, database, amina, karim, admin } = await setUp();
    const here = await signIn(app, amina);
    const karimHere = await signIn(app, karim, here.deviceToken);
    await signIn(app, amina);
    const administrator = await signIn(app, admin);
    expect((await call(app, 'disableUser', administrator, { id: amina.id })).statusCode).toBe(200);

    expect((await storedSecrets(database)).map((row) => row.user_id).filter((id) => id === amina.id)).toEqual([]);
    // Others keep theirs, on the same PC too.
    expect((await storedSecrets(database)).find((row) => row.user_id === karim.id)?.secret).toBe(
      karimHere.response.dataKeySecret,
    );
    const refused = await postSignIn(app, amina, here.deviceToken);
    expectApiError(refused, 403, 'user-disabled');
    expect(refused.payload).not.toMatch(/dataKeySecret/);
    expect((await storedSecrets(database)).filter((row) => row.user_id === amina.id)).toEqual([]);

    expect((await call(app, 'enableUser', administrator, { id: amina.id })).statusCode).toBe(200);
    const back = await signIn(app, amina, here.deviceToken);
    expect(back.response.dataKeySecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(back.response.dataKeySecret).not.toBe(here.response.dataKeySecret);
  });

  it('survives a password reset: the same secret at the next sign-in with the one-time password', async () => {
    const { app, amina, admin } = await setUp();
    const here = await signIn(app, amina);
    const administrator = await signIn(app, admin);
    const reset = oneTimePasswordSchema.parse(
      (await call(app, 'resetPassword', administrator, { id: amina.id })).json(),
    );
    const withOtp = await signIn(app, { username: 'amina', password: reset.oneTimePassword }, here.deviceToken);
    expect(withOtp.response.user.mustChangePassword).toBe(true);
    const changed = await call(app, 'changePassword', withOtp, {
      body: { currentPassword: reset.oneTimePassword, newPassword: 'a brand new password' },
    });
    expect(changePasswordResponseSchema.parse(changed.json()).dataKeySecret).toBe(here.response.dataKeySecret);
  });
});
