import { currentReceipts, type HandoverReceipt } from '../agr/ceremony';
import {
  budgetCentimes,
  decisionBlockers,
  decisionFields,
  isApproved,
  type EquipmentLine,
  type FundingShare,
  type IncomeProject,
} from '../agr/incomeProject';
import { isStepOpen, type ProjectStep } from '../agr/projectSteps';
import type { AdmissionRecord, Beneficiary } from '../beneficiary/beneficiary';
import type { Diagnostic } from '../parcours/diagnostic';
import { fileFacts } from '../parcours/facts';
import type { LifeProject, LifeProjectAction } from '../parcours/lifeProject';
import { checkMove, currentStage, isStage, type Stage, type StageMove } from '../parcours/parcours';
import { closedFromOf, type StageChange } from '../parcours/stageChange';
import { syncedEntity } from './entities';
import type { JsonRecord, JsonValue } from './merge';

/**
 * The rules across records of one file (a person and everything recorded about them), applied by
 * the server to every push on the rows as merged (docs/sync-protocol.md, "Rules across records").
 * Pure: the server gives each file's rows before and after the push, and what the push wrote; this
 * says which writes break which rule, and which other rows the rule read.
 *
 * The server then decides, per violation: if the writer had seen every row the rule read as it is
 * now (its pull cursors), the break is the writer's own — the ops are refused (`rule`, with the
 * message key); otherwise it appeared because a colleague's change was merged in between — the
 * write is kept for review (`onReview`: its fields put back for a person to decide, or the write
 * accepted when undoing it would lose a fact, such as a signature given).
 *
 * A rule only looks at what the push wrote: a project approved last month is not re-judged because
 * a line was added today (the screens point that out). Each rule checks a write once the records it
 * needs can be on the server: a PC sends a record before the move or signature that needed it, so
 * a rule never waits for ops still to come.
 */

/** A file's rows by table, then id (deleted rows left out). */
export type FileRows = ReadonlyMap<string, ReadonlyMap<string, JsonRecord>>;

export type RowRef = { readonly table: string; readonly rowId: string };

export type Violation = {
  readonly rule: RuleName;
  /** `errors.rule.*`: what the writer reads in the sync receipt. */
  readonly messageKey: string;
  /** The row and the fields this push wrote that break the rule. */
  readonly at: RowRef & { readonly fields: readonly string[] };
  /** The rows the rule read (not counting `at`): seen by the writer, or not. */
  readonly reads: readonly RowRef[];
  /** When the writer had not seen them: put the fields back for review, or accept the write. */
  readonly onReview: 'revert' | 'accept';
};

export type RuleName =
  | 'decisionCovered'
  | 'decisionStage'
  | 'moveAllowed'
  | 'stageFollowsMove'
  | 'signedProjectLocked'
  | 'ceremonyListing'
  | 'receiptSigned';

export type FileRuleInput = {
  readonly before: FileRows;
  readonly after: FileRows;
  /** `table/rowId` → the fields the push wrote (`$deleted` for a delete or undelete). */
  readonly written: ReadonlyMap<string, ReadonlySet<string>>;
  /** The ceremonies the file's lines and receipts name, as after the push. */
  readonly ceremonies: ReadonlyMap<string, JsonRecord>;
  /** The writer's user id (whose moves the stage follows). */
  readonly writerId: string;
};

/** What a PV snapshot holds of each equipment line, in the line's order. */
const receiptItemFields = [
  'designation',
  'quantity',
  'unitPriceCentimes',
  'serialNumber',
  'handoverStatus',
  'handoverNote',
] as const;

