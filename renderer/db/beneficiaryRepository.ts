import type { Role } from '../../shared/auth/roles';
import type { Beneficiary, BeneficiaryDraft } from '../../shared/beneficiary/beneficiary';
import type { DuplicateDecision } from '../../shared/beneficiary/duplicateDecision';
import { newId } from '../../shared/ids/uuidv7';
import type { MasarDatabase } from './tables';
import { takeFileNumbers } from './fileNumbers';

/**
 * Who writes: stamped on the records that say who did what (the file's counsellor, a move); the
 * role decides what they may write (shared/auth/fieldRoles.ts, the server's table too).
 */
export type Author = { readonly userId: string; readonly name: string; readonly role: Role };
export const unknownAuthor: Author = { userId: '', name: '', role: 'conseiller' };

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
  /**
   * Changes some fields of a stored beneficiary (parsed by the form's schema), with the decisions
   * taken on the possible duplicates shown, in one transaction; the record as saved, or undefined
   * when there is no such beneficiary (nothing written).
   */
  update(
    id: string,
    changes: Partial<BeneficiaryDraft>,
    decisions?: readonly DuplicateDecisionDraft[],
  ): Promise<Beneficiary | undefined>;
  get(id: string): Promise<Beneficiary | undefined>;
  /** Most recently created first. */
  list(): Promise<Beneficiary[]>;
  count(): Promise<number>;
};

export type DuplicateDecisionDraft = Pick<DuplicateDecision, 'otherBeneficiaryId' | 'decision' | 'reasons'>;

/** A new record: the draft, its number (given in the transaction), stage and counsellor. */
function newRecord(draft: BeneficiaryDraft, centreId: string, author: Author, stamp: string): Beneficiary {
  return {
    id: newId(),
    ...draft,
    fileNumber: '',
    formerFileNumbers: [],
    stage: 'accueil',
    followedById: author.userId,
    followedByName: author.name,
    centreId,
    createdAt: stamp,
    updatedAt: stamp,
  };
}

function decisionRow(
  decision: DuplicateDecisionDraft,
  beneficiaryId: string,
  centreId: string,
  stamp: string,
): DuplicateDecision {
  return { id: newId(), centreId, beneficiaryId, ...decision, reasons: [...decision.reasons], decidedAt: stamp };
}

export function createBeneficiaryRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
  author: Author = unknownAuthor,
): BeneficiaryRepository {
  return {
    async create(draft, centreId, decisions = []) {
      const stamp = now().toISOString();
      const beneficiary = newRecord(draft, centreId, author, stamp);
      const decisionRows = decisions.map((decision) => decisionRow(decision, beneficiary.id, centreId, stamp));
      await db.transaction('rw', db.beneficiaries, db.duplicateDecisions, db.syncMeta, db.centres, async () => {
        [beneficiary.fileNumber] = await takeFileNumbers(db, centreId, stamp, 1);
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
      const created = drafts.map((draft) => newRecord(draft, centreId, author, stamp));
      await db.transaction('rw', db.beneficiaries, db.syncMeta, db.centres, async () => {
        const numbers = await takeFileNumbers(db, centreId, stamp, created.length);
        created.forEach((beneficiary, position) => {
          beneficiary.fileNumber = numbers[position] ?? '';
        });
        await db.beneficiaries.bulkAdd(created);
      });
      return created;
    },
    async update(id, changes, decisions = []) {
      const updatedAt = now().toISOString();
      return db.transaction('rw', db.beneficiaries, db.duplicateDecisions, async () => {
        const stored = await db.beneficiaries.get(id);
        if (!stored) return undefined;
        // One put of the merged record (the change capture writes only the fields that differ).
        const saved: Beneficiary = Object.keys(changes).length > 0 ? { ...stored, ...changes, updatedAt } : stored;
        if (saved !== stored) await db.beneficiaries.put(saved);
        if (decisions.length > 0)
          await db.duplicateDecisions.bulkAdd(
            decisions.map((decision) => decisionRow(decision, id, stored.centreId, updatedAt)),
          );
        return saved;
      });
    },
    get: (id) => db.beneficiaries.get(id),
    list: () => db.beneficiaries.orderBy('createdAt').reverse().toArray(),
    count: () => db.beneficiaries.count(),
  };
}
