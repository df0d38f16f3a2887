/**
 * Storage of the centres (CAPC). Codes are unique: a second centre with the same code is a
 * `conflict`, detected here whichever engine refused it.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import {
  defaultCentreAutoLockMinutes,
  defaultCentreMaxOfflineDays,
  type Centre,
  type CentreInput,
} from '../../../shared/auth/schemas';
import { regionCodes } from '../../../shared/reference/regions';
import type { CentresTable, Database } from './schema';

const regionCodeSchema = z.enum(regionCodes);

function toCentre(row: Selectable<CentresTable>): Centre {
  return {
    id: row.id,
    code: row.code,
    nameFr: row.name_fr,
    nameAr: row.name_ar,
    regionCode: regionCodeSchema.parse(row.region_code),
    // int4 on PostgreSQL: a number, as on SQLite (only int8 comes back as a string).
    autoLockMinutes: row.auto_lock_minutes,
    maxOfflineDays: row.max_offline_days,
    createdAt: row.created_at,
  };
}

/** Every centre (`'all'`) or the listed ones, by code. */
export async function listCentres(db: Kysely<Database>, scope: 'all' | readonly string[]): Promise<Centre[]> {
  if (scope !== 'all' && scope.length === 0) return [];
  let query = db.selectFrom('centres').selectAll().orderBy('code');
  if (scope !== 'all') query = query.where('id', 'in', [...scope]);
  return (await query.execute()).map(toCentre);
}

export async function findCentre(db: Kysely<Database>, id: string): Promise<Centre | undefined> {
  const row = await db.selectFrom('centres').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toCentre(row);
}

/** The ids among `ids` that name an existing centre. */
export async function existingCentreIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('centres')
    .select('id')
    .where('id', 'in', [...ids])
    .execute();
  return new Set(rows.map((row) => row.id));
}

export async function isCentreCodeTaken(db: Kysely<Database>, code: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('centres').select('id').where('code', '=', code);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** A centre to store; its PCs' privacy settings take the defaults when not given. */
export type NewCentre = CentreInput & { id: string; createdAt: string };

export async function insertCentre(db: Kysely<Database>, centre: NewCentre): Promise<Centre> {
  const row: Selectable<CentresTable> = {
    id: centre.id,
    code: centre.code,
    name_fr: centre.nameFr,
    name_ar: centre.nameAr,
    region_code: centre.regionCode,
    auto_lock_minutes: centre.autoLockMinutes ?? defaultCentreAutoLockMinutes,
    max_offline_days: centre.maxOfflineDays ?? defaultCentreMaxOfflineDays,
    created_at: centre.createdAt,
  };
  await db.insertInto('centres').values(row).execute();
  return toCentre(row);
}

export async function updateCentre(db: Kysely<Database>, id: string, input: CentreInput): Promise<void> {
  await db
    .updateTable('centres')
    .set({
      code: input.code,
      name_fr: input.nameFr,
      name_ar: input.nameAr,
      region_code: input.regionCode,
      // Not given: kept as they are.
      ...(input.autoLockMinutes === undefined ? {} : { auto_lock_minutes: input.autoLockMinutes }),
      ...(input.maxOfflineDays === undefined ? {} : { max_offline_days: input.maxOfflineDays }),
    })
    .where('id', '=', id)
    .execute();
}
