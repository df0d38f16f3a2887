import type { Beneficiary, BeneficiaryDraft } from '../../shared/beneficiary/beneficiary';
import { newId } from '../../shared/ids/uuidv7';
import type { MasarDatabase } from './database';

/**
 * Reads and writes beneficiaries. Screens use this (through hooks), never Dexie. The draft is
 * already parsed by the form's schema: the repository trusts it and adds identity and stamps.
 */
export type BeneficiaryRepository = {
  /** `centreId`: the centre that follows the person (the row's sync scope). */
  create(draft: BeneficiaryDraft, centreId: string): Promise<Beneficiary>;
  get(id: string): Promise<Beneficiary | undefined>;
  /** Most recently created first. */
  list(): Promise<Beneficiary[]>;
  count(): Promise<number>;
};

export function createBeneficiaryRepository(
  db: MasarDatabase,
  now: () => Date = () => new Date(),
): BeneficiaryRepository {
  return {
    async create(draft, centreId) {
      const stamp = now().toISOString();
      const beneficiary: Beneficiary = { id: newId(), ...draft, centreId, createdAt: stamp, updatedAt: stamp };
      await db.transaction('rw', db.beneficiaries, async () => {
        await db.beneficiaries.add(beneficiary);
      });
      return beneficiary;
    },
    get: (id) => db.beneficiaries.get(id),
    list: () => db.beneficiaries.orderBy('createdAt').reverse().toArray(),
    count: () => db.beneficiaries.count(),
  };
}
