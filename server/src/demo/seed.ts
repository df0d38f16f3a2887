/**
 * Fills a server database with the demo centre (`npm run seed:demo`, scripts/seedDemo.ts; and the
 * first-run screen of a server without accounts, routes/setup.ts): the centre, its coordinator
 * and two counsellors with known passwords, a registered demo PC, and the people of generate.ts,
 * written through the server's own push (server/src/sync/push.ts) as each counsellor's replica on
 * that PC — validated, merged, sequenced and digested like a PC's end-of-day sync, so every PC of
 * the centre pulls them. The counsellors write their files (income projects and signed receipts
 * included); the coordinator writes the ceremonies and their lists, from the same PC.
 *
 * Running it again does not duplicate anyone: the centre exists, so the same files are generated
 * again (for the day the centre was made) and pushed again under the same outbox and sequence
 * numbers, which the server has already applied and skips. A run interrupted half-way is completed
 * the same way. A centre with the demo code that the seed did not make is left alone.
 */
import type { Role } from '../../../shared/auth/roles';
import { defaultCentreAutoLockMinutes, defaultCentreMaxOfflineDays, type Centre } from '../../../shared/auth/schemas';
import { todayInCasablanca } from '../../../shared/dates/calendarDate';
import { newId } from '../../../shared/ids/uuidv7';
import {
  beneficiarySync,
  admissionSync,
  detentionRecordSync,
  ceremonyLineSync,
  ceremonySync,
  diagnosticSync,
  equipmentLineSync,
  fundingShareSync,
  handoverReceiptSync,
  incomeProjectSync,
  lifeProjectActionSync,
  lifeProjectSync,
  stageChangeSync,
  type AnySyncedEntity,
} from '../../../shared/sync/entities';
import { formatHlc, formatReplicaId, initialHlcState, tick, type HlcState } from '../../../shared/sync/hlc';
import type { JsonValue } from '../../../shared/sync/merge';
import {
  maxOpsPerPush,
  pushRequestSchema,
  syncProtocolVersion,
  syncSchemaVersion,
  type PushOp,
  type PushRequest,
} from '../../../shared/sync/protocol';
import type { RegionCode } from '../../../shared/reference/regions';
import { actorOf } from '../auth/authenticate';
import { hashPassword } from '../auth/passwords';
import { newSecretToken, sha256Hex } from '../auth/tokens';
import type { ServerContext } from '../context';
import { defaultNewPcAllowance } from '../auth/deviceRegistration';
import { createPasswordWork } from '../auth/passwordWork';
import {
  findSyncRows,
  findUserByUsername,
  getDatabaseId,
  hasAnyAccount,
  inTransaction,
  insertAuditEvent,
  insertCentre,
  insertDevice,
  insertUser,
  isCentreCodeTaken,
  isUsernameTaken,
  listCentres,
  listDeviceSummaries,
  listDigests,
  lockAccountChanges,
  lockOutbox,
  migrateToLatest,
  type MasarDatabase,
  type UserRecord,
} from '../db';
import { applyPush } from '../sync/push';
import { parseState } from '../sync/state';
import { stages } from '../../../shared/parcours/parcours';
import { decisionFields, noDecision } from '../../../shared/agr/incomeProject';
import { demoUuid, generateDemo, type DemoFile, type DemoStaff } from './generate';
import type { DemoCeremony } from './incomeProjects';

export const demoCentre = {
  code: 'CASA-DEMO',
  nameFr: 'CAPC Casablanca (démo)',
  nameAr: 'مركز المواكبة ما بعد الإفراج – الدار البيضاء (تجريبي)',
  regionCode: 'CSE' satisfies RegionCode,
} as const;

/** The demo accounts' password: for a demo database only, never a real server. */
export const demoPassword = 'masar-demo-casa';

export type DemoAccount = {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  /** What the summary calls them. */
  readonly title: string;
};

