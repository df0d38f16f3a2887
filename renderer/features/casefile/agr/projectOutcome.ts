import type { SaveOutcome } from '../../../ui/sectionParts';
import type { ProjectWrite } from '../../../db/incomeProjectRepository';

/** A project write's answer as the forms take it: a refusal says why, in the user's language. */
export function projectOutcome(result: ProjectWrite<unknown>): SaveOutcome {
  if (result.ok) return true;
  return result.error === 'notFound' ? false : { refusal: `agr.writeRefused.${result.error}` };
}
