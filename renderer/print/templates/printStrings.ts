/**
 * The words of the printed documents (procès-verbal de remise, ceremony summary sheet), in French
 * and Arabic. They live here and not in renderer/i18n because a document is not the screen: the PV
 * prints both languages at once, whatever the user's language, and its wording is an
 * administrative text that changes with the Fondation's forms, not with the UI. Domain terms
 * already translated for the screens (sectors, handover statuses, equipment columns) are taken
 * from agr.fr.ts / agr.ar.ts so that one concept keeps one word (docs/glossary.md).
 *
 * Sentences with numbers are functions. Those that count a noun ("au profit de 32 bénéficiaires",
 * "12 femmes") are i18next plural keys, resolved by i18next as the screens' are: French and Arabic
 * do not agree nouns with numbers the same way (French takes the singular for 0 and 1; Arabic has a
 * dual, and 3–10 and 11–99 call for different noun forms), and `tests/i18n/translations.test.ts`
 * holds these keys to the same rules as the screens'. A figure after a label ("version 2", "30 sur
 * 32") agrees with nothing and is written directly.
 */
import i18next from 'i18next';
import type { Language } from '../../../shared/i18n/language';
import { agrAr } from '../../i18n/agr.ar';
import { agrFr } from '../../i18n/agr.fr';
import { formatNumber } from '../../i18n/format';
import type { Widen } from '../../i18n/widen';

/** The counted sentences of the documents, in French: `_one` serves 0 and 1 ("0 femme"). */
export const printCountsFr = {
  beneficiariesFor_one: 'au profit de {{formatted}} bénéficiaire',
  beneficiariesFor_other: 'au profit de {{formatted}} bénéficiaires',
  women_one: '{{formatted}} femme',
  women_other: '{{formatted}} femmes',
  men_one: '{{formatted}} homme',
  men_other: '{{formatted}} hommes',
};

/** The same in Arabic, with its six forms (CLDR's classes from the last two digits of the number). */
export const printCountsAr: Widen<typeof printCountsFr> = {
  // After the preposition لفائدة, in the genitive: the dual مستفيدين اثنين, the genitive plural for
  // 3–10, the accusative singular for 11–99 (tamyiz), the genitive singular for 100, 101, 102…
  beneficiariesFor_zero: 'لفائدة {{formatted}} مستفيد',
  beneficiariesFor_one: 'لفائدة مستفيد واحد',
  beneficiariesFor_two: 'لفائدة مستفيدين اثنين',
  beneficiariesFor_few: 'لفائدة {{formatted}} مستفيدين',
  beneficiariesFor_many: 'لفائدة {{formatted}} مستفيدا',
  beneficiariesFor_other: 'لفائدة {{formatted}} مستفيد',
  women_zero: 'لا امرأة',
  women_one: 'امرأة واحدة',
  women_two: 'امرأتان',
  women_few: '{{formatted}} نساء',
  women_many: '{{formatted}} امرأة',
  women_other: '{{formatted}} امرأة',
  men_zero: 'لا رجل',
  men_one: 'رجل واحد',
  men_two: 'رجلان',
  men_few: '{{formatted}} رجال',
  men_many: '{{formatted}} رجلا',
  men_other: '{{formatted}} رجل',
};

type CountKey = {
  [K in keyof typeof printCountsFr]: K extends `${infer Base}_other` ? Base : never;
}[keyof typeof printCountsFr];

// An instance of its own: a document is printed in both languages at once, whatever the screen's
// language, and a missing Arabic form must show as a key, never fall back to French.
const counts = i18next.createInstance();
void counts.init({
  resources: { fr: { print: printCountsFr }, ar: { print: printCountsAr } },
  ns: 'print',
  defaultNS: 'print',
  lng: 'fr',
  fallbackLng: false,
  initAsync: false,
  // React escapes the text where the templates put it.
  interpolation: { escapeValue: false },
});

// Its keys are typed like the screens' (renderer/i18n/resources.ts), in a namespace of their own.
declare module 'i18next' {
  interface ResourceNamespaceMap {
    print: typeof printCountsFr;
  }
}

function counted(language: Language, key: CountKey, count: number): string {
  return counts.t(key, { ns: 'print', lng: language, count, formatted: formatNumber(count, language) });
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
      beneficiaries: (count: number) => counted('fr', 'beneficiariesFor', count),
    },
    beneficiaries: 'Nombre de bénéficiaires',
    women: (count: number) => counted('fr', 'women', count),
    men: (count: number) => counted('fr', 'men', count),
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
      beneficiaries: (count: number) => counted('ar', 'beneficiariesFor', count),
    },
    beneficiaries: 'عدد المستفيدين',
    women: (count: number) => counted('ar', 'women', count),
    men: (count: number) => counted('ar', 'men', count),
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
