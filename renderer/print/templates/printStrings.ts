/**
 * The words of the printed documents (procès-verbal de remise, ceremony summary sheet), in French
 * and Arabic. They live here and not in renderer/i18n because a document is not the screen: the PV
 * prints both languages at once, whatever the user's language, and its wording is an
 * administrative text that changes with the Fondation's forms, not with the UI. Domain terms
 * already translated for the screens (sectors, handover statuses, equipment columns) are taken
 * from agr.fr.ts / agr.ar.ts so that one concept keeps one word (docs/glossary.md).
 *
 * Sentences with numbers are functions: French and Arabic do not agree nouns with numbers the
 * same way (Arabic has a dual, and 3–10 and 11–99 call for different noun forms).
 */
import { agrAr } from '../../i18n/agr.ar';
import { agrFr } from '../../i18n/agr.fr';

const frenchPlural = new Intl.PluralRules('fr');
/** "1 femme", "0 femme", "2 femmes": French counts 0 and 1 in the singular. */
const frenchCount = (count: number, singular: string, plural: string) =>
  `${count} ${frenchPlural.select(count) === 'one' ? singular : plural}`;

const arabicPlural = new Intl.PluralRules('ar');
/**
 * "N beneficiaries" after a preposition (لفائدة), in the genitive: 1 → مستفيد واحد, 2 → the dual
 * (مستفيدين اثنين), 3–10 → genitive plural (مستفيدين), 11–99 → accusative singular (مستفيدا),
 * 100, 101, 102… → genitive singular (مستفيد). `Intl.PluralRules('ar')` gives exactly these classes
 * from the last two digits (zero, one, two, few, many, other).
 */
function arabicBeneficiaries(count: number): string {
  switch (arabicPlural.select(count)) {
    case 'one':
      return 'مستفيد واحد';
    case 'two':
      return 'مستفيدين اثنين';
    case 'few':
      return `${count} مستفيدين`;
    case 'many':
      return `${count} مستفيدا`;
    default:
      return `${count} مستفيد`;
  }
}

export const printStringsFr = {
  fondation: 'Fondation Mohammed VI pour la Réinsertion des Détenus',
  indh: 'Initiative nationale pour le développement humain (INDH)',
  indhShort: 'INDH',
  sector: agrFr.sector,
  handoverStatus: agrFr.handoverStatus,
  notGiven: 'Non renseigné',
  prefectureNotGiven: 'Non renseignée',
  prefectureKind: { prefecture: 'préfecture', province: 'province', district: 'préfecture d’arrondissements' },
  ceremony: {
    date: 'Date de la cérémonie',
    place: 'Lieu',
    prefecture: 'Préfecture / province',
    presidingAuthority: 'Sous la présidence de',
    partners: 'Partenaires présents',
  },
  receipt: {
    title: 'Procès-verbal de remise d’équipements',
    beneficiary: 'Bénéficiaire',
    cin: 'N° CIN / CNIE',
    project: agrFr.fields.title,
    intro: 'Les équipements et matériels suivants ont été remis au bénéficiaire désigné ci-dessus :',
    number: 'N°',
    designation: agrFr.equipment.designation,
    quantity: 'Qté',
    unitPrice: agrFr.equipment.unitPrice,
    amount: agrFr.equipment.lineTotal,
    serialNumber: agrFr.equipment.serialNumber,
    status: 'Statut',
    missingReason: 'Motif',
    replacement: 'Remplacé par',
    totalHandedOver: 'Valeur totale des équipements remis',
    totalPlanned: 'Valeur prévue, équipements manquants compris',
    notCounted: 'Équipement manquant : non compté dans la valeur remise.',
    inWords: 'Soit, en toutes lettres',
    beneficiarySignature: 'Signature du bénéficiaire',
    counsellorSignature: 'Signature du conseiller / de la conseillère',
    signedOn: 'Signé le',
    signatureKind: {
      drawn: 'Signature tracée à l’écran',
      scanned: 'Procès-verbal papier signé, numérisé',
    },
    version: (version: number) => `Version ${version}`,
    replaces: (previous: number) => `remplace la version ${previous}`,
    reason: 'motif',
    reference: 'PV n°',
    signedAt: 'signé le',
    moroccoTime: 'heure du Maroc',
  },
  summary: {
    title: 'Cérémonie de remise d’équipements',
    subtitle: 'Fiche récapitulative',
    lead: {
      start: 'Équipements et matériels d’une valeur totale de',
      currency: 'dirhams',
      beneficiaries: (count: number) => `au profit de ${frenchCount(count, 'bénéficiaire', 'bénéficiaires')}`,
    },
    beneficiaries: 'Nombre de bénéficiaires',
    women: (count: number) => frenchCount(count, 'femme', 'femmes'),
    men: (count: number) => frenchCount(count, 'homme', 'hommes'),
    totalValue: 'Valeur totale',
    bySector: 'Répartition par secteur',
    byPrefecture: 'Répartition par préfecture d’arrondissements, préfecture ou province',
    sector: agrFr.fields.sector,
    prefecture: 'Préfecture / province',
    count: 'Bénéficiaires',
    value: 'Valeur (DH)',
    total: 'Total',
    list: 'Liste des bénéficiaires',
    name: 'Nom et prénom',
    project: 'Projet',
    receipt: 'PV de remise',
    signed: 'Signé',
    signedVersion: (version: number) => `Signé (version ${version})`,
    notSigned: 'Non signé',
    signedCount: (signed: number, total: number) =>
      `Procès-verbaux signés : ${signed} sur ${total}. Pour un PV non signé, la valeur indiquée est la valeur prévue.`,
  },
};