export const demoCoordinator: DemoAccount = {
  username: 'demo.coordination',
  displayName: 'Naïma Berrada',
  role: 'coordinateur_centre',
  title: 'coordinatrice du centre',
};
export const demoCounsellors: readonly [DemoAccount, DemoAccount] = [
  { username: 'demo.conseiller1', displayName: 'Youssef Bennani', role: 'conseiller', title: 'conseiller' },
  { username: 'demo.conseiller2', displayName: 'Salma Lahlou', role: 'conseiller', title: 'conseillère' },
];
export const demoAccounts: readonly DemoAccount[] = [demoCoordinator, ...demoCounsellors];

/** The PC the counsellors' replicas write from (listed in Administration › PCs). */
export const demoDeviceName = 'PC de démonstration (seed:demo)';

/** Why the seed did nothing: said in one sentence to the person who ran it. */
export class SeedRefusal extends Error {}

/** Asked for a server without accounts (the first-run screen), the seed found one: nothing was added. */
export class AccountsExist extends SeedRefusal {
  constructor() {
    super("le serveur a déjà des comptes : le centre de démonstration n'a pas été chargé.");
  }
}

export type SeedOptions = {
  now?: () => Date;
  /**
   * Only into a server that has no account at all (the first-run screen): checked under the
   * account lock in the transaction that creates the demo accounts, so that of two simultaneous
   * first runs one loads the demo and the other is refused with `AccountsExist`.
   */
  isFirstRun?: boolean;
};

export type SeedOutcome = {
  /** `created`: a new demo centre; `completed`: an interrupted run finished; `unchanged`: already there. */
  readonly status: 'created' | 'completed' | 'unchanged';
  readonly centre: Centre;
  readonly files: readonly DemoFile[];
  /** Held ones first, then the one in preparation. */
  readonly ceremonies: readonly DemoCeremony[];
  /** Synced rows the run added (0 when the centre was already complete). */
  readonly rowsAdded: number;
};

type Staff = { readonly coordinator: UserRecord; readonly counsellors: readonly [UserRecord, UserRecord] };

export async function seedDemo(database: MasarDatabase, options: SeedOptions = {}): Promise<SeedOutcome> {
  const now = options.now ?? (() => new Date());
  const isFirstRun = options.isFirstRun ?? false;
  const { db } = database;
  await migrateToLatest(db);

  const existing = (await listCentres(db, 'all')).find((centre) => centre.code === demoCentre.code);
  if (existing !== undefined && isFirstRun) throw new AccountsExist();
  const { centre, deviceId, staff } =
    existing === undefined
      ? await createCentreAndAccounts(database, now, isFirstRun)
      : await findDemoSetUp(database, existing);

  // The files of the day the centre was made: a rerun regenerates exactly what the first run pushed.
  const asStaff = (user: UserRecord): DemoStaff => ({ userId: user.id, name: user.displayName });
  const { files, ceremonies } = generateDemo({
    today: todayInCasablanca(Date.parse(centre.createdAt)),
    centre: { id: centre.id, code: centre.code },
    counsellors: [asStaff(staff.counsellors[0]), asStaff(staff.counsellors[1])],
    coordinator: asStaff(staff.coordinator),
  });

  const before = await rowCount(database, centre.id);
  // Only the sync's push is used: no password is hashed or checked through this context.
  const context: ServerContext = {
    database,
    now,
    version: 'seed:demo',
    passwords: createPasswordWork(),
    newPcAllowance: defaultNewPcAllowance,
  };
  const databaseId = await getDatabaseId(db);
  const madeAt = Date.parse(centre.createdAt);
  // Each writer's outbox id comes from its salt: the counsellors 0 and 1, the coordinator 2.
  const plan = planDemo(files, ceremonies);
  const writers: Writer[] = [
    ...staff.counsellors.map((user, index) => ({
      user,
      outboxId: demoUuid(index, madeAt),
      phases: index === 0 ? plan.counsellors[0] : plan.counsellors[1],
    })),
    { user: staff.coordinator, outboxId: demoUuid(2, madeAt), phases: plan.coordinator },
  ];
  const applied = await Promise.all(writers.map((writer) => appliedSeq(context, deviceId, writer)));
  for (const [index, writer] of writers.entries())
    await expectEarlierRows(database, centre, writer, applied[index] ?? 0);
  // Phase by phase, each writer in turn: what one does needs what the other did before.
  const cursors = writers.map(() => ({ seq: 1, clock: undefined as HlcState | undefined }));
  for (let phase = 0; phase < phaseCount; phase++)
    for (const [index, writer] of writers.entries())
      await pushAs(context, databaseId, deviceId, writer, phase, applied[index] ?? 0, cursors[index] ?? { seq: 1 });
  const rowsAdded = (await rowCount(database, centre.id)) - before;
  const status = existing === undefined ? 'created' : rowsAdded > 0 ? 'completed' : 'unchanged';
  return { status, centre, files, ceremonies, rowsAdded };
}