export function fileViolations(input: FileRuleInput): Violation[] {
  const file = viewOf(input.after);
  const before = viewOf(input.before);
  const writtenOf = (table: string, rowId: string) => input.written.get(`${table}/${rowId}`) ?? new Set<string>();
  const violations: Violation[] = [];
  const allRows = (except: RowRef): RowRef[] =>
    [...input.after].flatMap(([table, rows]) =>
      [...rows.keys()]
        .filter((rowId) => table !== except.table || rowId !== except.rowId)
        .map((rowId) => ({ table, rowId })),
    );

  // Stages the file stood at during this push: before it, and at each end of a move it brought.
  const newMoves = file.history.filter((change) => writtenOf('stageChanges', change.id).size > 0);
  const stagesDuring = new Set<Stage>([
    ...(before.beneficiary ? [currentStage(before.beneficiary)] : []),
    ...(file.beneficiary ? [currentStage(file.beneficiary)] : []),
    ...newMoves.flatMap((change) => [change.from, change.to]),
  ]);
  const wasOpenFor = (step: ProjectStep) => [...stagesDuring].some((stage) => isStep(step, stage));

  for (const project of file.projects) {
    const written = writtenOf('incomeProjects', project.id);
    const decided = decisionFields.filter((field) => written.has(field));
    const lines = file.lines.filter((line) => line.projectId === project.id);
    const shares = file.shares.filter((share) => share.projectId === project.id);
    // Signed before this push: what the push writes of the project is judged by the lock below.
    const signedBefore = currentReceipts(before.receipts.filter((receipt) => receipt.projectId === project.id))[0];
    if (decided.length > 0 && signedBefore === undefined) {
      const at = { table: 'incomeProjects', rowId: project.id, fields: decided };
      const reads = [...lines.map(ref('equipmentLines')), ...shares.map(ref('fundingShares'))];
      if (project.decision === 'approuve') {
        const [blocker] = decisionBlockers({ ...project, decision: 'approuve' }, lines, shares);
        const messageKey =
          blocker !== undefined
            ? `errors.rule.${blocker}`
            : project.approvedTotalCentimes !== budgetCentimes(lines)
              ? 'errors.rule.approvedTotalMismatch'
              : undefined;
        if (messageKey !== undefined)
          violations.push({ rule: 'decisionCovered', messageKey, at, reads, onReview: 'revert' });
      }
      if (project.decision !== '' && file.beneficiary && !wasOpenFor('decision'))
        violations.push({
          rule: 'decisionStage',
          messageKey: 'errors.rule.decisionStage',
          at,
          reads: [{ table: 'beneficiaries', rowId: file.beneficiary.id }],
          onReview: 'revert',
        });
    }
    // A signed project: its lines say what its PV in force says (a correction brings a new PV
    // and the lines to match); nothing else of it changes after the signature.
    if (signedBefore !== undefined) {
      const signedRef = { table: 'handoverReceipts', rowId: signedBefore.id };
      const lockedWrites = [...written].filter((field) => field !== 'updatedAt');
      if (lockedWrites.length > 0)
        violations.push({
          rule: 'signedProjectLocked',
          messageKey: 'errors.rule.signedProjectLocked',
          at: { table: 'incomeProjects', rowId: project.id, fields: lockedWrites },
          reads: [signedRef],
          onReview: 'revert',
        });
      for (const share of shares) {
        const changed = [...writtenOf('fundingShares', share.id)].filter((field) => field !== 'updatedAt');
        if (changed.length > 0)
          violations.push({
            rule: 'signedProjectLocked',
            messageKey: 'errors.rule.signedProjectLocked',
            at: { table: 'fundingShares', rowId: share.id, fields: changed },
            reads: [signedRef],
            onReview: 'revert',
          });
      }
      // Lines or shares removed after the signature.
      for (const table of ['equipmentLines', 'fundingShares'] as const) {
        for (const [rowId, record] of input.before.get(table) ?? new Map<string, JsonRecord>()) {
          if (
            record.projectId === project.id &&
            writtenOf(table, rowId).has('$deleted') &&
            !input.after.get(table)?.has(rowId)
          )
            violations.push({
              rule: 'signedProjectLocked',
              messageKey: 'errors.rule.signedProjectLocked',
              at: { table, rowId, fields: ['$deleted'] },
              reads: [signedRef],
              onReview: 'revert',
            });
        }
      }
    }
    const current = currentReceipts(file.receipts.filter((receipt) => receipt.projectId === project.id))[0];
    if (current === undefined) continue;
    const receiptRef = { table: 'handoverReceipts', rowId: current.id };
    // What a PV describes of a line must be what the line says: a correction writes its new PV,
    // then the lines to match. Signed before this push, nothing else of a line changes, and no
    // line is added; signed in this push, the lines written before the signature were its source.
    const knownLines = new Set((input.before.get('equipmentLines') ?? new Map<string, JsonRecord>()).keys());
    lines.forEach((line, index) => {
      const item = current.items[index] as Readonly<Record<string, JsonValue>> | undefined;
      const isNewLine = !knownLines.has(line.id);
      const changed = [...writtenOf('equipmentLines', line.id)].filter((field) => {
        if (field === 'updatedAt') return false;
        if (isReceiptItemField(field))
          return item === undefined || item[field] !== (line as Record<string, unknown>)[field];
        return signedBefore !== undefined;
      });
      const isAddedAfterSigning = signedBefore !== undefined && isNewLine;
      if (changed.length > 0 || isAddedAfterSigning)
        violations.push({
          rule: 'signedProjectLocked',
          messageKey: 'errors.rule.signedProjectLocked',
          at: { table: 'equipmentLines', rowId: line.id, fields: [...writtenOf('equipmentLines', line.id)] },
          reads: [receiptRef],
          onReview: 'revert',
        });
    });
  }

  // Moves: each new one allowed by the parcours with the file as it now is; the stage follows the
  // writer's latest move.
  for (const change of newMoves) {
    if (!isCompleteMove(change)) continue;
    const refusal = moveRefusal(change, file, input.after);
    if (refusal !== null)
      violations.push({
        rule: 'moveAllowed',
        messageKey: refusal,
        at: { table: 'stageChanges', rowId: change.id, fields: [...writtenOf('stageChanges', change.id)] },
        reads: allRows({ table: 'stageChanges', rowId: change.id }),
        // The move was made, with the person: its record stays; the stage is what is reviewed.
        onReview: 'accept',
      });
  }
  if (file.beneficiary && writtenOf('beneficiaries', file.beneficiary.id).has('stage')) {
    const stage = currentStage(file.beneficiary);
    const previous = before.beneficiary ? currentStage(before.beneficiary) : 'accueil';
    if (stage !== previous) {
      const latest = file.history.filter((change) => change.byUserId === input.writerId).at(-1);
      const refusal =
        latest === undefined || latest.to !== stage
          ? 'errors.rule.stageWithoutMove'
          : moveRefusal(latest, file, input.after);
      if (refusal !== null)
        violations.push({
          rule: 'stageFollowsMove',
          messageKey: refusal,
          at: { table: 'beneficiaries', rowId: file.beneficiary.id, fields: ['stage'] },
          reads: allRows({ table: 'beneficiaries', rowId: file.beneficiary.id }),
          onReview: 'revert',
        });
    }
  }

  // Ceremony lists: approved projects of files at *mise en œuvre* or *remise*, of ceremonies in
  // preparation; a signed project stays on its list.
  for (const line of file.ceremonyLines) {
    const written = [...writtenOf('ceremonyLines', line.id)].filter((field) => field !== 'updatedAt');
    if (written.length === 0) continue;
    const at = { table: 'ceremonyLines', rowId: line.id, fields: written };
    const ceremony = input.ceremonies.get(line.ceremonyId);
    const beforeLine = before.ceremonyLines.find((known) => known.id === line.id);
    const heldCeremonies = [ceremony, beforeLine && input.ceremonies.get(beforeLine.ceremonyId)].filter(
      (held) => held?.status === 'tenue',
    );
    const project = file.projects.find((known) => known.id === line.projectId);
    const signed = file.receipts.some((receipt) => receipt.projectId === line.projectId);
    const ceremonyRef = { table: 'ceremonies', rowId: line.ceremonyId };
    const messageKey =
      heldCeremonies.length > 0
        ? 'errors.rule.ceremonyHeld'
        : line.status === 'retire'
          ? signed
            ? 'errors.rule.signedStaysListed'
            : undefined
          : project === undefined || !isApproved(project)
            ? 'errors.rule.listNotApproved'
            : !wasOpenFor('ceremonyList')
              ? 'errors.rule.listStage'
              : undefined;
    if (messageKey !== undefined)
      violations.push({
        rule: 'ceremonyListing',
        messageKey,
        at,
        reads: [...allRows({ table: 'ceremonyLines', rowId: line.id }), ceremonyRef],
        onReview: 'revert',
      });
  }

  // Signatures: of a listed, approved project, with every item handed over, missing or replaced;
  // the first at *mise en œuvre* or *remise*. Checked once the receipt has all its fields.
  for (const receipt of file.receipts) {
    const written = writtenOf('handoverReceipts', receipt.id);
    if (written.size === 0 || !isCompleteReceipt(receipt)) continue;
    const project = file.projects.find((known) => known.id === receipt.projectId);
    const line = file.ceremonyLines.find((known) => known.id === receipt.projectId);
    const itemsRefusal =
      receipt.items.length === 0
        ? 'noItems'
        : receipt.items.some((item) => item.handoverStatus === 'prevu')
          ? 'itemPlanned'
          : null;
    const messageKey =
      project === undefined || !isApproved(project)
        ? 'errors.rule.receiptNotApproved'
        : line === undefined || line.status !== 'inscrit' || line.ceremonyId !== receipt.ceremonyId
          ? 'errors.rule.receiptNotListed'
          : itemsRefusal === 'itemPlanned' || itemsRefusal === 'noItems'
            ? `errors.rule.${itemsRefusal}`
            : receipt.version === 1 && !wasOpenFor('handover')
              ? 'errors.rule.receiptStage'
              : undefined;
    if (messageKey !== undefined)
      violations.push({
        rule: 'receiptSigned',
        messageKey,
        at: { table: 'handoverReceipts', rowId: receipt.id, fields: [...written] },
        reads: allRows({ table: 'handoverReceipts', rowId: receipt.id }),
        // A signature given with the person present is a fact: never undone by a merge.
        onReview: 'accept',
      });
  }
  return violations;
}

