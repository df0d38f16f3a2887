/**
 * `npm run seed:demo` against a temporary SQLite folder, as a newcomer would run it, then the real
 * server on that database and a demo counsellor signing in and pulling through the real routes:
 * every stage has its people, every row passes its entity's field rules, the files follow the
 * parcours rules with their income projects and signed receipts, the projects' money adds up, the
 * ceremonies' totals are their receipts', and a second run adds nobody.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ceremonyDraftSchema,
  isHandedOver,
  receiptTotalCentimes,
  type Ceremony,
  type CeremonyLine,
  type HandoverReceipt,
  type ReceiptItem,
} from '../../shared/agr/ceremony';
import {
  budgetCentimes,
  committeeDecisionDraftSchema,
  decisionBlockers,
  equipmentLineDraftSchema,
  fundingShareDraftSchema,
  incomeProjectDraftSchema,
  sharesTotalCentimes,
  type EquipmentLine,
  type FundingShare,
  type IncomeProject,
} from '../../shared/agr/incomeProject';
import { callApi, type HttpFetch } from '../../shared/api/apiClient';
import {
  admissionOf,
  admissionSchema,
  beneficiaryDraftSchema,
  type AdmissionRecord,
  type Beneficiary,
} from '../../shared/beneficiary/beneficiary';
import { detentionDraftSchema, type DetentionRecord } from '../../shared/casefile/detention';
import { todayInCasablanca, yearsBetween } from '../../shared/dates/calendarDate';
import { diagnosticDraftSchema, type Diagnostic } from '../../shared/parcours/diagnostic';
import { fileFacts } from '../../shared/parcours/facts';
import {
  actionDraftSchema,
  isOverdue,
  lifeProjectDraftSchema,
  type LifeProject,
  type LifeProjectAction,
} from '../../shared/parcours/lifeProject';
import {
  checkMove,
  closureReasons,
  stages,
  type ClosureReason,
  type OpenStage,
  type Stage,
  type StageMove,
} from '../../shared/parcours/parcours';
import type { StageChange } from '../../shared/parcours/stageChange';
import { syncedEntities } from '../../shared/sync/entities';
import { syncProtocolVersion, syncSchemaVersion, type PullCursor } from '../../shared/sync/protocol';
import { summaryOf, type CeremonyEntry } from '../../renderer/db/ceremonyRepository';
import { buildServer } from '../../server/src/app';
import { openDatabase } from '../../server/src/db';
import {
  closureCounts,
  demoFileCount,
  generateDemo,
  openStageCounts,
  type DemoInput,
} from '../../server/src/demo/generate';
import {
  demoCentre,
  demoCoordinator,
  demoCounsellors,
  demoPassword,
  type DemoAccount,
} from '../../server/src/demo/seed';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runSeed(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seedDemo.ts', '--data-dir', dataDir], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

const httpFetch: HttpFetch = (url, init) =>
  fetch(url, { method: init.method, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) });

type Pulled = {
  centreCodes: string[];
  /** Table → row id → record, as the PC stores them. */
  tables: Map<string, Map<string, Record<string, unknown>>>;
  digestCounts: Map<string, number>;
};

/** Starts the server on the seeded folder, signs in as `account` on a new PC and pulls everything. */
async function pullAs(dataDir: string, account: DemoAccount): Promise<Pulled> {
  const database = await openDatabase({ dataDir });
  const server = buildServer({ database, version: '0.0.0-test' });
  try {
    const url = await server.listen({ port: 0, host: '127.0.0.1' });
    const signedIn = await callApi(
      httpFetch,
      url,
      'signIn',
      { body: { username: account.username, password: demoPassword, deviceName: 'PC du test' } },
      {},
    );
    if (!signedIn.ok) throw new Error(`sign-in of ${account.username}: ${signedIn.error.code}`);
    const credentials = { sessionToken: signedIn.value.sessionToken, deviceToken: signedIn.value.newDevice?.token };
    const cursors = new Map<string, PullCursor>();
    const tables = new Map<string, Map<string, Record<string, unknown>>>();
    for (let round = 0; round < 100; round++) {
      const pulled = await callApi(
        httpFetch,
        url,
        'syncPull',
        {
          body: {
            protocolVersion: syncProtocolVersion,
            schemaVersion: syncSchemaVersion,
            appVersion: '0.0.0-test',
            databaseId: null,
            cursors: [...cursors.values()],
          },
        },
        credentials,
      );
      if (!pulled.ok) throw new Error(`pull: ${pulled.error.code}`);
      for (const page of pulled.value.pages) {
        const rows = tables.get(page.table) ?? new Map<string, Record<string, unknown>>();
        tables.set(page.table, rows);
        for (const row of page.rows) rows.set(row.id, { ...row.record, id: row.id });
        cursors.set(`${page.scope}/${page.table}`, { scope: page.scope, table: page.table, seq: page.nextSeq });
      }
      if (!pulled.value.hasMore)
        return {
          centreCodes: pulled.value.scopes.map((scope) => scope.code),
          tables,
          digestCounts: new Map(pulled.value.digests.map((digest) => [digest.table, digest.count])),
        };
    }
    throw new Error('the pull never ended');
  } finally {
    await server.close();
    await database.close();
  }
}