async function createCentreAndAccounts(database: MasarDatabase, now: () => Date, isFirstRun: boolean) {
  const { db } = database;
  if (isFirstRun && (await hasAnyAccount(db))) throw new AccountsExist();
  for (const account of demoAccounts) {
    if (await isUsernameTaken(db, account.username))
      throw new SeedRefusal(
        `l'identifiant ${account.username} existe déjà sans le centre ${demoCentre.code} : rien n'a été ajouté.`,
      );
  }
  // One hash per account (each its own salt), before the transaction: argon2 takes a while.
  const hashes = await Promise.all(demoAccounts.map(() => hashPassword(demoPassword)));
  const at = now().toISOString();
  const centre: Centre = {
    id: newId(),
    ...demoCentre,
    autoLockMinutes: defaultCentreAutoLockMinutes,
    maxOfflineDays: defaultCentreMaxOfflineDays,
    createdAt: at,
  };
  const ids = demoAccounts.map(() => newId());
  const deviceId = newId();
  await inTransaction(db, async (tx) => {
    await lockAccountChanges(tx);
    if (isFirstRun && (await hasAnyAccount(tx))) throw new AccountsExist();
    if (await isCentreCodeTaken(tx, centre.code)) throw new SeedRefusal(`le centre ${centre.code} vient d'être créé.`);
    await insertCentre(tx, centre);
    await insertAuditEvent(tx, {
      at,
      type: 'centre-create',
      outcome: 'ok',
      detail: { centreId: centre.id, ...demoCentre, via: 'seed-demo' },
    });
    for (const [index, account] of demoAccounts.entries()) {
      const id = ids[index] ?? newId();
      if (await isUsernameTaken(tx, account.username))
        throw new SeedRefusal(`l'identifiant ${account.username} vient d'être créé.`);
      await insertUser(tx, {
        id,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        passwordHash: hashes[index] ?? '',
        mustChangePassword: false,
        oneTimePasswordExpiresAt: null,
        createdAt: at,
        centreIds: [centre.id],
      });
      await insertAuditEvent(tx, {
        at,
        type: 'user-create',
        outcome: 'ok',
        subjectUserId: id,
        username: account.username,
        detail: { role: account.role, centreIds: [centre.id], via: 'seed-demo' },
      });
    }
    // A PC whose secret nobody keeps: it only names the replicas the demo files come from.
    const registeredBy = ids[1] ?? '';
    await insertDevice(tx, {
      id: deviceId,
      name: demoDeviceName,
      secretHash: sha256Hex(newSecretToken()),
      centreId: centre.id,
      registeredByUserId: registeredBy,
      registeredAt: at,
      isPendingApproval: false,
    });
    await insertAuditEvent(tx, {
      at,
      type: 'device-register',
      outcome: 'ok',
      actorUserId: registeredBy,
      subjectUserId: registeredBy,
      deviceId,
      detail: { name: demoDeviceName, centreId: centre.id, via: 'seed-demo' },
    });
  });
  return { centre, deviceId, staff: await loadStaff(database, centre) };
}

/** The accounts and PC of a demo centre made earlier; refuses a centre the seed did not make. */
async function findDemoSetUp(database: MasarDatabase, centre: Centre) {
  const refuse = (why: string): never => {
    throw new SeedRefusal(
      `le centre ${centre.code} existe déjà mais ${why} : il n'a pas été fait par seed:demo, ou a été modifié depuis. Rien n'a été ajouté.`,
    );
  };
  const staff = await loadStaff(database, centre).catch((error: unknown) =>
    refuse(error instanceof Error ? error.message : String(error)),
  );
  const device = (await listDeviceSummaries(database.db)).find(
    (candidate) =>
      candidate.name === demoDeviceName &&
      candidate.centreId === centre.id &&
      candidate.registeredByUserId === staff.counsellors[0].id,
  );
  if (device === undefined) return refuse(`son PC « ${demoDeviceName} » est introuvable`);
  if (device.revokedAt !== null) return refuse(`son PC « ${demoDeviceName} » a été révoqué`);
  return { centre, deviceId: device.id, staff };
}