export type PrintStrings = typeof printStringsFr;

export const printStringsAr = {
  fondation: 'مؤسسة محمد السادس لإعادة إدماج السجناء',
  indh: 'المبادرة الوطنية للتنمية البشرية',
  indhShort: 'المبادرة الوطنية للتنمية البشرية',
  sector: agrAr.sector,
  handoverStatus: agrAr.handoverStatus,
  notGiven: 'غير محدد',
  prefectureNotGiven: 'غير محددة',
  prefectureKind: { prefecture: 'عمالة', province: 'إقليم', district: 'عمالة مقاطعات' },
  ceremony: {
    date: 'تاريخ الحفل',
    place: 'المكان',
    prefecture: 'العمالة / الإقليم',
    presidingAuthority: 'تحت رئاسة',
    partners: 'الشركاء الحاضرون',
  },
  receipt: {
    title: 'محضر تسليم المعدات والتجهيزات',
    beneficiary: 'المستفيد(ة)',
    cin: 'رقم البطاقة الوطنية',
    project: agrAr.fields.title,
    intro: 'سُلِّمت للمستفيد(ة) المذكور(ة) أعلاه المعدات والتجهيزات التالية:',
    // ر.ت (رقم ترتيبي): the order number of a row, as Moroccan tables head it.
    number: 'ر.ت',
    designation: agrAr.equipment.designation,
    quantity: agrAr.equipment.quantity,
    unitPrice: agrAr.equipment.unitPrice,
    amount: agrAr.equipment.lineTotal,
    serialNumber: agrAr.equipment.serialNumber,
    status: 'الحالة',
    missingReason: 'السبب',
    replacement: 'البديل',
    totalHandedOver: 'القيمة الإجمالية للمعدات المسلَّمة',
    totalPlanned: 'القيمة المبرمجة، بما فيها المعدات الناقصة',
    notCounted: 'معدات ناقصة: لا تُحتسب في القيمة المسلَّمة.',
    inWords: 'أي بالحروف',
    beneficiarySignature: 'توقيع المستفيد(ة)',
    counsellorSignature: 'توقيع المرشد(ة)',
    signedOn: 'وُقِّع بتاريخ',
    signatureKind: {
      drawn: 'توقيع مرسوم على الشاشة',
      scanned: 'محضر ورقي موقَّع، نسخة ممسوحة ضوئيا',
    },
    version: (version: number) => `النسخة ${version}`,
    replaces: (previous: number) => `تحل محل النسخة ${previous}`,
    reason: 'السبب',
    reference: 'رقم المحضر',
    signedAt: 'وُقِّع في',
    moroccoTime: 'بتوقيت المغرب',
  },
  summary: {
    title: 'حفل تسليم المعدات والتجهيزات',
    subtitle: 'بطاقة تركيبية',
    lead: {
      start: 'معدات وتجهيزات بقيمة إجمالية قدرها',
      currency: 'درهم',
      beneficiaries: (count: number) => `لفائدة ${arabicBeneficiaries(count)}`,
    },
    beneficiaries: 'عدد المستفيدين',
    // "النساء: 12" rather than "12 امرأة": a label and a figure agree with any number.
    women: (count: number) => `النساء: ${count}`,
    men: (count: number) => `الرجال: ${count}`,
    totalValue: 'القيمة الإجمالية',
    bySector: 'التوزيع حسب القطاع',
    byPrefecture: 'التوزيع حسب عمالة المقاطعات أو العمالة أو الإقليم',
    sector: agrAr.fields.sector,
    prefecture: 'العمالة / الإقليم',
    count: 'عدد المستفيدين',
    value: 'القيمة (درهم)',
    total: 'المجموع',
    list: 'لائحة المستفيدين',
    name: 'الاسم الكامل',
    project: 'المشروع',
    receipt: 'محضر التسليم',
    signed: 'موقع',
    signedVersion: (version: number) => `موقع (النسخة ${version})`,
    notSigned: 'غير موقع',
    signedCount: (signed: number, total: number) =>
      `المحاضر الموقعة: ${signed} من أصل ${total}. بالنسبة للمحضر غير الموقع، القيمة المبينة هي القيمة المبرمجة.`,
  },
} satisfies PrintStrings;

export const printStrings = { fr: printStringsFr, ar: printStringsAr } as const;