function rowsOf<T>(pulled: Pulled, table: string): T[] {
  return [...(pulled.tables.get(table)?.values() ?? [])] as T[];
}

function moveOf(change: StageChange): StageMove {
  switch (change.kind) {
    case 'forward':
      return { kind: 'forward', to: change.to };
    case 'back':
    case 'reopen':
      return { kind: change.kind, to: change.to, comment: change.comment };
    case 'close':
      return { kind: 'close', reason: change.reason === '' ? null : change.reason, comment: change.comment };
  }
}

/** Table → rows, grouped by the file they belong to. */
function byFile<T extends { beneficiaryId: string }>(pulled: Pulled, table: string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rowsOf<T>(pulled, table)) map.set(row.beneficiaryId, [...(map.get(row.beneficiaryId) ?? []), row]);
  return map;
}

/** The day a file's history moved it into `stage` (going forward). */
function enteredOn(history: readonly StageChange[], stage: Stage): string | undefined {
  return history.find((change) => change.kind === 'forward' && change.to === stage)?.at.slice(0, 10);
}

const byCreation = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;

/** Every pulled row has every field of its entity, each passing the rule the server checks it with. */
function expectValidRows(pulled: Pulled): void {
  const problems: string[] = [];
  for (const entity of syncedEntities) {
    for (const row of rowsOf<Record<string, unknown>>(pulled, entity.table)) {
      for (const [field, schema] of Object.entries(entity.fields)) {
        const checked = schema.safeParse(row[field]);
        if (!checked.success) problems.push(`${entity.table}.${field} of ${String(row.id)}: ${checked.error.message}`);
      }
    }
  }
  expect(problems.slice(0, 10)).toEqual([]);
}

/**
 * The income projects and ceremonies make sense by the app's own rules: forms, money to the
 * centime, dates against the parcours history, receipts against the projects' lines, and each
 * ceremony's summary (as its page computes it) against its receipts.
 */