async function loadStaff(database: MasarDatabase, centre: Centre): Promise<Staff> {
  const load = async (account: DemoAccount): Promise<UserRecord> => {
    const user = await findUserByUsername(database.db, account.username);
    if (user?.role !== account.role || !user.centreIds.includes(centre.id))
      throw new Error(`le compte ${account.username} n'en fait pas partie`);
    if (user.disabledAt !== null) throw new Error(`le compte ${account.username} est désactivé`);
    return user;
  };
  const [first, second] = demoCounsellors;
  return { coordinator: await load(demoCoordinator), counsellors: [await load(first), await load(second)] };
}

/** Synced rows of the centre, every table (from the digests the server keeps). */
async function rowCount(database: MasarDatabase, centreId: string): Promise<number> {
  return (await listDigests(database.db, [centreId])).reduce((sum, digest) => sum + digest.count, 0);
}

type Row = { readonly entity: AnySyncedEntity; readonly values: Readonly<Record<string, unknown>> };

/** What a writer saves in one go: a new row, or some fields of a row saved before. */
type Step =
  | { readonly kind: 'row'; readonly row: Row }
  | {
      readonly kind: 'update';
      readonly entity: AnySyncedEntity;
      readonly rowId: string;
      readonly values: Record<string, unknown>;
    };

/**
 * The order the centre's work happens in, as the server's rules need it (the parcours, who may
 * decide, list, sign and hold — shared/sync/fileRules.ts, shared/auth/fieldRoles.ts):
 *
 * 0. the coordinator opens the ceremonies (in preparation);
 * 1. each counsellor registers their people (at *accueil*) with every record of their files —
 *    projects without their decision — and moves them up to *validation*;
 * 2. the coordinator records the committee's decisions;
 * 3. the counsellors move the files on, up to before *suivi* for a file whose PV is signed;
 * 4. the coordinator puts the projects on the ceremonies' lists;
 * 5. the counsellors sign the PVs, then move the files on to where they stand today;
 * 6. the coordinator marks the ceremonies held.
 */
const phaseCount = 7;

type Phases = Step[][];

const emptyPhases = (): Phases => Array.from({ length: phaseCount }, () => []);

