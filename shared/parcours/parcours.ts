/**
 * The *parcours* of a beneficiary (docs/glossary.md): the stages a file goes through, which moves
 * between them are allowed, and what must be filled before each move. Pure rules, shared by the
 * screens (to say what is missing before the counsellor presses the button) and by the server
 * (which will refuse a pushed stage change that skips them).
 *
 * Moves: one stage forward, or one stage back with a comment (a project sent back by the
 * validation committee, a handover postponed); closing from any open stage with a reason;
 * reopening a closed file, with a comment, at the stage it was closed from. *Remise* exists only
 * for income-generating projects: other orientations (salaried job, complementary training) go
 * from *mise en œuvre* straight to *suivi*.
 */

export const stages = [
  'accueil',
  'diagnostic',
  'projetDeVie',
  'validation',
  'miseEnOeuvre',
  'remise',
  'suivi',
  'cloture',
] as const;
export type Stage = (typeof stages)[number];
export type OpenStage = Exclude<Stage, 'cloture'>;

export const closureReasons = ['reinsertionReussie', 'abandon', 'transfert', 'reincarceration', 'deces'] as const;
export type ClosureReason = (typeof closureReasons)[number];

/** The orientation the diagnostic recommends (*diagnostic et qualification*). */
export const orientations = ['agr', 'emploiSalarie', 'formationComplementaire'] as const;
export type Orientation = (typeof orientations)[number];

/**
 * What the rules need to know of a file, gathered by the caller from the beneficiary and its
 * linked records. Booleans, so that the rules do not depend on how each record is stored.
 */
export type FileFacts = {
  /** At least one full name (Latin or Arabic), sex and date of birth. */
  readonly hasIdentity: boolean;
  /** Consent to the processing of personal data recorded (date, purpose, by whom). */
  readonly hasConsent: boolean;
  /** The release date is known. */
  readonly hasReleaseDate: boolean;
  /** The diagnostic form is complete, with its orientation (null until then). */
  readonly diagnosticOrientation: Orientation | null;
  /** The life project has at least one objective and one action with a deadline and who does it. */
  readonly hasLifeProjectWithAction: boolean;
  /** The life project was validated (date and by whom recorded). */
  readonly isLifeProjectValidated: boolean;
  /** For an AGR: a project with a favourable committee decision. */
  readonly hasApprovedIncomeProject: boolean;
  /** For an AGR: the handover report (procès-verbal de remise) is signed. */
  readonly hasSignedHandover: boolean;
};

/** Why a move is refused: i18n keys under `parcours.missing.*` and `parcours.refused.*`. */
export type MissingRequirement =
  | 'identity'
  | 'consent'
  | 'releaseDate'
  | 'diagnostic'
  | 'lifeProjectAction'
  | 'lifeProjectValidated'
  | 'approvedIncomeProject'
  | 'signedHandover';

export type MoveRefusal =
  | { readonly kind: 'missing'; readonly requirements: readonly MissingRequirement[] }
  | { readonly kind: 'notAllowed' }
  | { readonly kind: 'commentRequired' }
  | { readonly kind: 'closureReasonRequired' };

export type StageMove =
  | { readonly kind: 'forward'; readonly to: Stage }
  | { readonly kind: 'back'; readonly to: Stage; readonly comment: string }
  | { readonly kind: 'close'; readonly reason: ClosureReason | null; readonly comment: string }
  | { readonly kind: 'reopen'; readonly to: Stage; readonly comment: string };

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (stages as readonly string[]).includes(value);
}

/** Where a stored file stands: its `stage`, *accueil* for records saved before stages existed. */
export function currentStage(record: { readonly stage?: string | undefined }): Stage {
  return isStage(record.stage) ? record.stage : 'accueil';
}

/**
 * The stage after `stage` for this file: `remise` is skipped when the orientation is not an
 * income-generating project. Null for the last open stage and for a closed file.
 */
