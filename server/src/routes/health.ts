/**
 * `GET /api/health`: lets a PC check it reaches a Masar server, which version and engine it
 * runs, whether its schema is migrated, and (through `serverTime`) how far the PC clock drifts.
 * It reads the schema version from the database, so it also proves the database answers.
 */
import type { ServerContext } from '../context';
import { getSchemaVersion } from '../db';
import type { RouteHandlers } from './api';

export function healthHandlers(context: ServerContext): Pick<RouteHandlers, 'health'> {
  const { database, version } = context;
  return {
    health: async () => {
      const schemaVersion = await getSchemaVersion(database.db);
      return { status: 'ok', version, engine: database.engine, schemaVersion, serverTime: context.now().getTime() };
    },
  };
}
