/**
 * `GET /api/health`: lets a PC check it reaches a Masar server, which version and engine it
 * runs, whether its schema is migrated, and (through `serverTime`) how far the PC clock drifts.
 * It reads the schema version from the database, so it also proves the database answers.
 */
import { apiRoutes, healthSchema } from '../../../shared/api/health';
import type { Health } from '../../../shared/api/health';
import { getSchemaVersion } from '../db';
import type { MasarDatabase } from '../db';
import type { MasarServer } from '../app';

export function registerHealthRoute(app: MasarServer, database: MasarDatabase, version: string): void {
  app.get(apiRoutes.health, { schema: { response: { 200: healthSchema } } }, async (): Promise<Health> => {
    const schemaVersion = await getSchemaVersion(database.db);
    return { status: 'ok', version, engine: database.engine, schemaVersion, serverTime: Date.now() };
  });
}