function expectCoherentIncomeProjects(pulled: Pulled, now: number): void {
  const today = todayInCasablanca(now);
  const beneficiaries = new Map(rowsOf<Beneficiary>(pulled, 'beneficiaries').map((file) => [file.id, file]));
  const histories = byFile<StageChange>(pulled, 'stageChanges');
  const projects = rowsOf<IncomeProject>(pulled, 'incomeProjects');
  const linesOf = byFile<EquipmentLine>(pulled, 'equipmentLines');
  const sharesOf = byFile<FundingShare>(pulled, 'fundingShares');
  const receipts = rowsOf<HandoverReceipt>(pulled, 'handoverReceipts');
  const ceremonies = rowsOf<Ceremony>(pulled, 'ceremonies');
  const ceremonyLines = rowsOf<CeremonyLine>(pulled, 'ceremonyLines');
  const problems: string[] = [];
  const check = (isFine: boolean, what: string, about: { id: string }) => {
    if (!isFine) problems.push(`${about.id}: ${what}`);
  };

  for (const project of projects) {
    const file = beneficiaries.get(project.beneficiaryId);
    const history = (histories.get(project.beneficiaryId) ?? []).sort((a, b) => (a.at < b.at ? -1 : 1));
    const lines = (linesOf.get(project.beneficiaryId) ?? []).filter((line) => line.projectId === project.id);
    const shares = (sharesOf.get(project.beneficiaryId) ?? []).filter((share) => share.projectId === project.id);
    const budget = budgetCentimes(lines);
    check(file !== undefined, 'a project of a known file', project);
    check(incomeProjectDraftSchema.safeParse(project).success, 'project form', project);
    check(lines.length >= 2 && lines.length <= 5, `${String(lines.length)} lines`, project);
    check(budget >= 1_500_000 && budget <= 7_000_000, `budget ${String(budget)}`, project);
    for (const line of lines) check(equipmentLineDraftSchema.safeParse(line).success, 'equipment line form', line);
    for (const share of shares) check(fundingShareDraftSchema.safeParse(share).success, 'funding share form', share);
    const implementation = enteredOn(history, 'miseEnOeuvre');
    check(
      implementation !== undefined && project.createdAt.slice(0, 10) > implementation,
      'made in mise en œuvre',
      project,
    );
    if (project.decision === '') continue;
    check(committeeDecisionDraftSchema(today).safeParse(project).success, 'decision form', project);
    check(/^CPDH\/\d{4}\/\d+$/.test(project.decisionReference), 'decision reference', project);
    check(project.decisionDate > project.createdAt.slice(0, 10), 'decided after it was made', project);
    if (project.decision !== 'approuve') continue;
    const decision = { decision: project.decision, amountGrantedCentimes: project.amountGrantedCentimes };
    check(decisionBlockers(decision, lines, shares).length === 0, 'approval allowed', project);
    check(
      sharesTotalCentimes(shares) === budget && project.approvedTotalCentimes === budget,
      'shares = budget',
      project,
    );
    const personal = sharesTotalCentimes(shares.filter((share) => share.funder === 'apportPersonnel'));
    check(project.amountGrantedCentimes === budget - personal, 'granted = budget − personal contribution', project);
    const handover = enteredOn(history, 'remise');
    check(handover === undefined || project.decisionDate < handover, 'approved before remise', project);
  }

  // Each ceremony's list: approved projects; a held one has a signed receipt per project.
  const projectById = new Map(projects.map((project) => [project.id, project]));
  for (const ceremony of ceremonies) {
    check(ceremonyDraftSchema.safeParse(ceremony).success, 'ceremony form', ceremony);
    check(ceremony.date < today === (ceremony.status === 'tenue'), `${ceremony.status} on ${ceremony.date}`, ceremony);
    const listed = ceremonyLines.filter((line) => line.ceremonyId === ceremony.id && line.status === 'inscrit');
    check(listed.length > 0, 'a list', ceremony);
    const entries: CeremonyEntry[] = [];
    let receiptsValue = 0;
    for (const line of listed) {
      const project = projectById.get(line.projectId);
      const beneficiary = beneficiaries.get(line.beneficiaryId);
      check(line.id === line.projectId && project?.decision === 'approuve', 'an approved project, once', line);
      if (project === undefined || beneficiary === undefined) continue;
      const history = (histories.get(beneficiary.id) ?? []).sort((a, b) => (a.at < b.at ? -1 : 1));
      const equipment = (linesOf.get(beneficiary.id) ?? [])
        .filter((item) => item.projectId === project.id)
        .sort(byCreation);
      const versions = receipts.filter((receipt) => receipt.projectId === project.id);
      const [receipt] = versions;
      const handover = enteredOn(history, 'remise');
      check(handover !== undefined && line.createdAt.slice(0, 10) >= handover, 'listed once in remise', line);
      if (ceremony.status === 'preparation') {
        check(versions.length === 0 && beneficiary.stage === 'remise', 'waiting at remise, unsigned', line);
        check(
          equipment.every((item) => item.handoverStatus === 'prevu'),
          'items planned',
          line,
        );
      } else if (receipt === undefined || versions.length !== 1) {
        check(false, `${String(versions.length)} receipts`, line);
      } else {
        const followUp = enteredOn(history, 'suivi');
        check(
          receipt.ceremonyId === ceremony.id && receipt.signedOn === ceremony.date,
          'signed at the ceremony',
          receipt,
        );
        check(handover !== undefined && handover < receipt.signedOn, 'signed after the move into remise', receipt);
        check(followUp !== undefined && receipt.signedOn < followUp, 'signed before the move into suivi', receipt);
        check(receipt.beneficiaryId === beneficiary.id && receipt.beneficiaryCin === beneficiary.cin, 'who', receipt);
        check(receipt.projectTitle === project.title && receipt.version === 1, 'what', receipt);
        const items: ReceiptItem[] = equipment.map((item) => ({
          designation: item.designation,
          quantity: item.quantity,
          unitPriceCentimes: item.unitPriceCentimes,
          serialNumber: item.serialNumber,
          handoverStatus: item.handoverStatus,
          handoverNote: item.handoverNote,
        }));
        check(JSON.stringify(receipt.items) === JSON.stringify(items), "items = the project's lines", receipt);
        check(
          items.every((item) => item.handoverStatus !== 'prevu'),
          'every item settled',
          receipt,
        );
        for (const signature of [receipt.beneficiarySignature, receipt.counsellorSignature]) {
          const png = Buffer.from(signature.slice(signature.indexOf(',') + 1), 'base64');
          check(png.subarray(1, 4).toString('latin1') === 'PNG' && png.includes('IEND'), 'a PNG signature', receipt);
        }
        receiptsValue += receiptTotalCentimes(receipt.items.filter((item) => isHandedOver(item.handoverStatus)));
      }
      // As the ceremony's page builds it (renderer/db/ceremonyRepository.ts).
      const items = receipt?.items ?? equipment;
      entries.push({
        line,
        project,
        beneficiary,
        equipment,
        receipt,
        receipts: versions,
        valueCentimes: receiptTotalCentimes(items.filter((item) => isHandedOver(item.handoverStatus))),
      });
    }
    const summary = summaryOf(entries);
    check(summary.beneficiaries === listed.length, 'one beneficiary per project', ceremony);
    if (ceremony.status === 'tenue') check(summary.totalCentimes === receiptsValue, 'total = receipts', ceremony);
  }
  // Every file at remise is on the ceremony in preparation.
  const waiting = [...beneficiaries.values()].filter((file) => file.stage === 'remise');
  const upcoming = ceremonies.filter((ceremony) => ceremony.status === 'preparation').map((ceremony) => ceremony.id);
  for (const file of waiting)
    check(
      ceremonyLines.some((line) => line.beneficiaryId === file.id && upcoming.includes(line.ceremonyId)),
      'at remise, on the next ceremony',
      file,
    );
  expect(problems.slice(0, 10)).toEqual([]);
}

