/**
 * `npm run seed:demo`: fills the local central server's database with a demo centre — CAPC
 * Casablanca (démo), 400 people at every stage of the parcours, their income-generating projects
 * and the centre's handover ceremonies, its coordinator and two counsellors with known passwords —
 * so a newcomer opens a living app. See server/src/demo/.
 *
 * The database is the server's (`npm start`, `npm run server`): SQLite in `MASAR_DATA_DIR`
 * (`.masar-data/server` by default), or PostgreSQL when `DATABASE_URL` is set; `--data-dir <dir>`
 * picks a SQLite folder instead. Running it again adds nobody. It prints a short summary and exits
 * 0, or one `masar seed:demo:` line and exits 1.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isHandedOver, receiptTotalCentimes } from '../shared/agr/ceremony';
import { formatCalendarDate, todayInCasablanca } from '../shared/dates/calendarDate';
import { formatMoney, sumCentimes } from '../shared/money/money';
import { isOverdue } from '../shared/parcours/lifeProject';
import { closureReasons, stages, type ClosureReason, type Stage } from '../shared/parcours/parcours';
import { casefileFr } from '../renderer/i18n/casefile.fr';
import { parseConfig } from '../server/src/config';
import { describePostgresUrl, openDatabase, sqliteFileName, type MasarDatabase } from '../server/src/db';
import {
  demoAccounts,
  demoCentre,
  demoPassword,
  demoCounsellors,
  seedDemo,
  SeedRefusal,
} from '../server/src/demo/seed';
import type { SeedOutcome } from '../server/src/demo/seed';

const usage = 'usage: npm run seed:demo [-- --data-dir <folder of masar.sqlite>]';

// The app's own French names of the stages and closure reasons (renderer/i18n/casefile.fr.ts).
const stageLabels: Record<Stage, string> = casefileFr.stage;
const reasonLabels: Record<ClosureReason, string> = casefileFr.closureReason;

/** The projects by decision, and each ceremony with its figures (as the communiqués give them). */
function incomeProjectLines(outcome: SeedOutcome): string[] {
  const { files, ceremonies } = outcome;
  const projects = files.flatMap((file) => file.incomeProjects);
  const decided = (decision: string) => projects.filter((project) => project.decision === decision).length;
  const receipts = files.flatMap((file) => file.handoverReceipts);
  const money = (centimes: number) => formatMoney(centimes, 'fr').replace(/\s/gu, ' ');
  return [
    `Projets générateurs de revenus : ${String(projects.length)} (${String(decided('approuve'))} approuvés, ` +
      `${String(decided('ajourne'))} ajourné${decided('ajourne') > 1 ? 's' : ''}, ${String(decided(''))} sans décision encore), ` +
      `${String(files.reduce((sum, file) => sum + file.equipmentLines.length, 0))} lignes d'équipement.`,
    'Cérémonies de remise :',
    ...ceremonies.map(({ ceremony, lines }) => {
      const day = formatCalendarDate(ceremony.date, 'fr-MA');
      if (ceremony.status === 'preparation')
        return `  ${day}, ${ceremony.place} : en préparation, ${String(lines.length)} projets inscrits.`;
      const signed = receipts.filter((receipt) => receipt.ceremonyId === ceremony.id);
      const total = sumCentimes(
        signed.map((receipt) =>
          receiptTotalCentimes(receipt.items.filter((item) => isHandedOver(item.handoverStatus))),
        ),
      );
      return `  ${day}, ${ceremony.place} : tenue, ${String(signed.length)} PV signés, ${money(total)} remis.`;
    }),
  ];
}

function summary(outcome: SeedOutcome, where: string, today: string): string[] {
  const { files, centre } = outcome;
  const headline = {
    created: `Centre de démonstration ${centre.code} (${centre.nameFr}) créé : ${String(outcome.rowsAdded)} lignes écrites par la synchronisation.`,
    completed: `Le centre ${centre.code} existait mais était incomplet : ${String(outcome.rowsAdded)} lignes ajoutées, personne en double.`,
    unchanged: `Le centre de démonstration ${centre.code} existe déjà : rien n'a été ajouté.`,
  }[outcome.status];
  const byStage = (stage: Stage) => files.filter((file) => file.beneficiary.stage === stage);
  const closures = closureReasons
    .map((reason: ClosureReason) => {
      const count = files.filter((file) => file.stageChanges.some((change) => change.reason === reason)).length;
      return `${reasonLabels[reason]} ${String(count)}`;
    })
    .join(', ');
  const width = Math.max(...stages.map((stage) => stageLabels[stage].length));
  const count = (pick: (file: (typeof files)[number]) => number) => files.reduce((sum, file) => sum + pick(file), 0);
  const actions = files.flatMap((file) => file.actions);
  const followed = (index: number) => files.filter((file) => file.counsellor === index).length;
  const accountWidth = Math.max(...demoAccounts.map((account) => account.username.length));
  return [
    headline,
    `Base de données : ${where}`,
    `${String(files.length)} bénéficiaires, par étape :`,
    ...stages.map((stage) => {
      const line = `  ${stageLabels[stage].padEnd(width)}  ${String(byStage(stage).length).padStart(3)}`;
      return stage === 'cloture' ? `${line}  (${closures})` : line;
    }),
    `Avec eux : ${String(count(() => 1))} dossiers de détention, ${String(count((file) => file.stageChanges.length))} changements d'étape, ` +
      `${String(count((file) => (file.diagnostic ? 1 : 0)))} diagnostics, ${String(count((file) => (file.lifeProject ? 1 : 0)))} projets de vie, ` +
      `${String(actions.length)} actions (${String(actions.filter((action) => isOverdue(action, today)).length)} en retard).`,
    ...incomeProjectLines(outcome),
    `Comptes de démonstration (mot de passe : ${demoPassword}) :`,
    ...demoAccounts.map((account) => {
      const index = demoCounsellors.indexOf(account);
      const files = index < 0 ? '' : `, ${String(followed(index))} dossiers suivis`;
      return `  ${account.username.padEnd(accountWidth)}  ${account.displayName}, ${account.title}${files}`;
    }),
    "Lancez Masar (npm start, ou npm run start:web) et connectez-vous avec l'un de ces comptes.",
  ];
}

async function main(): Promise<number> {
  let dataDir: string | undefined;
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help === true) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    dataDir = values['data-dir'];
  } catch (error) {
    process.stderr.write(`masar seed:demo: ${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 1;
  }
  // `--data-dir` means SQLite in that folder, whatever the environment says.
  const env = dataDir === undefined ? process.env : { ...process.env, MASAR_DATA_DIR: dataDir, DATABASE_URL: '' };
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    process.stderr.write(`masar seed:demo: ${parsed.error}\n`);
    return 1;
  }
  const config = parsed.value;
  const where =
    config.databaseUrl === undefined
      ? `SQLite, ${join(config.dataDir, sqliteFileName)}`
      : `PostgreSQL, ${describePostgresUrl(config.databaseUrl)}`;

  let database: MasarDatabase | undefined;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const outcome = await seedDemo(database);
    process.stdout.write(`${summary(outcome, where, todayInCasablanca(Date.now())).join('\n')}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      error instanceof SeedRefusal
        ? `masar seed:demo: ${message}\n`
        : `masar seed:demo: ${message} (base : ${where}; centre ${demoCentre.code})\n`,
    );
    return 1;
  } finally {
    await database?.close().catch(() => undefined);
  }
}

process.exitCode = await main();