function planDemo(
  files: readonly DemoFile[],
  ceremonies: readonly DemoCeremony[],
): { counsellors: readonly [Phases, Phases]; coordinator: Phases } {
  const counsellors: [Phases, Phases] = [emptyPhases(), emptyPhases()];
  const coordinator = emptyPhases();
  const row = (entity: AnySyncedEntity, values: Readonly<Record<string, unknown>>): Step => ({
    kind: 'row',
    row: { entity, values },
  });
  for (const { ceremony } of ceremonies)
    coordinator[0]?.push(row(ceremonySync, { ...ceremony, status: 'preparation' }));
  for (const file of files) {
    const own = file.counsellor === 1 ? counsellors[1] : counsellors[0];
    own[1]?.push(
      row(beneficiarySync, { ...file.beneficiary, stage: 'accueil' }),
      row(admissionSync, file.admission),
      row(detentionRecordSync, file.detention),
      ...(file.diagnostic === undefined ? [] : [row(diagnosticSync, file.diagnostic)]),
      ...(file.lifeProject === undefined ? [] : [row(lifeProjectSync, file.lifeProject)]),
      // An action given up later was open when the file moved on: saved open, given up at the end.
      ...file.actions.map((values) =>
        row(lifeProjectActionSync, values.status === 'abandonnee' ? { ...values, status: 'prevue' } : values),
      ),
      ...file.incomeProjects.flatMap((project) => [
        row(incomeProjectSync, { ...project, ...noDecision }),
        ...file.equipmentLines
          .filter((line) => line.projectId === project.id)
          .map((values) => row(equipmentLineSync, values)),
        ...file.fundingShares
          .filter((share) => share.projectId === project.id)
          .map((values) => row(fundingShareSync, values)),
      ]),
    );
    // The moves, each with the stage it leads to: up to validation, then up to before suivi when a
    // PV is signed (it needs the signature), then the rest.
    const isSigned = file.handoverReceipts.length > 0;
    let phase = 1;
    for (const change of file.stageChanges) {
      if (phase === 1 && stages.indexOf(change.to) > stages.indexOf('validation') && change.to !== 'cloture') phase = 3;
      if (phase === 3 && isSigned && change.to === 'suivi') phase = 5;
      own[phase]?.push(row(stageChangeSync, change), {
        kind: 'update',
        entity: beneficiarySync,
        rowId: file.beneficiary.id,
        values: { stage: change.to },
      });
    }
    for (const project of file.incomeProjects) {
      if (project.decision === '') continue;
      const values = Object.fromEntries(decisionFields.map((field) => [field, project[field]]));
      coordinator[2]?.push({ kind: 'update', entity: incomeProjectSync, rowId: project.id, values });
    }
    own[5]?.unshift(...file.handoverReceipts.map((values) => row(handoverReceiptSync, values)));
    for (const action of file.actions)
      if (action.status === 'abandonnee')
        own[5]?.push({
          kind: 'update',
          entity: lifeProjectActionSync,
          rowId: action.id,
          values: { status: action.status },
        });
  }
  for (const { ceremony, lines } of ceremonies) {
    coordinator[4]?.push(...lines.map((values) => row(ceremonyLineSync, values)));
    if (ceremony.status !== 'preparation')
      coordinator[6]?.push({
        kind: 'update',
        entity: ceremonySync,
        rowId: ceremony.id,
        values: { status: ceremony.status },
      });
  }
  return { counsellors, coordinator };
}

/** A user writing from the demo PC, with their outbox and what they save, phase by phase. */
type Writer = { readonly user: UserRecord; readonly outboxId: string; readonly phases: Phases };

/** The last seq of the writer's outbox the server applied (0 for a new outbox). */
async function appliedSeq(context: ServerContext, deviceId: string, writer: Writer): Promise<number> {
  const key = { deviceId, userId: writer.user.id, outboxId: writer.outboxId };
  return inTransaction(context.database.db, (tx) => lockOutbox(tx, key, context.now().toISOString()));
}

/** The number of ops a step makes (one per field written). */
function opCount(step: Step): number {
  return step.kind === 'row' ? Object.keys(step.row.entity.fields).length : Object.keys(step.values).length;
}

/**
 * A rerun skips the ops an earlier run had applied, by seq: that is right only if the earlier run
 * wrote the same rows. A demo made by an earlier version of this script (other people, other
 * dates) is refused before anything is written, rather than completed into a mixture: each row
 * the rerun would skip must be on the server already.
 */
async function expectEarlierRows(
  database: MasarDatabase,
  centre: Centre,
  writer: Writer,
  applied: number,
): Promise<void> {
  const idsByTable = new Map<string, string[]>();
  let lastSeq = 0;
  for (const step of writer.phases.flat()) {
    lastSeq += opCount(step);
    if (lastSeq > applied) break;
    if (step.kind !== 'row') continue;
    const ids = idsByTable.get(step.row.entity.table) ?? [];
    ids.push(String(step.row.values.id));
    idsByTable.set(step.row.entity.table, ids);
  }
  for (const [table, ids] of idsByTable) {
    for (let start = 0; start < ids.length; start += 500) {
      const part = ids.slice(start, start + 500);
      const found = await findSyncRows(database.db, table, part);
      if (found.length !== part.length)
        throw new SeedRefusal(
          `le centre ${centre.code} a été fait par une version antérieure de seed:demo, dont les données diffèrent : rien n'a été ajouté. ` +
            'Pour le refaire, supprimez le dossier de données du serveur (ou lancez seed:demo avec --data-dir vers un dossier vide).',
        );
    }
  }
}

type OpDraft = Extract<PushOp, { kind: 'set' }>;