/** Every file's records make sense by the app's own rules (forms and parcours). */
function expectCoherentFiles(pulled: Pulled, now: number): void {
  const today = todayInCasablanca(now);
  const beneficiaries = rowsOf<Beneficiary>(pulled, 'beneficiaries');
  const detentions = byFile<DetentionRecord>(pulled, 'detentionRecords');
  const admissions = byFile<AdmissionRecord>(pulled, 'admissions');
  const diagnostics = byFile<Diagnostic>(pulled, 'diagnostics');
  const projects = byFile<LifeProject>(pulled, 'lifeProjects');
  const actions = byFile<LifeProjectAction>(pulled, 'lifeProjectActions');
  const changes = byFile<StageChange>(pulled, 'stageChanges');
  const incomeProjects = byFile<IncomeProject>(pulled, 'incomeProjects');
  const receipts = byFile<HandoverReceipt>(pulled, 'handoverReceipts');
  const problems: string[] = [];
  const check = (isFine: boolean, what: string, file: Beneficiary) => {
    if (!isFine) problems.push(`${file.fileNumber ?? file.id}: ${what}`);
  };

  for (const file of beneficiaries) {
    const { dateOfBirth, releaseDate = '' } = file;
    const birthYear = Number(dateOfBirth.slice(0, 4));
    check(birthYear >= 1960 && birthYear <= 2004, `born ${dateOfBirth}`, file);
    check(releaseDate === '' || (releaseDate < today && yearsBetween(dateOfBirth, releaseDate) >= 18), 'release', file);
    check(releaseDate === '' || releaseDate <= file.createdAt.slice(0, 10), 'admitted before release', file);
    check(beneficiaryDraftSchema(now).safeParse({ ...file, releaseDate }).success, 'identity form', file);
    const [admission] = admissions.get(file.id) ?? [];
    check(admission !== undefined && admission.id === file.id, 'one admission record', file);
    check(admissionSchema(now, dateOfBirth).safeParse(admissionOf(file, admission)).success, 'admission form', file);

    const [detention] = detentions.get(file.id) ?? [];
    check(detention !== undefined && detention.id === file.id, 'one detention record', file);
    if (detention !== undefined) {
      check(detentionDraftSchema(now, dateOfBirth, releaseDate).safeParse(detention).success, 'detention form', file);
      check(detention.entryDate === '' || detention.entryDate < releaseDate, 'entry before release', file);
    }
    const [diagnostic] = diagnostics.get(file.id) ?? [];
    if (diagnostic) check(diagnosticDraftSchema(today).safeParse(diagnostic).success, 'diagnostic form', file);
    const [lifeProject] = projects.get(file.id) ?? [];
    if (lifeProject) check(lifeProjectDraftSchema(today).safeParse(lifeProject).success, 'life project form', file);
    const fileActions = actions.get(file.id) ?? [];
    check(fileActions.length <= 4, 'at most four actions', file);
    for (const action of fileActions) check(actionDraftSchema.safeParse(action).success, 'action form', file);

    // The history, replayed through the parcours rules, in chronological order after admission.
    const history = (changes.get(file.id) ?? []).sort((a, b) => (a.at < b.at ? -1 : 1));
    const facts = fileFacts({
      beneficiary: file,
      admission,
      diagnostic,
      lifeProject,
      actions: fileActions,
      incomeProjects: incomeProjects.get(file.id),
      handoverReceipts: receipts.get(file.id),
    });
    let stage: Stage = 'accueil';
    let at = file.createdAt;
    let closedFrom: OpenStage | null = null;
    for (const change of history) {
      check(change.from === stage && change.at > at && change.at < new Date(now).toISOString(), 'history order', file);
      const refusal = checkMove(stage, moveOf(change), facts, closedFrom);
      // Closing may come after actions were dropped: a closed file's earlier moves may have had a live
      // action then. Every other rule holds on every file.
      const isExplained =
        refusal === null ||
        (refusal.kind === 'missing' &&
          file.stage === 'cloture' &&
          refusal.requirements.every((need) => need === 'lifeProjectAction'));
      check(isExplained, `move ${change.from} → ${change.to}: ${JSON.stringify(refusal)}`, file);
      if (change.kind === 'close') closedFrom = stage as OpenStage;
      stage = change.to;
      at = change.at;
    }
    check(stage === file.stage, `history ends at ${stage}, file at ${String(file.stage)}`, file);
    check(file.updatedAt >= at, 'updatedAt', file);
  }
  expect(problems.slice(0, 10)).toEqual([]);
}

