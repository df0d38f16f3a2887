/**
 * `npm run seed:demo` against a temporary SQLite folder, as a newcomer would run it, then the real
 * server on that database and a demo counsellor signing in and pulling through the real routes:
 * every stage has its people, the files follow the parcours rules, and a second run adds nobody.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
import { syncProtocolVersion, syncSchemaVersion, type PullCursor } from '../../shared/sync/protocol';
import { buildServer } from '../../server/src/app';
import { openDatabase } from '../../server/src/db';
import {
  closureCounts,
  demoFileCount,
  generateDemoFiles,
  openStageCounts,
  type DemoInput,
} from '../../scripts/seedDemo/generate';
import {
  demoCentre,
  demoCoordinator,
  demoCounsellors,
  demoPassword,
  type DemoAccount,
} from '../../scripts/seedDemo/seed';

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

/** What the parcours rules cannot know yet: income projects and handovers have no records so far. */
const notModelledYet = new Set(['approvedIncomeProject', 'signedHandover']);

/** Every file's records make sense by the app's own rules (forms and parcours). */
function expectCoherentFiles(pulled: Pulled, now: number): void {
  const today = todayInCasablanca(now);
  const beneficiaries = rowsOf<Beneficiary>(pulled, 'beneficiaries');
  const byFile = <T extends { beneficiaryId: string }>(table: string) => {
    const map = new Map<string, T[]>();
    for (const row of rowsOf<T>(pulled, table))
      map.set(row.beneficiaryId, [...(map.get(row.beneficiaryId) ?? []), row]);
    return map;
  };
  const detentions = byFile<DetentionRecord>('detentionRecords');
  const admissions = byFile<AdmissionRecord>('admissions');
  const diagnostics = byFile<Diagnostic>('diagnostics');
  const projects = byFile<LifeProject>('lifeProjects');
  const actions = byFile<LifeProjectAction>('lifeProjectActions');
  const changes = byFile<StageChange>('stageChanges');
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
    const facts = fileFacts({ beneficiary: file, admission, diagnostic, lifeProject, actions: fileActions });
    let stage: Stage = 'accueil';
    let at = file.createdAt;
    let closedFrom: OpenStage | null = null;
    for (const change of history) {
      check(change.from === stage && change.at > at && change.at < new Date(now).toISOString(), 'history order', file);
      const refusal = checkMove(stage, moveOf(change), facts, closedFrom);
      // Closing may come after actions were dropped; only open files must still meet every rule.
      const isExplained =
        refusal === null ||
        (refusal.kind === 'missing' &&
          (file.stage === 'cloture' || refusal.requirements.every((need) => notModelledYet.has(need))));
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

      const second = runSeed(dataDir);
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain("existe déjà : rien n'a été ajouté");
      const again = await pullAs(dataDir, demoCounsellors[1]);
      expect(new Set(rowsOf<Beneficiary>(again, 'beneficiaries').map((file) => file.id))).toEqual(
        new Set(beneficiaries.map((file) => file.id)),
      );
      for (const [table, rows] of pulled.tables) expect(again.tables.get(table)?.size, table).toBe(rows.size);
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
    const files = generateDemoFiles(input);
    expect(generateDemoFiles(input)).toEqual(files);
    // Another day moves the dates, not the people.
    const names = (list: typeof files) =>
      list
        .map((file) => `${file.beneficiary.lastNameLatin} ${file.beneficiary.firstNameLatin} ${file.beneficiary.cin}`)
        .sort();
    expect(names(generateDemoFiles({ ...input, today: '2027-01-02' }))).toEqual(names(files));
  });
});
