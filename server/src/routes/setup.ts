/**
 * The first run of a server (`/api/setup*`, shared/auth/setup.ts). `setupStatus` tells anyone
 * whether the server has an account yet and whether the caller is on the server's own machine, so
 * the sign-in screen can offer the way in or say whom to ask. The two ways in are `first-run`
 * routes (auth/firstRun.ts: loopback only, no account yet) and re-check "no account yet" in the
 * transaction that creates the first one, under the account lock: of two simultaneous requests one
 * wins, the other is refused `setup-already-done`.
 */
import type { FastifyRequest } from 'fastify';
import { createAdministrator } from '../auth/createAdministrator';
import { refuseFirstRun } from '../auth/firstRun';
import type { ServerContext } from '../context';
import { hasAnyAccount, insertAuditEvent, toUserProfile } from '../db';
import { AccountsExist, demoAccounts, demoCentre, demoPassword, seedDemo, SeedRefusal } from '../demo/seed';
import { httpError } from '../http/errors';
import { isLoopbackRequest } from '../http/loopback';
import type { RouteHandlers } from './api';

const remoteAddressOf = (request: FastifyRequest) => request.raw.socket.remoteAddress ?? null;

export function setupHandlers(
  context: ServerContext,
): Pick<RouteHandlers, 'setupStatus' | 'setupFirstAdministrator' | 'setupDemo'> {
  const { database } = context;

  return {
    setupStatus: async ({ request }) => ({
      hasAccounts: await hasAnyAccount(database.db),
      isLoopback: isLoopbackRequest(request),
    }),

    setupFirstAdministrator: async ({ body, request }) => {
      const remoteAddress = remoteAddressOf(request);
      const outcome = await createAdministrator(database.db, body, {
        at: context.now().toISOString(),
        via: 'first-run',
        isFirstOnly: true,
        hash: (password) => context.passwords.hash(password),
        auditDetail: { remoteAddress },
      });
      if (!outcome.ok) {
        switch (outcome.error) {
          case 'accounts-exist':
          case 'username-taken':
            throw await refuseFirstRun(context, request, 'setupFirstAdministrator', 'setup-already-done');
          case 'password-is-username':
            // The body schema refuses it already; kept for a caller that skipped it.
            throw httpError('invalid-request', 'The password must not be the username.', {
              issues: [{ path: 'password', message: 'errors.passwordIsUsername' }],
            });
        }
      }
      request.log.info(
        {
          event: 'first-run',
          outcome: 'ok',
          route: 'setupFirstAdministrator',
          userId: outcome.value.id,
          remoteAddress,
        },
        'first-run',
      );
      return { user: toUserProfile(outcome.value) };
    },

    setupDemo: async ({ request }) => {
      const remoteAddress = remoteAddressOf(request);
      let seeded;
      try {
        seeded = await seedDemo(database, { now: context.now, isFirstRun: true });
      } catch (error) {
        if (error instanceof AccountsExist) {
          throw await refuseFirstRun(context, request, 'setupDemo', 'setup-already-done');
        }
        if (error instanceof SeedRefusal) throw httpError('conflict', error.message);
        throw error;
      }
      await insertAuditEvent(database.db, {
        at: context.now().toISOString(),
        type: 'first-run',
        outcome: 'ok',
        detail: { route: 'setupDemo', remoteAddress, centreCode: seeded.centre.code, rowsAdded: seeded.rowsAdded },
      });
      request.log.info(
        { event: 'first-run', outcome: 'ok', route: 'setupDemo', rowsAdded: seeded.rowsAdded, remoteAddress },
        'first-run',
      );
      return {
        centre: { code: demoCentre.code, nameFr: demoCentre.nameFr, nameAr: demoCentre.nameAr },
        accounts: demoAccounts.map(({ username, displayName, role }) => ({ username, displayName, role })),
        password: demoPassword,
      };
    },
  };
}
