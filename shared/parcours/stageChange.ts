import { z } from 'zod';
import { closureReasons, stages, type OpenStage } from './parcours';

/**
 * One move of a file in the parcours (the history: who, when, from, to, comment, reason). Rows
 * are written once and never changed: the file's current stage is the beneficiary's `stage`,
 * written in the same transaction. The admission itself is the beneficiary's creation (`createdAt`, `followedByName`).
 */
export const stageMoveKinds = ['forward', 'back', 'close', 'reopen'] as const;

export const stageChangeSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  kind: z.enum(stageMoveKinds),
  from: z.enum(stages),
  to: z.enum(stages),
  /** The closure reason on a closing move, else ''. */
  reason: z.union([z.literal(''), z.enum(closureReasons)]),
  comment: z.string().max(1000, 'errors.tooLong'),
  /** Who moved it: the user's id and display name at that time. */
  byUserId: z.string().max(64),
  byName: z.string().max(120),
  /** ISO 8601 instant of the PC clock: display only (the order of moves is this + id). */
  at: z.string().max(40),
});
export type StageChange = z.infer<typeof stageChangeSchema>;

/** The last closing move of a history (oldest first), if any. */
export function lastClosing(history: readonly StageChange[]): StageChange | undefined {
  return history.filter((change) => change.to === 'cloture').at(-1);
}

/** The stage a file was closed from (where reopening leads), or null if it never was. */
export function closedFromOf(history: readonly StageChange[]): OpenStage | null {
  const from = lastClosing(history)?.from;
  return from === undefined || from === 'cloture' ? null : from;
}
