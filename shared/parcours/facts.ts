import { hasConsent, type AdmissionRecord, type Beneficiary } from '../beneficiary/beneficiary';
import { completeOrientation, type Diagnostic } from './diagnostic';
import { hasObjective, type LifeProject, type LifeProjectAction } from './lifeProject';
import type { FileFacts } from './parcours';
import { isApproved, type IncomeProject } from '../agr/incomeProject';
import type { HandoverReceipt } from '../agr/ceremony';

/** What a file's records say, for the parcours rules (parcours.ts). */
export type FileRecords = {
  readonly beneficiary: Beneficiary;
  readonly admission?: AdmissionRecord | undefined;
  readonly diagnostic?: Diagnostic | undefined;
  readonly lifeProject?: LifeProject | undefined;
  readonly actions: readonly LifeProjectAction[];
  readonly incomeProjects?: readonly IncomeProject[] | undefined;
  readonly handoverReceipts?: readonly Pick<HandoverReceipt, 'projectId'>[] | undefined;
};

export function fileFacts({
  beneficiary,
  admission,
  diagnostic,
  lifeProject,
  actions,
  incomeProjects = [],
  handoverReceipts = [],
}: FileRecords): FileFacts {
  const hasName =
    (beneficiary.lastNameLatin.trim() !== '' && beneficiary.firstNameLatin.trim() !== '') ||
    (beneficiary.lastNameArabic.trim() !== '' && beneficiary.firstNameArabic.trim() !== '');
  const liveActions = actions.filter((action) => action.status !== 'abandonnee');
  return {
    hasIdentity: hasName && beneficiary.dateOfBirth !== '',
    hasConsent: hasConsent(admission),
    hasReleaseDate: (beneficiary.releaseDate ?? '') !== '',
    diagnosticOrientation: completeOrientation(diagnostic),
    hasLifeProjectWithAction:
      hasObjective(lifeProject) &&
      liveActions.some((action) => action.deadline !== '' && action.responsible.trim() !== ''),
    isLifeProjectValidated:
      lifeProject !== undefined && lifeProject.validatedOn !== '' && lifeProject.validatedBy.trim() !== '',
    hasApprovedIncomeProject: incomeProjects.some(isApproved),
    // A receipt of an approved project of this file (a correction keeps it signed).
    hasSignedHandover: handoverReceipts.some((receipt) =>
      incomeProjects.some((project) => project.id === receipt.projectId && isApproved(project)),
    ),
  };
}
