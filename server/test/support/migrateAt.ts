/**
 * Test fixture run as a child process: opens the database named by the environment and
 * migrates it at an agreed instant, so several processes race on the same file or server.
 * Prints the migration outcome as one JSON line.
 */
import { migrateToLatest, openDatabase } from '../../src/db';

const [dataDir, startAt] = process.argv.slice(2);
if (dataDir === undefined || startAt === undefined) throw new Error('usage: migrateAt.ts <dataDir> <epochMs>');

const database = await openDatabase({ dataDir, databaseUrl: process.env['DATABASE_URL'] });
await new Promise((resolveWait) => setTimeout(resolveWait, Math.max(0, Number(startAt) - Date.now())));
const outcome = await migrateToLatest(database.db);
await database.close();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
