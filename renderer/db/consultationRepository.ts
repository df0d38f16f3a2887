import type { ConsultedPart } from '../../shared/audit/auditEvents';
import type { Consultation } from '../../shared/casefile/consultation';
import { newId } from '../../shared/ids/uuidv7';
import { unknownAuthor, type Author } from './beneficiaryRepository';
import type { MasarDatabase } from './tables';

/**
 * The consultations of judicial data (shared/casefile/consultation.ts): a row written once each
 * time a screen shows a person's judicial data to the signed-in user, captured and synced like any
 * record, then recorded by the server in its audit chain. The screens call it through
 * `useRecordConsultations`, which decides how often (once per person per opening of the screen).
 */
export type ConsultationRepository = {
  /**
   * Records that the user was shown `what` of this person, by the PC's clock. Resolves false (and
   * writes nothing) when the PC holds neither the person nor their detention record: with no centre
   * there is no scope to sync it in.
   */
  record(beneficiaryId: string, what: ConsultedPart): Promise<boolean>;
};

export function createConsultationRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
  author: Author = unknownAuthor,
): ConsultationRepository {
  return {
    record: (beneficiaryId, what) =>
      db.transaction('rw', db.beneficiaries, db.detentionRecords, db.consultations, async () => {
        const beneficiary = await db.beneficiaries.get(beneficiaryId);
        const centreId = beneficiary?.centreId ?? (await db.detentionRecords.get(beneficiaryId))?.centreId;
        if (centreId === undefined || centreId === '') return false;
        const consultation: Consultation = {
          id: newId(),
          centreId,
          beneficiaryId,
          userId: author.userId,
          what,
          viewedAt: now().toISOString(),
        };
        await db.consultations.add(consultation);
        return true;
      }),
  };
}
