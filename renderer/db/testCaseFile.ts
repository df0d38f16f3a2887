import { admissionOf, admissionSchema } from '../../shared/beneficiary/beneficiary';
import { diagnosticDraftSchema, emptyDiagnosticDraft } from '../../shared/parcours/diagnostic';
import { actionDraftSchema, emptyLifeProjectDraft, lifeProjectDraftSchema } from '../../shared/parcours/lifeProject';
import { stages, type Stage } from '../../shared/parcours/parcours';
import type { CaseFileRepository } from './caseFileRepository';

/**
 * Tests only: takes a file through the parcours as a counsellor does (the records each stage needs,
 * then the move, checked by the repository), up to `stage` — at most *mise en œuvre*: *remise*
 * needs an approved project, which the test makes. The orientation is an income-generating
 * project. `now` is the tests' clock (dates are days before it).
 */
export async function walkTo(
  caseFiles: CaseFileRepository,
  beneficiaryId: string,
  stage: Extract<Stage, 'diagnostic' | 'projetDeVie' | 'validation' | 'miseEnOeuvre'>,
  now: number,
): Promise<void> {
  const today = new Date(now).toISOString().slice(0, 10);
  const file = await caseFiles.load(beneficiaryId, false);
  if (!file) throw new Error('no such file');
  const saved = [
    await caseFiles.saveAdmission(
      beneficiaryId,
      admissionSchema(now, file.beneficiary.dateOfBirth).parse({
        ...admissionOf(file.beneficiary, file.admission),
        releaseDate: '2026-01-15',
        consentDate: '2026-01-20',
        consentPurpose: 'Accompagnement post-carcéral',
        consentCollectedBy: 'Nadia Berrada',
      }),
    ),
    await caseFiles.saveDiagnostic(
      beneficiaryId,
      diagnosticDraftSchema(today).parse({
        ...emptyDiagnosticDraft,
        professionalPath: 'Cuisinier',
        skills: 'Cuisine',
        constraints: 'Aucune',
        motivation: 'Forte',
        labourMarketFit: 'Restauration en demande',
        orientation: 'agr',
        diagnosticDate: '2026-02-01',
      }),
    ),
    await caseFiles.saveLifeProject(
      beneficiaryId,
      lifeProjectDraftSchema(today).parse({
        ...emptyLifeProjectDraft,
        professionalObjectives: 'Ouvrir un snack',
        validatedOn: '2026-03-01',
        validatedBy: 'Comité du centre',
      }),
    ),
    (await caseFiles.addAction(
      beneficiaryId,
      actionDraftSchema.parse({
        description: 'Trouver un local',
        deadline: '2026-04-01',
        responsible: 'Le bénéficiaire',
        status: 'prevue',
      }),
    )) !== undefined,
  ];
  if (saved.includes(false)) throw new Error('a record of the file was not saved');
  for (const to of stages.slice(1, stages.indexOf(stage) + 1)) {
    const moved = await caseFiles.move(beneficiaryId, { kind: 'forward', to });
    if (!moved.ok) throw new Error(`could not move to ${to}: ${JSON.stringify(moved.error)}`);
  }
}