describe('npm run seed:demo', () => {
  it('fills a fresh database with a demo centre that a counsellor pulls, and adds nobody when run again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'masar-seed-demo-'));
    try {
      const first = runSeed(dataDir);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain(`${demoCentre.code} (${demoCentre.nameFr}) créé`);
      expect(first.stdout).toContain(join(dataDir, 'masar.sqlite'));
      for (const account of [demoCoordinator, ...demoCounsellors]) expect(first.stdout).toContain(account.username);
      expect(first.stdout).toContain(demoPassword);

      const pulled = await pullAs(dataDir, demoCounsellors[0]);
      expect(pulled.centreCodes).toEqual([demoCentre.code]);
      const beneficiaries = rowsOf<Beneficiary>(pulled, 'beneficiaries');
      expect(beneficiaries).toHaveLength(demoFileCount);
      const perStage = Object.fromEntries(
        stages.map((stage) => [stage, beneficiaries.filter((file) => file.stage === stage).length]),
      );
      const closed = Object.values(closureCounts).reduce((sum, count) => sum + count, 0);
      expect(perStage).toEqual({ ...openStageCounts, cloture: closed });
      expect(Object.values(perStage).every((count) => count > 0)).toBe(true);
      const closures = rowsOf<StageChange>(pulled, 'stageChanges').filter((change) => change.kind === 'close');
      expect(
        Object.fromEntries(
          closureReasons.map((reason: ClosureReason) => [
            reason,
            closures.filter((change) => change.reason === reason).length,
          ]),
        ),
      ).toEqual(closureCounts);
      // A counsellor receives the restricted detention records of the centre's people.
      expect(rowsOf(pulled, 'detentionRecords')).toHaveLength(demoFileCount);
      expect(rowsOf(pulled, 'admissions')).toHaveLength(demoFileCount);
      for (const [table, rows] of pulled.tables) expect(pulled.digestCounts.get(table), table).toBe(rows.size);
      expect(new Set(beneficiaries.map((file) => file.fileNumber)).size).toBe(demoFileCount);
      expect(beneficiaries.filter((file) => file.lastNameArabic !== '').length).toBeGreaterThan(demoFileCount / 2);
      const now = Date.now();
      const overdue = rowsOf<LifeProjectAction>(pulled, 'lifeProjectActions').filter((action) =>
        isOverdue(action, todayInCasablanca(now)),
      );
      expect(overdue.length).toBeGreaterThan(0);
      expectCoherentFiles(pulled, now);
      expectValidRows(pulled);
      expectCoherentIncomeProjects(pulled, now);
      const statuses = rowsOf<EquipmentLine>(pulled, 'equipmentLines').map((line) => line.handoverStatus);
      for (const status of ['prevu', 'remis', 'remplace', 'manquant'] as const) expect(statuses).toContain(status);
      const decisions = rowsOf<IncomeProject>(pulled, 'incomeProjects').map((project) => project.decision);
      for (const decision of ['', 'approuve', 'ajourne'] as const) expect(decisions).toContain(decision);
      expect(
        rowsOf<Ceremony>(pulled, 'ceremonies')
          .map((ceremony) => ceremony.status)
          .sort(),
      ).toEqual(['preparation', 'tenue', 'tenue']);

      const second = runSeed(dataDir);
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain("existe déjà : rien n'a été ajouté");
      const again = await pullAs(dataDir, demoCounsellors[1]);
      expect(new Set(rowsOf<Beneficiary>(again, 'beneficiaries').map((file) => file.id))).toEqual(
        new Set(beneficiaries.map((file) => file.id)),
      );
      for (const [table, rows] of pulled.tables) expect(again.tables.get(table)?.size, table).toBe(rows.size);

      // A demo whose stored rows are not the ones this version makes (an earlier version's) is
      // refused rather than completed into a mixture.
      const [removed] = rowsOf<StageChange>(pulled, 'stageChanges');
      const database = await openDatabase({ dataDir });
      try {
        await database.db
          .deleteFrom('sync_rows')
          .where('table_name', '=', 'stageChanges')
          .where('row_id', '=', removed?.id ?? '')
          .execute();
      } finally {
        await database.close();
      }
      const third = runSeed(dataDir);
      expect(third.status).toBe(1);
      expect(third.stderr).toContain('version antérieure de seed:demo');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('makes the same people for the same day, centre and staff', () => {
    const input: DemoInput = {
      today: '2026-03-15',
      centre: { id: '01950000-0000-7000-8000-000000000001', code: demoCentre.code },
      counsellors: [
        { userId: '01950000-0000-7000-8000-000000000002', name: 'Youssef Bennani' },
        { userId: '01950000-0000-7000-8000-000000000003', name: 'Salma Lahlou' },
      ],
      coordinator: { userId: '01950000-0000-7000-8000-000000000004', name: 'Naïma Berrada' },
    };
    const demo = generateDemo(input);
    expect(generateDemo(input)).toEqual(demo);
    // Another day moves the dates, not the people nor their projects.
    const names = ({ files }: typeof demo) =>
      files
        .map(
          (file) =>
            `${file.beneficiary.lastNameLatin} ${file.beneficiary.firstNameLatin} ${file.beneficiary.cin} ` +
            file.equipmentLines.map((line) => `${line.designation} ${String(line.unitPriceCentimes)}`).join(', '),
        )
        .sort();
    const later = generateDemo({ ...input, today: '2027-01-02' });
    expect(names(later)).toEqual(names(demo));
    expect(later.ceremonies.map(({ lines }) => lines.length)).toEqual(demo.ceremonies.map(({ lines }) => lines.length));
  });
});
