import type { CasefileTranslation } from './casefile.types';

/** Arabic strings of the case file (see casefile.fr.ts); terms follow docs/glossary.md. */
export const casefileAr: CasefileTranslation = {
  stage: {
    accueil: 'الاستقبال',
    diagnostic: 'التشخيص والتأهيل',
    projetDeVie: 'مشروع الحياة',
    validation: 'المصادقة',
    miseEnOeuvre: 'التنفيذ',
    remise: 'التسليم',
    suivi: 'التتبع',
    cloture: 'مغلق',
  },
  closureReason: {
    reinsertionReussie: 'إعادة إدماج ناجحة',
    abandon: 'انقطاع',
    transfert: 'تحويل',
    reincarceration: 'العودة إلى السجن',
    deces: 'وفاة',
  },
  orientation: {
    agr: 'مشروع مدر للدخل',
    emploiSalarie: 'عمل مأجور',
    formationComplementaire: 'تكوين تكميلي',
  },
  actionStatus: {
    prevue: 'مبرمج',
    enCours: 'قيد الإنجاز',
    realisee: 'منجز',
    abandonnee: 'متخلى عنه',
  },
};