export function nextStage(stage: Stage, orientation: Orientation | null): OpenStage | null {
  switch (stage) {
    case 'accueil':
      return 'diagnostic';
    case 'diagnostic':
      return 'projetDeVie';
    case 'projetDeVie':
      return 'validation';
    case 'validation':
      return 'miseEnOeuvre';
    case 'miseEnOeuvre':
      return orientation === 'agr' || orientation === null ? 'remise' : 'suivi';
    case 'remise':
      return 'suivi';
    case 'suivi':
    case 'cloture':
      return null;
  }
}

/** The stage before `stage` (the inverse of `nextStage` for this file); null at the start. */
export function previousStage(stage: OpenStage, orientation: Orientation | null): OpenStage | null {
  const open = stages.filter((candidate): candidate is OpenStage => candidate !== 'cloture');
  for (const candidate of open) if (nextStage(candidate, orientation) === stage) return candidate;
  return null;
}

/** What must be true of the file to enter `stage` going forward. */
export function requirementsToEnter(stage: Stage, facts: FileFacts): MissingRequirement[] {
  const missing: MissingRequirement[] = [];
  const need = (isMet: boolean, requirement: MissingRequirement) => {
    if (!isMet) missing.push(requirement);
  };
  // Each stage needs what the earlier ones needed (a file cannot reach *validation* without
  // consent because its consent was withdrawn after *accueil*: the rules are re-checked).
  const order = stages.indexOf(stage);
  if (order >= stages.indexOf('diagnostic')) {
    need(facts.hasIdentity, 'identity');
    need(facts.hasConsent, 'consent');
    need(facts.hasReleaseDate, 'releaseDate');
  }
  if (order >= stages.indexOf('projetDeVie')) need(facts.diagnosticOrientation !== null, 'diagnostic');
  if (order >= stages.indexOf('validation')) need(facts.hasLifeProjectWithAction, 'lifeProjectAction');
  if (order >= stages.indexOf('miseEnOeuvre')) need(facts.isLifeProjectValidated, 'lifeProjectValidated');
  const isIncomeProject = facts.diagnosticOrientation === 'agr';
  if (stage === 'remise') need(facts.hasApprovedIncomeProject, 'approvedIncomeProject');
  if (stage === 'suivi' && isIncomeProject) {
    need(facts.hasApprovedIncomeProject, 'approvedIncomeProject');
    need(facts.hasSignedHandover, 'signedHandover');
  }
  return missing;
}

/**
 * Checks one move from `current` (and, for a closed file, the stage it was closed from).
 * Returns null when the move is allowed, else why not. Comments are trimmed before checking.
 */
export function checkMove(
  current: Stage,
  move: StageMove,
  facts: FileFacts,
  closedFrom: OpenStage | null = null,
): MoveRefusal | null {
  const hasComment = 'comment' in move && move.comment.trim().length > 0;
  switch (move.kind) {
    case 'forward': {
      if (current === 'cloture' || nextStage(current, facts.diagnosticOrientation) !== move.to)
        return { kind: 'notAllowed' };
      const missing = requirementsToEnter(move.to, facts);
      return missing.length > 0 ? { kind: 'missing', requirements: missing } : null;
    }
    case 'back':
      if (current === 'cloture' || previousStage(current, facts.diagnosticOrientation) !== move.to)
        return { kind: 'notAllowed' };
      return hasComment ? null : { kind: 'commentRequired' };
    case 'close':
      if (current === 'cloture') return { kind: 'notAllowed' };
      if (move.reason === null) return { kind: 'closureReasonRequired' };
      // A transfer names where the person goes; the other reasons speak for themselves.
      if (move.reason === 'transfert' && !hasComment) return { kind: 'commentRequired' };
      return null;
    case 'reopen':
      if (current !== 'cloture' || closedFrom === null || move.to !== closedFrom) return { kind: 'notAllowed' };
      return hasComment ? null : { kind: 'commentRequired' };
  }
}

/** The stage a move leads to. */
export function stageAfter(move: StageMove): Stage {
  return move.kind === 'close' ? 'cloture' : move.to;
}
