import type { Beneficiary, BeneficiaryDraft } from '../../shared/beneficiary/beneficiary';
import type { DuplicateDecision } from '../../shared/beneficiary/duplicateDecision';
import { newId } from '../../shared/ids/uuidv7';
import type { MasarDatabase } from './database';

/**
 * Reads and writes beneficiaries. Screens use this (through hooks), never Dexie. The draft is
 * already parsed by the form's schema: the repository trusts it and adds identity and stamps.
 */
export type BeneficiaryRepository = {
  /**
   * `centreId`: the centre that follows the person (the row's sync scope). `decisions`: what the
   * counsellor decided about the possible duplicates shown before saving, saved with the person
   * in the same transaction.
   */
  create(
    draft: BeneficiaryDraft,
    centreId: string,
    decisions?: readonly DuplicateDecisionDraft[],
  ): Promise<Beneficiary>;
  /** The decisions taken when these people were saved, or about them. */
  decisionsAbout(beneficiaryId: string): Promise<DuplicateDecision[]>;
  /** Several at once, in one transaction: all saved or none (an import, the demo data). */
  createMany(drafts: readonly BeneficiaryDraft[], centreId: string): Promise<Beneficiary[]>;
  /** Changes some fields of a stored beneficiary (parsed by the form's schema); false if absent. */
  update(id: string, changes: Partial<BeneficiaryDraft>): Promise<boolean>;
  get(id: string): Promise<Beneficiary | undefined>;
  /** Most recently created first. */
  list(): Promise<Beneficiary[]>;
  count(): Promise<number>;
};

export type DuplicateDecisionDraft = Pick<DuplicateDecision, 'otherBeneficiaryId' | 'decision' | 'reasons'>;

export function createBeneficiaryRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
): BeneficiaryRepository {
  return {
    async create(draft, centreId, decisions = []) {
      const stamp = now().toISOString();
      const beneficiary: Beneficiary = { id: newId(), ...draft, centreId, createdAt: stamp, updatedAt: stamp };
      const decisionRows = decisions.map((decision): DuplicateDecision => ({
        id: newId(),
        centreId,
        beneficiaryId: beneficiary.id,
        ...decision,
        reasons: [...decision.reasons],
        decidedAt: stamp,
      }));
      await db.transaction('rw', db.beneficiaries, db.duplicateDecisions, async () => {
        await db.beneficiaries.add(beneficiary);
        if (decisionRows.length > 0) await db.duplicateDecisions.bulkAdd(decisionRows);
      });
      return beneficiary;
    },
    async decisionsAbout(beneficiaryId) {
      const [saved, pointedAt] = await Promise.all([
        db.duplicateDecisions.where('beneficiaryId').equals(beneficiaryId).toArray(),
        db.duplicateDecisions.where('otherBeneficiaryId').equals(beneficiaryId).toArray(),
      ]);
      return [...saved, ...pointedAt];
    },
    async createMany(drafts, centreId) {
      const stamp = now().toISOString();
      const created = drafts.map((draft): Beneficiary => ({
        id: newId(),
        ...draft,
        centreId,
        createdAt: stamp,
        updatedAt: stamp,
      }));
      await db.transaction('rw', db.beneficiaries, async () => {
        await db.beneficiaries.bulkAdd(created);
      });
      return created;
    },
    async update(id, changes) {
      const updatedAt = now().toISOString();
      return db.transaction('rw', db.beneficiaries, async () => {
        const count = await db.beneficiaries.update(id, { ...changes, updatedAt });
        return count > 0;
      });
    },
    get: (id) => db.beneficiaries.get(id),
    list: () => db.beneficiaries.orderBy('createdAt').reverse().toArray(),
    count: () => db.beneficiaries.count(),
  };
}
