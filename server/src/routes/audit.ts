/**
 * The audit routes (`auditSearch`, `auditExport`, `auditVerify` in shared/api/routes.ts), for
 * administrators only (`canReadAudit`): a refused call is audited and answered 403. Every call
 * that reads the trail is itself an entry (`audit-read`, `audit-export`, `audit-verify`), appended
 * before the answer leaves, with the filter used and how many entries went out.
 */
import type { FastifyRequest } from 'fastify';
import { auditCsv, auditCsvFileName } from '../../../shared/audit/auditCsv';
import type { CsvEntry } from '../../../shared/audit/auditCsv';
import {
  auditEventTypes,
  auditEventTypesOf,
  kindOfAuditEventType,
  maxAuditExportRows,
} from '../../../shared/audit/auditEvents';
import type { AuditEntry, AuditFilter, AuditPage, AuditPerson } from '../../../shared/audit/auditEvents';
import { canReadAudit } from '../../../shared/auth/authorization';
import { idSchema } from '../../../shared/auth/schemas';
import { foldName } from '../../../shared/search/fold';
import type { Authenticated } from '../auth/authenticate';
import type { ServerContext } from '../context';
import {
  findAuditNames,
  findBeneficiariesContaining,
  findBeneficiarySummaries,
  insertAuditEvent,
  searchAuditEntries,
  verifyAuditChain,
} from '../db';
import type { AuditQuery, BeneficiarySummary, StoredAuditEntry } from '../db';
import { httpError } from '../http/errors';
import type { RouteHandlers } from './api';

const defaultPageSize = 50;
/** Persons a text filter may stand for: beyond that, the text is too vague to be a filter. */
const maxMatchedPersons = 50;
/** Rows read per query while exporting. */
const exportPage = 2000;

type AuditRoutes = 'auditSearch' | 'auditExport' | 'auditVerify';

/** Does this person match the text typed in the *person* filter (file number or name)? */
export function personMatches(person: BeneficiarySummary, text: string): boolean {
  const upper = text.trim().toUpperCase();
  if ([person.fileNumber, ...person.formerFileNumbers].some((number) => number.toUpperCase().includes(upper))) {
    return true;
  }
  const folded = foldName(text);
  return folded !== '' && [person.latinName, person.arabicName].some((name) => foldName(name).includes(folded));
}

function toPerson(summary: BeneficiarySummary): AuditPerson {
  return {
    id: summary.id,
    fileNumber: summary.fileNumber,
    latinName: summary.latinName,
    arabicName: summary.arabicName,
  };
}

function toEntry(stored: StoredAuditEntry): AuditEntry {
  let detail: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(stored.detail);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      detail = parsed as Record<string, unknown>;
    }
  } catch {
    // A detail that is not JSON was not written by the server: verify-audit says so; list it bare.
  }
  return {
    seq: stored.seq,
    at: stored.at,
    type: stored.type,
    kind: kindOfAuditEventType(stored.type),
    outcome: stored.outcome,
    actorUserId: stored.actorUserId,
    subjectUserId: stored.subjectUserId,
    deviceId: stored.deviceId,
    username: stored.username,
    detail,
    beneficiaryIds: [...stored.beneficiaryIds],
  };
}

