import type { Stage } from '../parcours/parcours';

/**
 * Where a file must stand in the parcours (shared/parcours/parcours.ts) for each step of its
 * income-generating project. The project itself may be drafted at any stage (the counsellor
 * prepares the equipment file early), but:
 *
 * - the committee's decision is recorded from *validation* on: before that the person has not
 *   even given consent, nor a life project that the project serves;
 * - a project is put on a ceremony's list, and its *procès-verbal de remise* signed, only while
 *   the file is at *mise en œuvre* or *remise*: the handover is the step between them and *suivi*.
 *
 * A correction of a signed PV is not a step of the parcours (the handover happened): it is open
 * whatever the stage. The repositories check these rules in the transaction that writes; the
 * screens use them to say why an action is not offered yet.
 */
export type ProjectStep = 'decision' | 'ceremonyList' | 'handover';

const openStages: Record<ProjectStep, readonly Stage[]> = {
  decision: ['validation', 'miseEnOeuvre', 'remise', 'suivi'],
  ceremonyList: ['miseEnOeuvre', 'remise'],
  handover: ['miseEnOeuvre', 'remise'],
};

/** The stages at which `step` is open, in the parcours' order. */
export function stagesOpenFor(step: ProjectStep): readonly Stage[] {
  return openStages[step];
}

export function isStepOpen(step: ProjectStep, stage: Stage): boolean {
  return openStages[step].includes(stage);
}
