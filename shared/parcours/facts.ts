import { hasConsent, type AdmissionRecord, type Beneficiary } from '../beneficiary/beneficiary';
import { completeOrientation, type Diagnostic } from './diagnostic';
import { hasObjective, type LifeProject, type LifeProjectAction } from './lifeProject';
import type { FileFacts } from './parcours';

/** What a file's records say, for the parcours rules (parcours.ts). */
export type FileRecords = {
  readonly beneficiary: Beneficiary;
  readonly admission?: AdmissionRecord | undefined;
  readonly diagnostic?: Diagnostic | undefined;
  readonly lifeProject?: LifeProject | undefined;
  readonly actions: readonly LifeProjectAction[];
};

export function fileFacts({ beneficiary, admission, diagnostic, lifeProject, actions }: FileRecords): FileFacts {
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
    // Income-generating projects and handovers come with their own records (issue 6).
    hasApprovedIncomeProject: false,
    hasSignedHandover: false,
  };
}
