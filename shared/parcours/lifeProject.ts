import { z } from 'zod';
import { isCalendarDate } from '../dates/calendarDate';
import { dayOfLife } from './diagnostic';

/**
 * *Projet de vie individuel*, built with the person after release: personal, professional and
 * social objectives (one record per beneficiary, its id the beneficiary's), and concrete actions,
 * each a record of its own (deadline, who does it — a person or a partner —, status), so that two
 * counsellors adding actions offline both keep theirs.
 */
export const lifeProjectSchema = z.object({
  id: z.uuid(),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  personalObjectives: z.string(),
  professionalObjectives: z.string(),
  socialObjectives: z.string(),
  /** Validation of the project (*validation*): the day, and by whom (person or committee). */
  validatedOn: z.string(),
  validatedBy: z.string(),
  updatedAt: z.string().max(40),
});
export type LifeProject = z.infer<typeof lifeProjectSchema>;

export const actionStatuses = ['prevue', 'enCours', 'realisee', 'abandonnee'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const lifeProjectActionSchema = z.object({
  id: z.uuid({ version: 'v7' }),
  centreId: z.string(),
  beneficiaryId: z.uuid(),
  description: z.string(),
  /** YYYY-MM-DD. */
  deadline: z.string(),
  /** Who does it: a person or a partner, by name. */
  responsible: z.string(),
  status: z.enum(actionStatuses),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type LifeProjectAction = z.infer<typeof lifeProjectActionSchema>;

const text = (max: number) =>
  z
    .string()
    .transform((value) => value.trim())
    .pipe(z.string().max(max, 'errors.tooLong'));

export const lifeProjectFields = {
  personalObjectives: text(4000),
  professionalObjectives: text(4000),
  socialObjectives: text(4000),
  validatedOn: z.string(),
  validatedBy: text(120),
};

export const lifeProjectActionFields = {
  description: text(500).pipe(z.string().min(1, 'errors.required')),
  deadline: z.string().min(1, 'errors.required'),
  responsible: text(120).pipe(z.string().min(1, 'errors.required')),
  status: z.enum(actionStatuses),
};

export function hasObjective(project: LifeProject | undefined): boolean {
  return (
    project !== undefined &&
    [project.personalObjectives, project.professionalObjectives, project.socialObjectives].some(
      (objective) => objective.trim() !== '',
    )
  );
}

/** An action still to do whose deadline has passed. */
export function isOverdue(action: LifeProjectAction, today: string): boolean {
  return (
    (action.status === 'prevue' || action.status === 'enCours') && action.deadline !== '' && action.deadline < today
  );
}

/**
 * The objectives form; the validation is all of date and by whom, or nothing, its date a real day
 * between birth (when known) and today.
 */
export function lifeProjectDraftSchema(today: string, dateOfBirth = '') {
  return z
    .object({ ...lifeProjectFields, validatedOn: dayOfLife(today, dateOfBirth) })
    .superRefine((draft, context) => {
      if (draft.validatedOn !== '' && draft.validatedBy === '')
        context.addIssue({ code: 'custom', path: ['validatedBy'], message: 'errors.required' });
      if (draft.validatedOn === '' && draft.validatedBy !== '')
        context.addIssue({ code: 'custom', path: ['validatedOn'], message: 'errors.required' });
    });
}
export type LifeProjectDraftInput = z.input<ReturnType<typeof lifeProjectDraftSchema>>;
export type LifeProjectDraft = z.output<ReturnType<typeof lifeProjectDraftSchema>>;

export const emptyLifeProjectDraft: LifeProjectDraftInput = {
  personalObjectives: '',
  professionalObjectives: '',
  socialObjectives: '',
  validatedOn: '',
  validatedBy: '',
};

/** One action as the form takes it: a description, a real deadline, who does it. */
export const actionDraftSchema = z.object({
  ...lifeProjectActionFields,
  deadline: z.string().min(1, { error: 'errors.required', abort: true }).refine(isCalendarDate, 'errors.invalidDate'),
});
export type ActionDraftInput = z.input<typeof actionDraftSchema>;
export type ActionDraft = z.output<typeof actionDraftSchema>;

export const emptyActionDraft: ActionDraftInput = { description: '', deadline: '', responsible: '', status: 'prevue' };
