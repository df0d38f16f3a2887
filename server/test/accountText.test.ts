/**
 * Account and administration text as stored (issue 14, point 8): a NUL character or a lone UTF-16
 * surrogate in any text of these routes is refused with 400 and the i18n key
 * `errors.invalidCharacters` (PostgreSQL answered 500 to a NUL; both drivers turned a lone surrogate
 * into U+FFFD, storing another value than the one checked), and nothing is written; what is stored
 * is the value the shared schemas validated — trimmed and in Unicode NFC. On SQLite and PostgreSQL.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiRouteTable } from '../../shared/api/routes';
import type { ApiRouteName } from '../../shared/api/routes';
import { hasUnstorableCharacters } from '../../shared/auth/schemas';
import type { MasarDatabase } from '../src/db';
import { buildAccountsServer, call, credentialHeaders, seedCentre, seedUser, signIn } from './support/accounts';
import type { Credentials } from './support/accounts';
import { expectApiError } from './support/http';
import { engines } from './support/testDatabase';

const unstorable = { nul: 'Ami\u0000na', loneHigh: 'Ami\uD800na', loneLow: '\uDC00Amina', trailingHigh: 'Amina\uD83D' };

describe('unstorable characters', () => {
  it('are NUL and lone surrogates; a pair (an emoji) and Arabic are fine', () => {
    for (const text of Object.values(unstorable))
      expect(hasUnstorableCharacters(text), JSON.stringify(text)).toBe(true);
    for (const text of ['Amina', 'أمينة', 'Amina 👩🏽', 'Café', ''])
      expect(hasUnstorableCharacters(text), text).toBe(false);
  });
});

async function tableCounts(database: MasarDatabase) {
  const count = async (table: 'users' | 'centres' | 'devices' | 'sessions') =>
    (await database.db.selectFrom(table).select('id').execute()).length;
  return { users: await count('users'), centres: await count('centres'), devices: await count('devices') };
}

describe.each(engines)('account text on %s', (engine) => {
  async function setUp() {
    const server = await buildAccountsServer(engine);
    const centre = await seedCentre(server.database, 'CAPC-FES');
    const admin = await seedUser(server.database, { username: 'admin', role: 'administrateur' });
    const amina = await seedUser(server.database, { username: 'amina', role: 'conseiller', centreIds: [centre.id] });
    const adminSession = await signIn(server.app, admin);
    const aminaSession = await signIn(server.app, amina);
    return { ...server, centre, admin, amina, adminSession, aminaSession };
  }

  it('refuses NUL and lone surrogates in every text of the account and administration routes, writing nothing', async () => {
    const { app, database, centre, amina, adminSession, aminaSession } = await setUp();
    const centreBody = { code: 'CAPC-NEW', nameFr: 'Centre', nameAr: 'مركز', regionCode: 'FME' };
    const userBody = { username: 'nouveau', displayName: 'Nouveau', role: 'conseiller', centreIds: [centre.id] };
    const cases: {
      route: ApiRouteName;
      field: string;
      body: (bad: string) => Record<string, unknown>;
      as?: Credentials;
      id?: string;
    }[] = [
      {
        route: 'signIn',
        field: 'deviceName',
        body: (bad) => ({ username: 'amina', password: amina.password, deviceName: bad }),
      },
      { route: 'signIn', field: 'username', body: (bad) => ({ username: bad, password: 'x' }) },
      { route: 'createCentre', field: 'nameFr', body: (bad) => ({ ...centreBody, nameFr: bad }), as: adminSession },
      { route: 'createCentre', field: 'nameAr', body: (bad) => ({ ...centreBody, nameAr: bad }), as: adminSession },
      { route: 'createCentre', field: 'code', body: (bad) => ({ ...centreBody, code: bad }), as: adminSession },
      {
        route: 'updateCentre',
        field: 'nameFr',
        body: (bad) => ({ ...centreBody, nameFr: bad }),
        as: adminSession,
        id: centre.id,
      },
      {
        route: 'createUser',
        field: 'displayName',
        body: (bad) => ({ ...userBody, displayName: bad }),
        as: adminSession,
      },
      { route: 'createUser', field: 'username', body: (bad) => ({ ...userBody, username: bad }), as: adminSession },
      {
        route: 'updateUser',
        field: 'displayName',
        body: (bad) => ({ displayName: bad }),
        as: adminSession,
        id: amina.id,
      },
      {
        route: 'changePassword',
        field: 'newPassword',
        body: (bad) => ({ currentPassword: amina.password, newPassword: `un long ${bad} mot de passe` }),
        as: aminaSession,
      },
    ];
    const before = await tableCounts(database);
    const centresBefore = await database.db.selectFrom('centres').selectAll().execute();
    for (const { route, field, body, as, id } of cases) {
      for (const [kind, bad] of Object.entries(unstorable)) {
        const definition = apiRouteTable[route];
        const response: LightMyRequestResponse =
          as === undefined
            ? await app.inject({ method: definition.method, url: definition.path, payload: body(bad) })
            : await call(app, route, as, { id, body: body(bad) });
        const error = expectApiError(response, 400, 'invalid-request');
        expect(error.error.issues, `${route}.${field} ${kind}`).toContainEqual({
          path: field,
          message: 'errors.invalidCharacters',
        });
      }
    }
    expect(await tableCounts(database)).toEqual(before);
    expect(await database.db.selectFrom('centres').selectAll().execute()).toEqual(centresBefore);
    // The password stays the one it was: the refused changes changed nothing.
    await signIn(app, amina, aminaSession.deviceToken);
  });

  it('refuses them on the first-run route too', async () => {
    const { app } = await buildAccountsServer(engine);
    const response = await app.inject({
      method: 'POST',
      url: apiRouteTable.setupFirstAdministrator.path,
      payload: { username: 'direction', displayName: 'Direction\u0000', password: 'un long mot de passe' },
    });
    expect(expectApiError(response, 400, 'invalid-request').error.issues).toContainEqual({
      path: 'displayName',
      message: 'errors.invalidCharacters',
    });
  });

  it('stores the value checked: trimmed and in NFC, whatever was typed', async () => {
    const { app, database, adminSession, amina } = await setUp();
    const decomposed = 'Cafe\u0301 de\u0301pendance'; // "Café dépendance" with combining accents
    const created = await call(app, 'createCentre', adminSession, {
      body: { code: ' capc-nfc ', nameFr: `   ${decomposed}   `, nameAr: ' مركز\u0020 ', regionCode: 'FME' },
    });
    expect(created.statusCode, created.payload).toBe(200);
    const centre = await database.db
      .selectFrom('centres')
      .selectAll()
      .where('code', '=', 'CAPC-NFC')
      .executeTakeFirstOrThrow();
    expect(centre.name_fr).toBe('Café dépendance');
    expect(centre.name_fr).toBe(decomposed.normalize('NFC'));
    expect(centre.name_ar).toBe('مركز');

    const user = await call(app, 'createUser', adminSession, {
      body: {
        username: '  Nadia.B ',
        displayName: ` Nadia Be\u0301nani${' '.repeat(500)}`,
        role: 'conseiller',
        centreIds: [centre.id],
      },
    });
    expect(user.statusCode, user.payload).toBe(200);
    const stored = await database.db
      .selectFrom('users')
      .select(['username', 'display_name'])
      .where('username', '=', 'nadia.b')
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ username: 'nadia.b', display_name: 'Nadia Bénani' });

    const renamed = await call(app, 'updateUser', adminSession, { id: amina.id, body: { displayName: '  Amina  ' } });
    expect(renamed.statusCode).toBe(200);
    expect(
      (
        await database.db
          .selectFrom('users')
          .select('display_name')
          .where('id', '=', amina.id)
          .executeTakeFirstOrThrow()
      ).display_name,
    ).toBe('Amina');

    const pc = await app.inject({
      method: 'POST',
      url: apiRouteTable.signIn.path,
      headers: credentialHeaders({}),
      payload: { username: 'amina', password: amina.password, deviceName: `  PC de\u0301po\u0302t${' '.repeat(200)}` },
    });
    expect(pc.statusCode, pc.payload).toBe(200);
    const names = await database.db.selectFrom('devices').select('name').execute();
    expect(names.map((row) => row.name)).toContain('PC dépôt');
  });
});