const ref =
  (table: string) =>
  (row: { id: string }): RowRef => ({ table, rowId: row.id });

function isStep(step: ProjectStep, stage: Stage): boolean {
  return isStepOpen(step, stage);
}

function isReceiptItemField(field: string): field is (typeof receiptItemFields)[number] {
  return (receiptItemFields as readonly string[]).includes(field);
}

/** Every field of a move is there (its ops may come over two pushes). */
function isCompleteMove(change: StageChange): boolean {
  return isStage(change.from) && isStage(change.to) && typeof change.kind === 'string';
}

function isCompleteReceipt(receipt: HandoverReceipt): boolean {
  return Array.isArray(receipt.items) && typeof receipt.version === 'number' && typeof receipt.projectId === 'string';
}

/** Why the parcours refuses this recorded move with the file as it is, or null. */
function moveRefusal(change: StageChange, file: FileView, after: FileRows): string | null {
  const move: StageMove =
    change.kind === 'close'
      ? { kind: 'close', reason: change.reason === '' ? null : change.reason, comment: change.comment }
      : change.kind === 'forward'
        ? { kind: 'forward', to: change.to }
        : { kind: change.kind, to: change.to, comment: change.comment };
  const earlier = file.history.filter((other) => other.id !== change.id && isEarlier(other, change));
  const refusal = checkMove(change.from, move, factsOf(file, after), closedFromOf(earlier));
  if (refusal === null) return null;
  switch (refusal.kind) {
    case 'missing':
      return `errors.rule.moveMissing.${refusal.requirements[0] ?? 'identity'}`;
    case 'notAllowed':
      return 'errors.rule.moveNotAllowed';
    case 'commentRequired':
      return 'errors.rule.moveComment';
    case 'closureReasonRequired':
      return 'errors.rule.moveReason';
  }
}

