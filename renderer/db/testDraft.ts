import { beneficiarySync } from '../../shared/sync/entities';
import {
  beneficiaryDraftSchema,
  type BeneficiaryDraft,
  type BeneficiaryDraftInput,
} from '../../shared/beneficiary/beneficiary';

/** Tests only: a valid *Nouveau bénéficiaire* draft, parsed by the form's schema as of `now`. */
export function testDraft(now: number, overrides: Partial<BeneficiaryDraftInput> = {}): BeneficiaryDraft {
  return beneficiaryDraftSchema(now).parse({
    lastNameLatin: 'El Amrani',
    firstNameLatin: 'Mohamed',
    lastNameArabic: 'العمراني',
    firstNameArabic: 'محمد',
    sex: 'M',
    dateOfBirth: '1990-04-12',
    cin: 'be 123456',
    phone: '',
    phoneOther: '',
    prefectureCode: 'CS-CASABLANCA',
    districtCode: '',
    arrondissementCode: '',
    addressLine: '',
    ...overrides,
  });
}

/** Tests only: the ops a new beneficiary makes, one per synced field (all of them are set). */
export const opsPerNewBeneficiary = Object.keys(beneficiarySync.fields).length;