export function auditHandlers(context: ServerContext): Pick<RouteHandlers, AuditRoutes> {
  const { db } = context.database;

  /** Administrators only; a refusal is an entry too. */
  async function requireAuditReader(type: string, auth: Authenticated, request: FastifyRequest): Promise<void> {
    if (canReadAudit(auth.actor)) return;
    await insertAuditEvent(db, {
      at: context.now().toISOString(),
      type,
      outcome: 'forbidden',
      actorUserId: auth.actor.userId,
      deviceId: auth.deviceId,
    });
    request.log.info({ event: type, outcome: 'forbidden', userId: auth.actor.userId }, type);
    throw httpError('forbidden', 'The audit is for administrators.');
  }

  /** The filter as a query; a text person filter becomes the ids of the persons it matches. */
  async function queryOf(
    filter: AuditFilter,
  ): Promise<{ query: Omit<AuditQuery, 'limit'>; matchedPersons: AuditPerson[] | null }> {
    let beneficiaryIds: string[] | undefined;
    let matchedPersons: AuditPerson[] | null = null;
    if (filter.person !== undefined) {
      const id = idSchema.safeParse(filter.person.toLowerCase());
      if (id.success) beneficiaryIds = [id.data];
      else {
        const candidates = await findBeneficiariesContaining(
          db,
          context.database.engine,
          filter.person,
          maxMatchedPersons * 4,
        );
        const matched = candidates.filter((candidate) => personMatches(candidate, filter.person ?? ''));
        matchedPersons = matched.slice(0, maxMatchedPersons).map(toPerson);
        beneficiaryIds = matchedPersons.map((person) => person.id);
      }
    }
    const known = Object.keys(auditEventTypes);
    const types =
      filter.kind === undefined
        ? undefined
        : filter.kind === 'other'
          ? { notIn: known }
          : { in: auditEventTypesOf(filter.kind) };
    return {
      query: { userId: filter.userId, beneficiaryIds, from: filter.from, to: filter.to, types },
      matchedPersons,
    };
  }

  /** Names for every id the entries carry. */
  async function namesOf(entries: readonly AuditEntry[]): Promise<Pick<AuditPage, 'users' | 'devices' | 'persons'>> {
    const userIds = entries.flatMap((entry) => [entry.actorUserId, entry.subjectUserId]).filter((id) => id !== null);
    const deviceIds = entries.flatMap((entry) => (entry.deviceId === null ? [] : [entry.deviceId]));
    const personIds = [...new Set(entries.flatMap((entry) => entry.beneficiaryIds))];
    const { users, devices } = await findAuditNames(db, { userIds, deviceIds });
    const persons = await findBeneficiarySummaries(db, personIds);
    return {
      users: Object.fromEntries(users),
      devices: Object.fromEntries(devices),
      persons: Object.fromEntries(persons.map((person) => [person.id, toPerson(person)])),
    };
  }

  return {
    auditSearch: async ({ body, auth, request }) => {
      await requireAuditReader('audit-read', auth, request);
      const { query, matchedPersons } = await queryOf(body.filter);
      const limit = body.limit ?? defaultPageSize;
      // One more than asked tells whether an older page exists.
      const stored = await searchAuditEntries(db, { ...query, beforeSeq: body.beforeSeq, limit: limit + 1 });
      const entries = stored.slice(0, limit).map(toEntry);
      const hasMore = stored.length > limit;
      const page: AuditPage = {
        entries,
        nextBeforeSeq: hasMore ? (entries.at(-1)?.seq ?? null) : null,
        ...(await namesOf(entries)),
        matchedPersons,
      };
      await insertAuditEvent(db, {
        at: context.now().toISOString(),
        type: 'audit-read',
        outcome: 'ok',
        actorUserId: auth.actor.userId,
        deviceId: auth.deviceId,
        detail: {
          filter: body.filter,
          ...(body.beforeSeq === undefined ? {} : { beforeSeq: body.beforeSeq }),
          entries: entries.length,
        },
      });
      return page;
    },

    auditExport: async ({ body, auth, request }) => {
      await requireAuditReader('audit-export', auth, request);
      const { query } = await queryOf(body.filter);
      const stored: StoredAuditEntry[] = [];
      let beforeSeq: number | undefined;
      while (stored.length <= maxAuditExportRows) {
        const page = await searchAuditEntries(db, { ...query, beforeSeq, limit: exportPage });
        stored.push(...page);
        const last = page.at(-1);
        if (last === undefined || page.length < exportPage) break;
        beforeSeq = last.seq;
      }
      const isTruncated = stored.length > maxAuditExportRows;
      const kept = stored.slice(0, maxAuditExportRows);
      const entries: CsvEntry[] = kept.map((entry) => ({ ...toEntry(entry), hash: entry.hash }));
      const now = context.now();
      const csv = auditCsv(entries, await namesOf(entries), body.language);
      await insertAuditEvent(db, {
        at: now.toISOString(),
        type: 'audit-export',
        outcome: 'ok',
        actorUserId: auth.actor.userId,
        deviceId: auth.deviceId,
        detail: { filter: body.filter, format: 'csv', entries: entries.length, isTruncated },
      });
      return { fileName: auditCsvFileName(now), csv, rowCount: entries.length, isTruncated };
    },

    auditVerify: async ({ auth, request }) => {
      await requireAuditReader('audit-verify', auth, request);
      const result = await verifyAuditChain(db);
      await insertAuditEvent(db, {
        at: context.now().toISOString(),
        type: 'audit-verify',
        outcome: result.isIntact ? 'intact' : 'broken',
        actorUserId: auth.actor.userId,
        deviceId: auth.deviceId,
        detail: result.isIntact
          ? { entries: result.entries, headHash: result.headHash }
          : { entries: result.entries, problem: result.problem },
      });
      request.log.info({ event: 'audit-verify', ...result }, 'audit-verify');
      return result;
    },
  };
}