/** One `set` per field a step writes; a new row's centre first (the server places it by it). */
function stepOps(step: Step, hlc: string): Omit<OpDraft, 'seq'>[] {
  const { entity } = step.kind === 'row' ? step.row : step;
  const values = step.kind === 'row' ? step.row.values : step.values;
  const rowId = step.kind === 'row' ? step.row.values.id : step.rowId;
  if (typeof rowId !== 'string') throw new Error(`a ${entity.table} row without an id`);
  const fields =
    step.kind === 'row'
      ? [entity.scopeField, ...Object.keys(entity.fields).filter((field) => field !== entity.scopeField)]
      : Object.keys(values);
  return fields.map((field) => {
    const value = values[field];
    if (value === undefined) throw new Error(`${entity.table}.${field} is missing on ${rowId}`);
    return { kind: 'set', table: entity.table, rowId, field, value: value as JsonValue, hlc, baseVersion: null };
  });
}

/**
 * Pushes one phase of the writer's steps as one replica (the user on the demo PC) and one outbox,
 * in batches of whole steps. The outbox id is fixed for the writer, so a rerun sends the same seqs
 * and the server skips what it already applied. An update is based on the field's version on the
 * server (what the writer would have pulled). Any rejection stops the seed: the data must all be
 * valid.
 */
async function pushAs(
  context: ServerContext,
  databaseId: string,
  deviceId: string,
  writer: Writer,
  phase: number,
  /** What an earlier run already had applied (the server would skip it; not sending it is quicker). */
  applied: number,
  cursor: { seq: number; clock?: HlcState | undefined },
): Promise<void> {
  const { user, outboxId } = writer;
  const replicaId = formatReplicaId(deviceId, user.id);
  const auth = { actor: actorOf(user), user, sessionId: 'seed-demo', deviceId };
  cursor.clock ??= initialHlcState(replicaId);
  let batch: OpDraft[] = [];

  const send = async (): Promise<void> => {
    const last = batch.at(-1);
    if (last === undefined || last.seq <= applied) {
      batch = [];
      return;
    }
    const ops = await basedOnServer(context, batch);
    const request: PushRequest = pushRequestSchema.parse({
      protocolVersion: syncProtocolVersion,
      schemaVersion: syncSchemaVersion,
      appVersion: 'seed:demo',
      databaseId,
      outboxId,
      batchId: newId(),
      fromSeq: ops[0]?.seq,
      toSeq: ops.at(-1)?.seq,
      ops,
    });
    batch = [];
    const answer = await applyPush(context, auth, request, databaseId);
    if (answer.status !== 'ok') throw new Error(`the server answered ${answer.status} to the demo push`);
    const [refused] = answer.rejections;
    if (refused !== undefined) {
      const why = refused.messageKey === undefined ? refused.reason : `${refused.reason}, ${refused.messageKey}`;
      throw new Error(`the server refused ${refused.table}.${refused.field} of ${refused.rowId} (${why})`);
    }
  };

  for (const step of writer.phases[phase] ?? []) {
    // A record saved in one go has one timestamp for all its fields (as the PCs stamp them).
    cursor.clock = tick(cursor.clock, context.now().getTime());
    const ops = stepOps(step, formatHlc(cursor.clock));
    if (batch.length + ops.length > maxOpsPerPush) await send();
    for (const op of ops) batch.push({ ...op, seq: cursor.seq++ });
  }
  await send();
}

/** The ops with the version of each field the server holds as their base (none for a new field). */
async function basedOnServer(context: ServerContext, ops: readonly OpDraft[]): Promise<OpDraft[]> {
  const idsByTable = new Map<string, Set<string>>();
  for (const op of ops) idsByTable.set(op.table, (idsByTable.get(op.table) ?? new Set()).add(op.rowId));
  const versions = new Map<string, string>();
  for (const [table, ids] of idsByTable)
    for (const stored of await findSyncRows(context.database.db, table, [...ids]))
      for (const [field, version] of Object.entries(parseState(stored.state).versions))
        versions.set(`${table}/${stored.rowId}/${field}`, version.hlc);
  return ops.map((op) => ({ ...op, baseVersion: versions.get(`${op.table}/${op.rowId}/${op.field}`) ?? null }));
}
