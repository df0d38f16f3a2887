/**
 * The two sync routes of `shared/api/routes.ts`. Both refuse a client that speaks another
 * protocol (426, also checked before the body is validated: see versions.ts) or whose data came
 * from another server database (409: two worlds are never merged), then hand over to push.ts and
 * pull.ts.
 */
import type { ServerContext } from '../context';
import { getDatabaseId } from '../db';
import { httpError } from '../http/errors';
import type { RouteHandlers } from '../routes/api';
import { readPull } from './pull';
import { applyPush } from './push';
import { checkSyncVersions } from './versions';

export function syncHandlers(context: ServerContext): Pick<RouteHandlers, 'syncPush' | 'syncPull'> {
  // The identity never changes once minted (migration 0001): read it once.
  let databaseId: string | undefined;
  async function serverDatabaseId(claimed: string | null): Promise<string> {
    databaseId ??= await getDatabaseId(context.database.db);
    if (claimed !== null && claimed !== databaseId) {
      throw httpError(
        'sync-database-mismatch',
        'This PC synced with another server database: it must be reset before syncing here.',
      );
    }
    return databaseId;
  }

  return {
    syncPush: async ({ body, auth }) => {
      checkSyncVersions(body);
      return applyPush(context, auth, body, await serverDatabaseId(body.databaseId));
    },
    syncPull: async ({ body, auth }) => {
      checkSyncVersions(body);
      return readPull(context, auth, body, await serverDatabaseId(body.databaseId));
    },
  };
}