const isEarlier = (a: StageChange, b: StageChange) => (a.at === b.at ? a.id < b.id : a.at < b.at);

type FileView = {
  readonly beneficiary: Beneficiary | undefined;
  readonly history: readonly StageChange[];
  readonly historyIds: ReadonlySet<string>;
  readonly projects: readonly IncomeProject[];
  readonly lines: readonly EquipmentLine[];
  readonly shares: readonly FundingShare[];
  readonly receipts: readonly HandoverReceipt[];
  readonly ceremonyLines: readonly { id: string; projectId: string; ceremonyId: string; status: string }[];
};

/**
 * The file's rows as the domain's types. A row pushed by a modified client may lack fields: each
 * missing field reads as '' (what the forms start from), so a rule never throws on it.
 */
function rowsOf<T>(rows: FileRows, table: string): T[] {
  const entity = syncedEntity(table);
  const defaults = Object.fromEntries(Object.keys(entity?.fields ?? {}).map((field) => [field, '']));
  return [...(rows.get(table) ?? new Map<string, JsonRecord>())].map(
    ([id, record]) => ({ ...defaults, ...record, id }) as T,
  );
}

const byCreation = <T extends { createdAt?: string; id: string }>(a: T, b: T) =>
  (a.createdAt ?? '') === (b.createdAt ?? '')
    ? a.id < b.id
      ? -1
      : 1
    : (a.createdAt ?? '') < (b.createdAt ?? '')
      ? -1
      : 1;

function viewOf(rows: FileRows): FileView {
  const history = rowsOf<StageChange>(rows, 'stageChanges').sort((a, b) => (isEarlier(a, b) ? -1 : 1));
  return {
    beneficiary: rowsOf<Beneficiary>(rows, 'beneficiaries')[0],
    history,
    historyIds: new Set(history.map((change) => change.id)),
    projects: rowsOf<IncomeProject>(rows, 'incomeProjects'),
    lines: rowsOf<EquipmentLine>(rows, 'equipmentLines').sort(byCreation),
    shares: rowsOf<FundingShare>(rows, 'fundingShares'),
    receipts: rowsOf<HandoverReceipt>(rows, 'handoverReceipts').filter((receipt) => Array.isArray(receipt.items)),
    ceremonyLines: rowsOf(rows, 'ceremonyLines'),
  };
}

function factsOf(file: FileView, rows: FileRows) {
  return fileFacts({
    // A file pushed without its person (a modified client) has no facts: every requirement fails.
    beneficiary:
      file.beneficiary ??
      rowsOf<Beneficiary>(new Map([['beneficiaries', new Map([['', {}]])]]), 'beneficiaries')[0] ??
      ({} as Beneficiary),
    admission: rowsOf<AdmissionRecord>(rows, 'admissions')[0],
    diagnostic: rowsOf<Diagnostic>(rows, 'diagnostics')[0],
    lifeProject: rowsOf<LifeProject>(rows, 'lifeProjects')[0],
    actions: rowsOf<LifeProjectAction>(rows, 'lifeProjectActions'),
    incomeProjects: file.projects,
    handoverReceipts: file.receipts,
  });
}
