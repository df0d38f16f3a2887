/**
 * Which clients the sync routes talk to: the same protocol version, and a schema version no newer
 * than the server's (older ones are accepted and upgraded, so a PC that was not updated can still
 * send its day's work). Checked before the body is validated as well: a future client's body may
 * not parse with today's schemas, and it must learn "update Masar" (426), not "invalid request".
 */
import { apiRouteTable } from '../../../shared/api/routes';
import { syncProtocolVersion, syncSchemaVersion } from '../../../shared/sync/protocol';
import type { MasarServer } from '../masarServer';
import { httpError } from '../http/errors';

const syncPaths: ReadonlySet<string> = new Set([apiRouteTable.syncPush.path, apiRouteTable.syncPull.path]);

/** Throws 426 `sync-version-unsupported` for a body whose versions this server does not speak. */
export function checkSyncVersions(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const { protocolVersion, schemaVersion } = body as { protocolVersion?: unknown; schemaVersion?: unknown };
  const isOtherProtocol = typeof protocolVersion === 'number' && protocolVersion !== syncProtocolVersion;
  const isNewerSchema = typeof schemaVersion === 'number' && schemaVersion > syncSchemaVersion;
  if (isOtherProtocol || isNewerSchema) {
    throw httpError(
      'sync-version-unsupported',
      `This server speaks sync protocol ${syncProtocolVersion}, schema ${syncSchemaVersion} or older: update Masar.`,
    );
  }
}

export function registerSyncVersionCheck(app: MasarServer): void {
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      if (syncPaths.has(request.routeOptions.url ?? '')) checkSyncVersions(request.body);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
}
